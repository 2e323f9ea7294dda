"""API tokens: shown once at creation, stored only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, bindparam, select, update
from sqlalchemy.engine import Engine

from policyhub.access.roles import Actor, Role
from policyhub.errors import InputError
from policyhub.storage import single_read

metadata = MetaData()

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # A token is 256 random bits, so a fast digest is enough: no dictionary to guess from.
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("role", String(32), nullable=False),
    Column("account", String(64)),
    Column("platform", String(32)),
    Column("label", String(200), nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)

PREFIX = "ph_"


def digest(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created token: the secret is only ever seen here."""

    id: int
    secret: str
    actor: Actor


Journal = Callable[[dict[str, Any]], Mapping[str, Any]]


_ACTOR_FOR = select(api_tokens.c.id, api_tokens.c.role, api_tokens.c.account, api_tokens.c.platform).where(
    api_tokens.c.token_sha256 == bindparam("sha"), api_tokens.c.revoked_at.is_(None)
)


class TokenStore:
    """Create, look up and revoke API tokens in the service database; each grant and revocation is journaled."""

    def __init__(self, engine: Engine, journal: Journal | None = None) -> None:
        self.engine = engine
        # The registry's `apply`: grants go into its hash-chained journal, and its audit holds this table to them.
        self.journal = journal

    def _record(self, command: dict[str, Any]) -> None:
        if self.journal is None:
            return
        result = self.journal(command)
        if not result.get("ok"):
            why = result.get("error")
            raise InputError(f"令牌变更未能记入日志 the journal refused the token change: {why}", "journal")

    def create(
        self, role: str, account: str | None = None, platform: str | None = None, label: str = ""
    ) -> IssuedToken:
        """Create a token for a role (scoped to an account or platform where the role needs one)."""
        try:
            actor = Actor(Role(role), account=account, platform=platform)
        except ValueError as exc:
            roles = ", ".join(r.value for r in Role)
            msg = str(exc) if "needs" in str(exc) else f"unknown role {role!r} (roles: {roles})"
            raise InputError(msg, "invalid_role") from None
        secret = PREFIX + secrets.token_urlsafe(32)
        with self.engine.begin() as conn:
            result = conn.execute(
                api_tokens.insert().values(
                    token_sha256=digest(secret),
                    role=actor.role.value,
                    account=account,
                    platform=platform,
                    label=label,
                    created_at=datetime.now(UTC),
                )
            )
            token_id = int(result.inserted_primary_key[0]) if result.inserted_primary_key else 0
        grant = {"op": "grant_token", "token": token_id, "role": actor.role.value, "sha256": digest(secret)}
        grant.update({k: v for k, v in (("account", account), ("platform", platform)) if v})
        try:
            self._record(grant)
        except Exception:
            with self.engine.begin() as conn:  # no token without its journal entry
                conn.execute(api_tokens.delete().where(api_tokens.c.id == token_id))
            raise
        return IssuedToken(token_id, secret, Actor(actor.role, actor.account, actor.platform, token_id))

    def actor_for(self, secret: str) -> Actor | None:
        """The actor a presented token stands for, or None when unknown or revoked."""
        # Every request reads this: one statement outside any transaction, so it never queues behind the
        # registry's writer for the database lock and costs no BEGIN or ROLLBACK.
        with single_read(self.engine) as conn:
            row = conn.execute(_ACTOR_FOR, {"sha": digest(secret)}).first()
        if row is None:
            return None
        return Actor(Role(row.role), account=row.account, platform=row.platform, token=int(row.id))

    def actor_by_id(self, token_id: int) -> Actor | None:
        """The actor of a live token by its id (a browser session names its token so), None once revoked."""
        query = select(api_tokens.c.role, api_tokens.c.account, api_tokens.c.platform).where(
            api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None)
        )
        with single_read(self.engine) as conn:
            row = conn.execute(query).first()
        if row is None:
            return None
        return Actor(Role(row.role), account=row.account, platform=row.platform, token=token_id)

    def revoke(self, token_id: int) -> bool:
        """Revoke a token by id; False when there was no such live token."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(api_tokens)
                .where(api_tokens.c.id == token_id, api_tokens.c.revoked_at.is_(None))
                .values(revoked_at=datetime.now(UTC))
            )
        if result.rowcount == 1:
            self._record({"op": "revoke_token", "token": token_id})
        return result.rowcount == 1
