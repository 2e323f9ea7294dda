"""Validity at read time (第二十四条) and what public verification shows (第二十七条).

A certificate past its last valid day reads as `expired` in every view, whether or not `expire` has run yet:
the status is computed in SQL (`CASE WHEN status = 'live' AND valid_until < :as_of …`), judged on the registry's
date or on the day a read names (`as_of`). A read of a past day also leaves out the certificates not issued yet
on that day (serials are assigned in order, so that is one bound on the serial number).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from policyhub.errors import InputError

from .adapters import tables as t

_b, _i, _j = t.blocks.c, t.issuance.c, t.journal.c
_DAY = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

# What anyone may read about a certificate by its code; the holder is for the holder, operator and regulator.
PRIVATE_FIELDS = ("holder", "account")


def parse_as_of(value: str | date | None, today: str) -> str:
    """The day a read is judged on, ISO: `value` (YYYY-MM-DD) or the registry's date."""
    if value is None or value == "":
        return today
    if isinstance(value, date):
        return value.isoformat()
    try:
        if not _DAY.match(value):
            raise ValueError(value)
        return date.fromisoformat(value).isoformat()
    except ValueError:
        message = f"日期格式应为 YYYY-MM-DD `as_of` must be a day YYYY-MM-DD, got {value!r}"
        raise InputError(message, "invalid_as_of") from None


def status_at(param: str = "as_of") -> sa.ColumnElement[str]:
    """A block's status on the day bound to `param`: live past its last valid day reads as expired."""
    lapsed = sa.and_(_b.status == t.LIVE, _b.valid_until < sa.bindparam(param, type_=sa.String))
    return sa.case((lapsed, sa.literal("expired")), else_=_b.status)


def valid_at(param: str = "as_of") -> sa.ColumnElement[bool]:
    """Live and still valid on the day bound to `param`."""
    return sa.and_(_b.status == t.LIVE, _b.valid_until >= sa.bindparam(param, type_=sa.String))


def issued_bound(conn: sa.Connection, as_of: str, today: str) -> int | None:
    """The first serial not yet issued at the end of `as_of` (None when `as_of` is today or later: all were).

    Issuance and journal times are Beijing time (+08:00), so the ISO text compares in day order.
    """
    if as_of >= today:
        return None
    after = (date.fromisoformat(as_of) + timedelta(days=1)).isoformat()
    q = (
        sa.select(sa.func.coalesce(sa.func.max(_i.serial_start + _i.certs), 1))
        .select_from(t.issuance.join(t.journal, _j.seq == _i.entry))
        .where(_i.certs > 0, _j.at < after)
    )
    return int(conn.execute(q).scalar_one())


def public_view(record: Mapping[str, Any]) -> dict[str, object]:
    """A verification record without who holds (or claimed from) the certificate (第二十七条 public fields)."""
    out: dict[str, object] = {k: v for k, v in record.items() if k not in PRIVATE_FIELDS}
    if "ranges" in record:
        out["ranges"] = [{k: v for k, v in r.items() if k not in PRIVATE_FIELDS} for r in record["ranges"]]
    return out


def lapsed(engine: sa.Engine, day: str) -> int:
    """Live certificates whose last valid day is before `day`: what `expire` for that day would cancel."""
    n = sa.func.coalesce(sa.func.sum(_b.serial_end - _b.serial_start), 0)
    with engine.connect().execution_options(gec_readonly=True) as conn:
        return int(conn.execute(sa.select(n).where(_b.status == t.LIVE, _b.valid_until < day)).scalar_one())
