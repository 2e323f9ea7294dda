"""The journal's rare entries, found by their op: issuance, corrections and the transfers no table records."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import sqlalchemy as sa

from .adapters import schema_v8
from .adapters import tables as t

_j = t.journal.c
# Written as literals, as the partial index on them is: SQLite uses a partial index only for a query whose WHERE
# holds the index's own condition, and a bound parameter never matches it. These ops write issuance rows (issue,
# correct) or move what no table records (legacy hydro transfers, 第二十二条; project owners, transfer_project).
RARE_OPS = schema_v8.RARE_OPS  # indexed by ix_gec_journal_rare_ops (migration 0009)
RARE = _j.op.in_([sa.literal_column(f"'{op}'", sa.String) for op in RARE_OPS])
STREAM = 1000  # rows fetched at a time


def rare_entries(conn: sa.Connection, ops: tuple[str, ...], last: str | None = None) -> Iterator[Any]:
    """Journal entries (seq, at, op, command, result) of these ops of RARE_OPS, in order, up to the month `last`."""
    assert set(ops) <= set(RARE_OPS), ops
    q = sa.select(_j.seq, _j.at, _j.op, _j.command, _j.result).where(RARE, _j.op.in_(ops)).order_by(_j.seq)
    if last is not None:
        q = q.where(sa.func.substr(_j.at, 1, 7) <= last)
    yield from conn.execute(q.execution_options(yield_per=STREAM))
