"""Unit of work: one database transaction holding the journal head lock for a command."""

from __future__ import annotations

from types import TracebackType
from typing import Any

import sqlalchemy as sa

from . import tables as t


class UnitOfWork:
    """`with UnitOfWork(engine) as uow:` — commits on success, rolls back on any exception."""

    def __init__(self, engine: sa.Engine, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self._ctx: Any = None
        self.conn: sa.Connection

    def __enter__(self) -> UnitOfWork:
        conn = self.engine.connect()
        if self.readonly:
            conn = conn.execution_options(gec_readonly=True)
        self.conn = conn
        self._ctx = conn.begin()
        return self

    def lock_head(self) -> sa.Row[Any]:
        """Lock the journal head row: writers are totally ordered, as the hash chain requires.

        SQLite already holds the database write lock (BEGIN IMMEDIATE); PostgreSQL takes a row lock
        (SELECT … FOR UPDATE), so concurrent writers wait instead of corrupting balances.
        """
        q = sa.select(t.meta).where(t.meta.c.id == 1)
        if self.conn.dialect.name == "postgresql":
            q = q.with_for_update()
        return self.conn.execute(q).one()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            if exc_type is None and not self.readonly:
                self._ctx.commit()
            else:
                self._ctx.rollback()
        finally:
            self.conn.close()
