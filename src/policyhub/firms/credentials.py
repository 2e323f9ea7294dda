"""A firm's credential: a secret shown once at sign-up, stored only as its SHA-256 digest (as API tokens are)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import cast

from sqlalchemy import Connection, bindparam, select, update

from policyhub.access.tokens import digest
from policyhub.errors import InputError
from policyhub.firms.answers import Firm
from policyhub.firms.identity import credit_code, firm_name
from policyhub.firms.schema import firm_credentials, firms
from policyhub.firms.sectors import sector_name
from policyhub.firms.store import FirmStore
from policyhub.storage import single_read

PREFIX = "phf_"  # tells a firm's secret from an API token (ph_) at the one sign-in form
TAKEN = (
    "该企业名称或统一社会信用代码已有档案，请联系运营方签发凭证 "
    "a firm with this name or credit code is already on file: the operator issues its credential"
)

_FIRM_FOR = select(firm_credentials.c.firm_id).where(
    firm_credentials.c.secret_sha256 == bindparam("sha"), firm_credentials.c.revoked_at.is_(None)
)


@dataclass(frozen=True)
class IssuedCredential:
    """A fresh credential: the secret is only ever seen here."""

    id: int
    secret: str
    firm: Firm


class FirmCredentials:
    """Sign firms up, issue and revoke their credentials, and tell which firm a presented secret stands for."""

    def __init__(self, store: FirmStore) -> None:
        self.store = store
        self.engine = store.engine

    def signup(self, name: str, code: str | None = None, sector: str | None = None) -> IssuedCredential:
        """A new firm with its first credential; a name or code already on file is refused (anyone may sign up)."""
        name = firm_name(name)
        code = credit_code(code) if code and code.strip() else None
        sector = sector_name(sector)
        c = firms.c
        taken = (c.name == name) | (c.credit_code == code) if code else c.name == name
        now = datetime.now(UTC)
        with self.engine.begin() as conn:  # check and create at once: two sign-ups of one name get one firm
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(742034)")  # SQLite's BEGIN IMMEDIATE does this
            if conn.execute(select(c.id).where(taken)).first() is not None:
                # Whoever saved the records first may not be this caller: the operator issues a credential for a
                # firm on file (`policyhub manage signup --firm …`), after checking who asks.
                raise InputError(TAKEN, "firm_exists")
            key = conn.execute(firms.insert().values(name=name, credit_code=code, sector=sector, created_at=now))
            assert key.inserted_primary_key is not None
            row = conn.execute(select(firms).where(c.id == key.inserted_primary_key[0])).mappings().one()
            firm = cast(Firm, dict(row))
            return self._issue(conn, firm)

    def issue(self, ref: str) -> IssuedCredential:
        """Another credential for a firm on file (the operator's tool: a lost secret, a firm saved before sign-up)."""
        firm = self.store.get(ref)
        with self.engine.begin() as conn:
            return self._issue(conn, firm)

    def _issue(self, conn: Connection, firm: Firm) -> IssuedCredential:
        secret = PREFIX + secrets.token_urlsafe(32)
        key = conn.execute(firm_credentials.insert().values(
            firm_id=int(firm["id"]), secret_sha256=digest(secret), created_at=datetime.now(UTC))
        ).inserted_primary_key  # fmt: skip
        return IssuedCredential(int(key[0]) if key else 0, secret, firm)

    def firm_for(self, secret: str) -> int | None:
        """The firm id a presented secret stands for, or None when unknown or revoked."""
        if not secret.startswith(PREFIX) or len(secret) > 100:
            return None
        with single_read(self.engine) as conn:
            found = conn.execute(_FIRM_FOR, {"sha": digest(secret)}).scalar()
        return None if found is None else int(found)

    def revoke(self, ref: str) -> tuple[Firm, int]:
        """Revoke every live credential of a firm; returns the firm and how many were revoked."""
        firm = self.store.get(ref)
        with self.engine.begin() as conn:
            result = conn.execute(update(firm_credentials).where(
                firm_credentials.c.firm_id == int(firm["id"]), firm_credentials.c.revoked_at.is_(None)
            ).values(revoked_at=datetime.now(UTC)))  # fmt: skip
        return firm, int(result.rowcount)
