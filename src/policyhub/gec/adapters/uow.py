"""Unit of work: one database transaction holding the journal head lock for a command."""

from __future__ import annotations

import threading
import weakref
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from . import fast
from . import tables as t

# The head row and the time of the entry it names, in one read (one round trip less per group on PostgreSQL).
_LAST_AT = sa.select(t.journal.c.at).where(t.journal.c.seq == t.meta.c.head_seq).scalar_subquery()
_HEAD = sa.select(t.meta, _LAST_AT.label("last_at")).where(t.meta.c.id == 1)
_HEAD_LOCKED = _HEAD.with_for_update(of=t.meta)
_ENTRY_AT = sa.select(t.journal.c.at).where(t.journal.c.seq == sa.bindparam("k"))

# SQLite writers of one process queue on a lock instead of SQLite's busy handler, which sleeps in growing steps
# (up to 100 ms) while it polls: under a threaded server that sleep, not the work, would set the latency.
_WRITERS: weakref.WeakKeyDictionary[sa.Engine, threading.Lock] = weakref.WeakKeyDictionary()
_WRITERS_GUARD = threading.Lock()


def _writer_lock(engine: sa.Engine) -> threading.Lock | None:
    if engine.dialect.name != "sqlite":
        return None  # PostgreSQL queues writers on the head row lock itself
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(engine, threading.Lock())


class UnitOfWork:
    """`with UnitOfWork(engine) as uow:` — commits on success, rolls back on any exception."""

    def __init__(self, engine: sa.Engine, readonly: bool = False) -> None:
        self.engine = engine
        self.readonly = readonly
        self._ctx: Any = None
        self._lock: threading.Lock | None = None
        self.conn: sa.Connection

    def __enter__(self) -> UnitOfWork:
        if not self.readonly:
            self._lock = _writer_lock(self.engine)
            if self._lock is not None:
                self._lock.acquire()
        try:
            self._open()
        except BaseException:
            self._release()
            raise
        return self

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _open(self) -> None:
        conn = self.engine.connect()
        if self.readonly:
            conn = conn.execution_options(gec_readonly=True)
        self.conn = conn
        try:
            self._ctx = conn.begin()
        except BaseException:
            conn.close()
            raise

    def lock_head(self) -> Any:
        """Lock the journal head row (with `last_at`, its entry's time): writers are totally ordered.

        SQLite already holds the database write lock (BEGIN IMMEDIATE); PostgreSQL takes a row lock
        (SELECT … FOR UPDATE), so concurrent writers wait instead of corrupting balances.
        """
        q = _HEAD_LOCKED if self.conn.dialect.name == "postgresql" else _HEAD
        head = fast.execute(self.conn, q).one()
        if head.last_at is None and head.head_seq > 0:
            # PostgreSQL: a writer that waited for the lock gets the new head row, but its statement's snapshot
            # predates the entry that writer committed; a fresh statement sees it.
            head = head._replace(last_at=fast.execute(self.conn, _ENTRY_AT, {"k": head.head_seq}).scalar_one())
        return head

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
            self._release()
