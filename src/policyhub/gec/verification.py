"""第二十七条 public verification: a certificate's or a claim's code (or a claim's name) → its record."""

from __future__ import annotations

from typing import Literal, TypedDict

import sqlalchemy as sa

from policyhub.errors import InputError, NotFound
from policyhub.storage import single_read

from .adapters import tables as t
from .answers import Block, ClaimFacts
from .domain.codes import parse_code
from .queries import AsOf, Queries
from .validity import issued_bound, status_at

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
        _c.purpose,
        _c.consumer_province,
        _c.site,
    )
    .join(t.projects, _p.project == _b.project)
    .outerjoin(t.claims, _c.claim == _b.claim)
    .where(_b.serial_start == _START.limit(1).scalar_subquery())
)


class Span(TypedDict):
    """The block a certificate is part of: its first and last codes and how many certificates it holds."""

    first_code: str
    last_code: str
    count: int


class CertificateRecord(TypedDict):
    """第二十七条: what a certificate's code verifies to, judged on `as_of`; the claim's fields once claimed."""

    code: str
    kind: Literal["certificate"]
    project: str
    project_name: str
    project_type: str
    project_type_name: str
    province: str
    month: str
    as_of: str
    status: str
    valid_until: str
    tradable: bool
    traded: bool
    holder: str
    claim: str | None
    claim_code: str | None
    beneficiary: str | None
    period: str | None
    purpose: str | None
    consumer_province: str | None
    site: str | None
    block: Span
    verify_reference: str


class ClaimRecord(ClaimFacts):
    """A claim's record (第二十四条): who benefits, the period, the quantity and the cancelled ranges."""

    kind: Literal["claim"]
    account: str
    status: Literal["claimed"]
    matched: Literal["code", "name"]
    ranges: list[Block]
    verify_reference: str


Verified = CertificateRecord | ClaimRecord


class Verification(Queries):
    """Verification by code, the registry's hot public read; the rest of the read side is Queries'."""

    def verify(self, code: str, as_of: AsOf = None) -> Verified:
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
            return self.claim_record(code)  # the claim with this code; a name only where no claim has it
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
            "purpose": blk.purpose,
            "consumer_province": blk.consumer_province,
            "site": blk.site,
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

    def claim_record(self, code_or_name: str) -> ClaimRecord:
        """A claim by its code, else by its caller-given name: beneficiary, period, quantity, the cancelled ranges.

        Codes first: a name that took the form of another claim's code (refused since, see domain/names.py) never
        answers for that claim. `matched` says which the record was found by.
        """
        cl = t.claims.c
        with self._read() as uow:
            matched: Literal["code", "name"] = "code"
            row = uow.conn.execute(sa.select(t.claims).where(cl.code == code_or_name.upper())).first()
            if row is None:
                matched = "name"
                row = uow.conn.execute(sa.select(t.claims).where(cl.claim == code_or_name)).first()
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
            "purpose": row.purpose,
            "consumer_province": row.consumer_province,
            "site": row.site,
            "at": row.at,
            "status": "claimed",
            "matched": matched,
            "ranges": ranges,
            "verify_reference": self.reference(row.code),
        }
