"""Queries and block surgery shared by the handlers (SQLAlchemy Core on one connection)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from . import tables as t

Row = sa.Row[Any]


def account(conn: sa.Connection, name: str) -> Row | None:
    """One account row or None."""
    return conn.execute(sa.select(t.accounts).where(t.accounts.c.account == name)).first()


def project(conn: sa.Connection, name: str) -> Row | None:
    """One project row or None."""
    return conn.execute(sa.select(t.projects).where(t.projects.c.project == name)).first()


def live_count(conn: sa.Connection, holder: str) -> int:
    """Certificates an account holds that are neither expired nor cancelled."""
    b = t.blocks.c
    q = sa.select(sa.func.coalesce(sa.func.sum(b.serial_end - b.serial_start), 0)).where(
        b.holder == holder, b.status == "live"
    )
    return int(conn.execute(q).scalar_one())


def movable_blocks(
    conn: sa.Connection,
    holder: str,
    on_day: str,
    project: str | None = None,
    month: str | None = None,
    kind: str | None = None,
) -> list[Row]:
    """Live, unreserved, still-valid blocks of a holder, oldest expiry first (so nothing expires unused)."""
    b = t.blocks.c
    q = sa.select(t.blocks).where(b.holder == holder, b.status == "live", b.listing.is_(None), b.valid_until >= on_day)
    if project is not None:
        q = q.where(b.project == project)
    if month is not None:
        q = q.where(b.month == month)
    if kind is not None:
        q = q.where(b.kind == kind)
    return list(conn.execute(q.order_by(b.valid_until, b.serial_start)))


def carve(conn: sa.Connection, blk: Row, n: int, last: bool = False) -> int:
    """Split `n` certificates off a block (its first or last ones) into their own row; return that row's start.

    The rest keeps every attribute: a split never changes the count (serial ranges are half-open).
    """
    start, end = int(blk.serial_start), int(blk.serial_end)
    if n >= end - start:
        return start
    cut = end - n if last else start + n
    conn.execute(sa.update(t.blocks).where(t.blocks.c.serial_start == start).values(serial_end=cut))
    rest = dict(blk._mapping)
    rest.update(serial_start=cut, serial_end=end)
    conn.execute(sa.insert(t.blocks).values(**rest))
    return cut if last else start


def take(
    conn: sa.Connection, rows: list[Row], quantity: int, changes: dict[str, Any], last: bool = False
) -> list[tuple[int, int, Row]]:
    """Take `quantity` certificates from `rows` in order, applying `changes` to the taken parts.

    Returns the taken ranges as (start, end, original row). The caller has checked the rows hold enough.
    """
    left = quantity
    taken: list[tuple[int, int, Row]] = []
    for blk in rows:
        if left <= 0:
            break
        n = min(left, int(blk.serial_end - blk.serial_start))
        start = carve(conn, blk, n, last=last)
        conn.execute(sa.update(t.blocks).where(t.blocks.c.serial_start == start).values(**changes))
        taken.append((start, start + n, blk))
        left -= n
    return taken


def available(rows: list[Row]) -> int:
    """Total certificates in a list of block rows."""
    return sum(int(r.serial_end - r.serial_start) for r in rows)
