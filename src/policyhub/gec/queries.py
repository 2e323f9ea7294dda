"""Read side of the registry: state, holdings, verification (第二十七条) and lists for web pages."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlalchemy as sa

from policyhub.errors import NotFound

from .adapters import tables as t
from .adapters.uow import UnitOfWork
from .answers import Account, AccountView, Actor, Block, ClaimRow, Entry, Head, Project, State, zero_counts
from .domain.codes import certificate_code
from .domain.rules import Rules
from .labels import natural_key
from .validity import issued_bound, parse_as_of, status_at

STATUSES = ("live", "claimed", "expired", "revoked")
_b = t.blocks.c
AsOf = str | date | None


class Queries:
    """Read-only queries; each runs in its own (deferred) transaction."""

    engine: sa.Engine
    rules: Rules
    public_url: str

    def reference(self, code: str) -> str:
        """The address a QR code and a statement carry for `code` (第二十七条: 通过扫描绿证二维码 … 获取)."""
        return self.public_url + self.rules.verify_path + code

    def _read(self) -> UnitOfWork:
        return UnitOfWork(self.engine, readonly=True)

    def today(self) -> str:
        raise NotImplementedError  # the registry's date (Registry.today)

    def as_of(self, day: AsOf = None) -> str:
        """The day a read is judged on (ISO): `day`, or the registry's date (Beijing); 400 invalid_as_of if bad."""
        return parse_as_of(day, self.today())

    def code(self, serial: int) -> str:
        """Printable code of a serial number."""
        return certificate_code(serial, self.rules)

    def state(self, as_of: AsOf = None) -> State:
        """Per account: live, tradable, listed, claimed, expired, revoked certificate counts on a day (default today).

        Past its last valid day a certificate counts as expired, whether `expire` has run or not.
        """
        b = t.blocks.c
        day, today = self.as_of(as_of), self.today()
        listed = b.listing.is_not(None)
        status = status_at()
        q = sa.select(
            b.holder, status, b.tradable, b.traded, listed.label("listed"), sa.func.sum(b.serial_end - b.serial_start)
        ).group_by(b.holder, status, b.tradable, b.traded, listed)
        with self._read() as uow:
            bound = issued_bound(uow.conn, day, today)
            if bound is not None:
                q = q.where(b.serial_start < bound)
            q = q.params(as_of=day)
            names = sorted(uow.conn.execute(sa.select(t.accounts.c.account)).scalars(), key=natural_key)
            out = {a: zero_counts() for a in names}
            for holder, status, tradable, traded, is_listed, n in uow.conn.execute(q):
                acc = out.setdefault(holder, zero_counts())
                acc[status] += int(n)  # type: ignore[literal-required]  # a status is one of Counts' keys
                if status == "live" and is_listed:
                    acc["listed"] += int(n)
                elif status == "live" and tradable and not traded:
                    acc["tradable"] += int(n)
        return {"accounts": out}

    def _block_json(self, r: Any) -> Block:
        return {
            "first_code": self.code(r.serial_start),
            "last_code": self.code(r.serial_end - 1),
            "count": int(r.serial_end - r.serial_start),
            "project": r.project,
            "month": r.month,
            "kind": r.kind,
            "tradable": bool(r.tradable),
            "traded": bool(r.traded),
            "status": getattr(r, "status_at", None) or r.status,
            "valid_until": r.valid_until,
            "listed": r.listing is not None,
            "claim": r.claim,
        }

    def holdings(self, account: str, as_of: AsOf = None) -> list[Block]:
        """Every block an account holds or held (any status, judged on `as_of`), in serial order."""
        day, today = self.as_of(as_of), self.today()
        with self._read() as uow:
            if uow.conn.execute(sa.select(t.accounts.c.account).where(t.accounts.c.account == account)).first() is None:
                raise NotFound(f"账户不存在 no account {account!r}", "unknown_account")
            q = sa.select(t.blocks, status_at().label("status_at")).where(_b.holder == account)
            bound = issued_bound(uow.conn, day, today)
            if bound is not None:
                q = q.where(_b.serial_start < bound)
            return [self._block_json(r) for r in uow.conn.execute(q.order_by(_b.serial_start), {"as_of": day})]

    def accounts(self) -> list[Account]:
        """All accounts (web list page)."""
        with self._read() as uow:
            rows = uow.conn.execute(sa.select(t.accounts)).all()
        return [_account_json(r) for r in sorted(rows, key=lambda r: natural_key(r.account))]

    def account(self, name: str) -> AccountView:
        """One account with its state counts."""
        with self._read() as uow:
            row = uow.conn.execute(sa.select(t.accounts).where(t.accounts.c.account == name)).first()
            m = t.mandates.c  # the platforms that may act for the account
            q = sa.select(m.platform).where(m.account == name).order_by(m.platform)
            mandates = list(uow.conn.execute(q).scalars())
        if row is None:
            raise NotFound(f"账户不存在 no account {name!r}", "unknown_account")
        # state() lists every account, this one too: it was read above.
        return {**_account_json(row), **self.state()["accounts"].get(name, zero_counts()), "mandates": mandates}

    def projects(self, owner: str | None = None) -> list[Project]:
        """Projects, optionally of one owner account."""
        q = sa.select(t.projects).order_by(t.projects.c.pid)
        if owner is not None:
            q = q.where(t.projects.c.owner == owner)
        with self._read() as uow:
            return [
                {
                    "project": r.project,
                    "owner": r.owner,
                    "name": r.name,
                    "type": r.type,
                    "province": r.province,
                    "capacity_kw": r.capacity_kw,
                    "commissioned": r.commissioned,
                    "fully_market": bool(r.fully_market),
                    "grid_tradable": bool(r.grid_tradable),
                    "carry_tradable_kwh": int(r.carry_t),
                    "carry_non_tradable_kwh": int(r.carry_n),
                }
                for r in uow.conn.execute(q)
            ]

    def claims(self, account: str | None = None) -> list[ClaimRow]:
        """Claim records, optionally of one account."""
        q = sa.select(t.claims).order_by(t.claims.c.number)
        if account is not None:
            q = q.where(t.claims.c.account == account)
        with self._read() as uow:
            return [
                {
                    "claim": r.claim,
                    "code": r.code,
                    "account": r.account,
                    "quantity": int(r.quantity),
                    "beneficiary": r.beneficiary,
                    "period": r.period,
                    "purpose": r.purpose,
                    "consumer_province": r.consumer_province,
                    "site": r.site,
                    "at": r.at,
                }
                for r in uow.conn.execute(q)
            ]

    def journal(self, after: int = 0, limit: int = 100) -> list[Entry]:
        """Journal entries after a sequence number (第三十条: 可追溯)."""
        j = t.journal.c
        q = sa.select(t.journal).where(j.seq > after).order_by(j.seq).limit(limit)
        with self._read() as uow:
            return [_entry_json(r) for r in uow.conn.execute(q)]

    def head(self) -> Head:
        """The journal's head: the anchor a published report carries (`audit --anchor SEQ:HASH` checks it)."""
        with self._read() as uow:
            row = uow.conn.execute(sa.select(t.meta.c.head_seq, t.meta.c.head_hash).where(t.meta.c.id == 1)).one()
        return {"seq": int(row.head_seq), "hash": str(row.head_hash)}


def _entry_json(r: Any) -> Entry:
    """A journal entry; `actor` and `received` (inside the hashed command) are lifted out for readers."""
    command = json.loads(r.command)
    found = command.get("actor")
    actor: Actor = found if found else {"role": "operator", "token": None, "account": None, "platform": None}
    return {
        "seq": r.seq,
        "at": r.at,
        "received": command.get("received", r.at),
        "op": r.op,
        "actor": actor,  # no actor: the operator's local tool (`gec apply`, the demo, imports)
        "command": command,
        "result": json.loads(r.result),
        "prev_hash": r.prev_hash,
        "hash": r.hash,
    }


def _account_json(r: Any) -> Account:
    return {
        "account": r.account,
        "kind": r.kind,
        "name": r.name,
        "id_doc": r.id_doc,
        "province": r.province,
        "gec_only_pledge": bool(r.pledge),
        "status": r.status,
        "frozen": bool(r.frozen),
        "freeze_reason": r.freeze_reason,
    }
