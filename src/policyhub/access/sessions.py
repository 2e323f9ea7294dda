"""Browser sessions: the cookie carries a random id; the database keeps its digest, who it acts for and until when."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Column, DateTime, Integer, String, Table, bindparam, delete, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from policyhub.access.roles import Actor, Role
from policyhub.access.tokens import TokenStore, digest, metadata
from policyhub.storage import single_read

web_sessions = Table(
    "web_sessions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sid_sha256", String(64), nullable=False, unique=True),  # never the id: a copied table signs no one in
    # Who the session acts for: the API token signed in with (read live, so revoking the token ends the session) ...
    Column("token_id", Integer),
    Column("firm_id", Integer),  # ... or the firm signed in with its credential (policyhub.firms)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False, index=True),
)

# Server secrets, made once per database so that every worker process signs alike (the CSRF key).
web_keys = Table(
    "web_keys",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("secret", String(128), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

PREFIX = "phs_"
LIFETIME = timedelta(hours=8)

_FIND = select(web_sessions.c.token_id, web_sessions.c.firm_id, web_sessions.c.expires_at).where(
    web_sessions.c.sid_sha256 == bindparam("sha"), web_sessions.c.expires_at > bindparam("now")
)


@dataclass(frozen=True)
class Session:
    """A live session: its digest (CSRF tokens are bound to it) and the actor it stands for."""

    digest: str
    actor: Actor


class SessionStore:
    """Start, find and end browser sessions on the service database."""

    def __init__(self, engine: Engine, tokens: TokenStore, lifetime: timedelta = LIFETIME) -> None:
        self.engine = engine
        self.tokens = tokens
        self.lifetime = lifetime
        self._key: bytes | None = None

    def start(self, actor: Actor) -> str:
        """A new session for a token's or a firm's actor; returns the id for the cookie (only its digest is kept)."""
        if actor.token is None and actor.firm is None:
            raise ValueError("a session acts for an API token or a firm")
        sid = PREFIX + secrets.token_urlsafe(32)
        now = datetime.now(UTC)
        with self.engine.begin() as conn:
            conn.execute(delete(web_sessions).where(web_sessions.c.expires_at <= now))  # the expired go as new come
            conn.execute(web_sessions.insert().values(
                sid_sha256=digest(sid), token_id=actor.token, firm_id=actor.firm if actor.token is None else None,
                created_at=now, expires_at=now + self.lifetime))  # fmt: skip
        return sid

    def find(self, sid: str) -> Session | None:
        """The live session with this id, or None (unknown, ended, expired, or its token revoked)."""
        if not sid.startswith(PREFIX) or len(sid) > 100:
            return None  # an old cookie holding an API token, or garbage: never looked up as a token
        sha = digest(sid)
        with single_read(self.engine) as conn:
            row = conn.execute(_FIND, {"sha": sha, "now": datetime.now(UTC)}).first()
        if row is None:
            return None
        if row.token_id is not None:
            actor = self.tokens.actor_by_id(int(row.token_id))
            return None if actor is None else Session(sha, actor)
        return Session(sha, Actor(Role.firm, firm=int(row.firm_id)))

    def end(self, sid: str) -> bool:
        """Delete the session (logout): its cookie no longer signs anyone in."""
        with self.engine.begin() as conn:
            result = conn.execute(delete(web_sessions).where(web_sessions.c.sid_sha256 == digest(sid)))
        return result.rowcount == 1

    def end_for_firm(self, firm: int) -> int:
        """End every session of a firm (its credential revoked); returns how many."""
        with self.engine.begin() as conn:
            return int(conn.execute(delete(web_sessions).where(web_sessions.c.firm_id == firm)).rowcount)

    def key(self) -> bytes:
        """The database's CSRF signing key, made on first use (a race between two workers keeps the first)."""
        if self._key is None:
            query = select(web_keys.c.secret).where(web_keys.c.name == "csrf")
            with self.engine.connect() as conn:
                found = conn.execute(query).scalar()
            if found is None:
                try:
                    with self.engine.begin() as conn:
                        conn.execute(web_keys.insert().values(name="csrf", secret=secrets.token_hex(32),
                                                              created_at=datetime.now(UTC)))  # fmt: skip
                except IntegrityError:
                    pass
                with self.engine.connect() as conn:
                    found = conn.execute(query).scalar_one()
            self._key = bytes.fromhex(str(found))
        return self._key
