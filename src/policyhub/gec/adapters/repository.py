"""Queries and block surgery shared by the handlers (SQLAlchemy Core on one connection)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa

from . import fast
from . import tables as t

Row = Any  # a result row: Core's, or fast.py's with the same attributes and `_mapping`

# Statements on every trade's path, built once: building a Core statement per call costs more than running it.
_ACCOUNT = sa.select(t.accounts).where(t.accounts.c.account == sa.bindparam("k"))
_TWO_ACCOUNTS = sa.select(t.accounts).where(t.accounts.c.account.in_([sa.bindparam("a"), sa.bindparam("b")]))
_PROJECT = sa.select(t.projects).where(t.projects.c.project == sa.bindparam("k"))
# SET columns come from the execute parameters (all but b_start), so one statement serves every change.
_BLOCK_UPDATE = sa.update(t.blocks).where(t.blocks.c.serial_start == sa.bindparam("b_start"))
_BLOCK_INSERT = sa.insert(t.blocks)


def account(conn: sa.Connection, name: str) -> Row | None:
    """One account row or None."""
    return fast.execute(conn, _ACCOUNT, {"k": name}).first()


def two_accounts(conn: sa.Connection, one: str, other: str) -> dict[str, Row]:
    """Two account rows by name in one read (a trade's parties); a missing one is absent."""
    return {r.account: r for r in fast.execute(conn, _TWO_ACCOUNTS, {"a": one, "b": other})}


def bulk_insert(conn: sa.Connection, table: str, cols: tuple[str, ...], records: Iterable[tuple[Any, ...]]) -> None:
    """executemany on SQLite, COPY on PostgreSQL, on the open transaction: a national batch is a million rows."""
    raw = conn.connection.driver_connection
    assert raw is not None
    names = ", ".join(cols)
    if conn.dialect.name == "sqlite":
        raw.executemany(f"INSERT INTO {table} ({names}) VALUES ({','.join('?' * len(cols))})", records)
        return
    with raw.cursor() as cur, cur.copy(f"COPY {table} ({names}) FROM STDIN") as cp:
        for r in records:
            cp.write_row(r)


def project(conn: sa.Connection, name: str) -> Row | None:
    """One project row or None."""
    return fast.execute(conn, _PROJECT, {"k": name}).first()


def update_block(conn: sa.Connection, start: int, changes: dict[str, Any]) -> None:
    """Change the block starting at `start`."""
    fast.execute(conn, _BLOCK_UPDATE, {**changes, "b_start": start})


def live_count(conn: sa.Connection, holder: str) -> int:
    """Certificates an account holds that are neither expired nor cancelled."""
    b = t.blocks.c
    q = sa.select(sa.func.coalesce(sa.func.sum(b.serial_end - b.serial_start), 0)).where(
        b.holder == holder, b.status == t.LIVE
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
    q = sa.select(t.blocks).where(b.holder == holder, b.status == t.LIVE, b.listing.is_(None), b.valid_until >= on_day)
    if project is not None:
        q = q.where(b.project == project)
    if month is not None:
        q = q.where(b.month == month)
    if kind is not None:
        q = q.where(b.kind == kind)
    return list(conn.execute(q.order_by(b.valid_until, b.serial_start)))


def take(
    conn: sa.Connection, rows: list[Row], quantity: int, changes: dict[str, Any], last: bool = False
) -> list[tuple[int, int, Row]]:
    """Take `quantity` certificates from `rows` in order (from each block's end if `last`), applying `changes`.

    A block taken in part is split: the part left keeps every attribute in a row of its own, so a split never
    changes the count (serial ranges are half-open). Returns the taken ranges as (start, end, original row).
    The caller has checked the rows hold enough.
    """
    left = quantity
    taken: list[tuple[int, int, Row]] = []
    for blk in rows:
        if left <= 0:
            break
        start, end = int(blk.serial_start), int(blk.serial_end)
        n = min(left, end - start)
        if n == end - start:
            update_block(conn, start, changes)
            first = start
        elif last:
            update_block(conn, start, {"serial_end": end - n})
            first = end - n
            fast.execute(conn, _BLOCK_INSERT, {**blk._mapping, **changes, "serial_start": first, "serial_end": end})
        else:
            # One statement shortens the block and changes its first n; the rest is inserted unchanged.
            update_block(conn, start, {**changes, "serial_end": start + n})
            first = start
            fast.execute(conn, _BLOCK_INSERT, {**blk._mapping, "serial_start": start + n, "serial_end": end})
        taken.append((first, first + n, blk))
        left -= n
    return taken


def available(rows: list[Row]) -> int:
    """Total certificates in a list of block rows."""
    return sum(int(r.serial_end - r.serial_start) for r in rows)
