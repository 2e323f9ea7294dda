"""Read side of the registry: state, holdings, verification (第二十七条) and lists for web pages."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import sqlalchemy as sa

from policyhub.errors import InputError, NotFound
from policyhub.storage import single_read

from .adapters import tables as t
from .adapters.uow import UnitOfWork
from .domain.codes import certificate_code, parse_code
from .domain.rules import Rules
from .labels import natural_key
from .validity import issued_bound, parse_as_of, status_at

STATUSES = ("live", "claimed", "expired", "revoked")

# The block holding a serial is the last block starting at or before it: one primary-key range lookup.
# Built once (verification is the hot public path; SQLAlchemy caches the compiled form).
_b, _p = t.blocks.c, t.projects.c
_START = sa.select(_b.serial_start).where(_b.serial_start <= sa.bindparam("serial")).order_by(_b.serial_start.desc())
_c = t.claims.c
_VERIFY = (
    sa.select(
        t.blocks,
        status_at().label("status_at"),
        _p.name.label("project_name"),
        _p.type,
        _p.province,
        _c.code.label("claim_code"),
        _c.beneficiary,
        _c.period,
    )
    .join(t.projects, _p.project == _b.project)
    .outerjoin(t.claims, _c.claim == _b.claim)
    .where(_b.serial_start == _START.limit(1).scalar_subquery())
)
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

    def state(self, as_of: AsOf = None) -> dict[str, Any]:
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
            out = {a: {"live": 0, "tradable": 0, "listed": 0, "claimed": 0, "expired": 0, "revoked": 0} for a in names}
            for holder, status, tradable, traded, is_listed, n in uow.conn.execute(q):
                acc = out.setdefault(
                    holder, {"live": 0, "tradable": 0, "listed": 0, "claimed": 0, "expired": 0, "revoked": 0}
                )
                acc[status] += int(n)
                if status == "live" and is_listed:
                    acc["listed"] += int(n)
                elif status == "live" and tradable and not traded:
                    acc["tradable"] += int(n)
        return {"accounts": out}

    def _block_json(self, r: Any) -> dict[str, Any]:
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

    def holdings(self, account: str, as_of: AsOf = None) -> list[dict[str, Any]]:
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

    def verify(self, code: str, as_of: AsOf = None) -> dict[str, Any]:
        """第二十七条: code → project name, type, province, production month, status, valid-until, tradable, traded.

        The status is judged on `as_of` (default: the registry's date); a code issued after `as_of` did not exist
        yet then (404 not_yet_issued). The record names the holder: `validity.public_view` is what anyone sees.
        """
        day = self.as_of(as_of)
        try:
            kind, number = parse_code(code, self.rules)
        except InputError as exc:
            if exc.code == "invalid_code" and self._claim_named(code):
                return self.claim_record(code)  # a caller-given claim name ("C1") verifies like its code
            raise
        if kind == "claim":
            return self.claim_record(code)
        with single_read(self.engine) as conn:  # each statement alone: no BEGIN/ROLLBACK around them
            blk = conn.execute(_VERIFY, {"serial": number, "as_of": day}).first()
            if blk is None or number >= blk.serial_end:
                raise NotFound(f"绿证编码不存在 no certificate {code}", "unknown_code")
            bound = issued_bound(conn, day, self.today())
        if bound is not None and number >= bound:
            raise NotFound(f"{code} 于 {day} 尚未核发 was not issued yet on {day}", "not_yet_issued")
        return {
            "code": self.code(number),
            "kind": "certificate",
            "project": blk.project,
            "project_name": blk.project_name,
            "project_type": blk.type,
            "project_type_name": self.rules.type_names[blk.type],
            "province": blk.province,
            "month": blk.month,
            "as_of": day,
            "status": blk.status_at,
            "valid_until": blk.valid_until,
            "tradable": bool(blk.tradable),
            "traded": bool(blk.traded),
            "holder": blk.holder,
            "claim": blk.claim,
            "claim_code": blk.claim_code,
            "beneficiary": blk.beneficiary,
            "period": blk.period,
            "block": {
                "first_code": self.code(blk.serial_start),
                "last_code": self.code(blk.serial_end - 1),
                "count": int(blk.serial_end - blk.serial_start),
            },
            "verify_reference": self.reference(self.code(blk.serial_start)),
        }

    def _claim_named(self, name: str) -> bool:
        with self._read() as uow:
            return uow.conn.execute(sa.select(t.claims.c.claim).where(t.claims.c.claim == name)).first() is not None

    def claim_record(self, code_or_name: str) -> dict[str, Any]:
        """A claim by its code or caller-given name: beneficiary, period, quantity and the cancelled ranges."""
        cl = t.claims.c
        with self._read() as uow:
            q = sa.select(t.claims).where(sa.or_(cl.code == code_or_name.strip().upper(), cl.claim == code_or_name))
            row = uow.conn.execute(q).first()
            if row is None:
                raise NotFound(f"消费声明不存在 no claim {code_or_name}", "unknown_claim")
            blocks = uow.conn.execute(
                sa.select(t.blocks).where(t.blocks.c.claim == row.claim).order_by(t.blocks.c.serial_start)
            )
            ranges = [self._block_json(r) for r in blocks]
        return {
            "code": row.code,
            "kind": "claim",
            "claim": row.claim,
            "account": row.account,
            "quantity": int(row.quantity),
            "beneficiary": row.beneficiary,
            "period": row.period,
            "at": row.at,
            "status": "claimed",
            "ranges": ranges,
            "verify_reference": self.reference(row.code),
        }

    def accounts(self) -> list[dict[str, Any]]:
        """All accounts (web list page)."""
        with self._read() as uow:
            rows = uow.conn.execute(sa.select(t.accounts)).all()
        return [_account_json(r) for r in sorted(rows, key=lambda r: natural_key(r.account))]

    def account(self, name: str) -> dict[str, Any]:
        """One account with its state counts."""
        with self._read() as uow:
            row = uow.conn.execute(sa.select(t.accounts).where(t.accounts.c.account == name)).first()
            m = t.mandates.c  # the platforms that may act for the account
            q = sa.select(m.platform).where(m.account == name).order_by(m.platform)
            mandates = list(uow.conn.execute(q).scalars())
        if row is None:
            raise NotFound(f"账户不存在 no account {name!r}", "unknown_account")
        return {**_account_json(row), **self.state()["accounts"].get(name, {}), "mandates": mandates}

    def projects(self, owner: str | None = None) -> list[dict[str, Any]]:
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

    def claims(self, account: str | None = None) -> list[dict[str, Any]]:
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
                    "at": r.at,
                }
                for r in uow.conn.execute(q)
            ]

    def journal(self, after: int = 0, limit: int = 100) -> list[dict[str, Any]]:
        """Journal entries after a sequence number (第三十条: 可追溯)."""
        j = t.journal.c
        q = sa.select(t.journal).where(j.seq > after).order_by(j.seq).limit(limit)
        with self._read() as uow:
            return [_entry_json(r) for r in uow.conn.execute(q)]

    def head(self) -> dict[str, Any]:
        """The journal's head: the anchor a published report carries (`audit --anchor SEQ:HASH` checks it)."""
        with self._read() as uow:
            row = uow.conn.execute(sa.select(t.meta.c.head_seq, t.meta.c.head_hash).where(t.meta.c.id == 1)).one()
        return {"seq": int(row.head_seq), "hash": str(row.head_hash)}


def _entry_json(r: Any) -> dict[str, Any]:
    """A journal entry; `actor` and `received` (inside the hashed command) are lifted out for readers."""
    command = json.loads(r.command)
    actor = command.get("actor") or {"role": "operator", "token": None, "account": None, "platform": None}
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


def _account_json(r: Any) -> dict[str, Any]:
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
