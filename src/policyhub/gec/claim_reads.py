"""Claims as other systems read them for accounting (第二十八条 衔接): each claim with its certificates by type.

A read only: an account's claims (for its holder, the operator, the regulator) or claims by code (their public
verification data, 第二十七条). `account` is left out of the code read: who claimed is not public.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NotRequired

import sqlalchemy as sa

from .adapters import tables as t
from .answers import ClaimFacts
from .queries import Queries

_c, _b, _p = t.claims.c, t.blocks.c, t.projects.c
_FIELDS = (_c.claim, _c.code, _c.account, _c.quantity, _c.beneficiary, _c.period, _c.purpose, _c.consumer_province,
           _c.site, _c.at, _c.number)  # fmt: skip
_TYPES = (
    sa.select(_b.claim, _p.type, sa.func.sum(_b.serial_end - _b.serial_start).label("n"))
    .join(t.projects, _p.project == _b.project)
    .group_by(_b.claim, _p.type)
)


class ClaimForAccounting(ClaimFacts):
    """A claim as accounting reads it (第二十八条): its public record, certificates per project type, and for the
    account's own read the claiming account."""

    types: dict[str, int]
    verify_reference: str
    account: NotRequired[str]


def _record(reader: Queries, row: Any, types: dict[str, int], public: bool) -> ClaimForAccounting:
    out: ClaimForAccounting = {
        "code": row.code, "claim": row.claim, "quantity": int(row.quantity), "beneficiary": row.beneficiary,
        "period": row.period, "purpose": row.purpose, "consumer_province": row.consumer_province, "site": row.site,
        "at": row.at, "types": types, "verify_reference": reader.reference(row.code),
    }  # fmt: skip
    return out if public else {**out, "account": row.account}


def _read(reader: Queries, where: Any, public: bool) -> list[ClaimForAccounting]:
    with reader._read() as uow:
        rows = uow.conn.execute(sa.select(*_FIELDS).where(where).order_by(_c.number)).all()
        names = [r.claim for r in rows]
        types: dict[str, dict[str, int]] = {}
        for chunk in range(0, len(names), 1000):  # bound parameters per statement, well inside both databases'
            q = _TYPES.where(_b.claim.in_(names[chunk : chunk + 1000]))
            for claim, kind, n in uow.conn.execute(q):
                types.setdefault(claim, {})[kind] = int(n)
    return [_record(reader, r, types.get(r.claim, {}), public) for r in rows]


def claims_of_account(reader: Queries, account: str) -> list[ClaimForAccounting]:
    """Every claim of an account, oldest first, with `account` (the caller checked that it may read the account)."""
    return _read(reader, _c.account == account, public=False)


def claims_by_codes(reader: Queries, codes: Sequence[str]) -> list[ClaimForAccounting]:
    """The claims with these codes (case-insensitive), in registry order; codes that name no claim are left out."""
    wanted = sorted({code.strip().upper() for code in codes})
    found: list[ClaimForAccounting] = []
    for chunk in range(0, len(wanted), 1000):
        found += _read(reader, _c.code.in_(wanted[chunk : chunk + 1000]), public=True)
    return found
