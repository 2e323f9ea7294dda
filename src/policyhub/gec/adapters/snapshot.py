"""One read transaction that sees one state of the registry, for documents that carry the journal head they saw."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


@contextmanager
def snapshot(engine: sa.Engine) -> Iterator[sa.Connection]:
    """A read-only transaction whose every statement sees the same commit: REPEATABLE READ on PostgreSQL (its
    default, READ COMMITTED, takes a new snapshot per statement); SQLite's deferred read transaction already does."""
    conn = engine.connect()
    try:
        if conn.dialect.name == "postgresql":
            conn.execution_options(isolation_level="REPEATABLE READ")
        with conn.execution_options(gec_readonly=True).begin():
            yield conn
    finally:
        conn.close()
