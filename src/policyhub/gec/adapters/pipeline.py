"""PostgreSQL pipeline mode for a group of commands: a write is sent without waiting for its answer.

A buy runs a dozen statements; one at a time each costs a loopback round trip (≈130 µs measured here), queued
≈20 µs. Only reads wait: their answers come back with those of every write sent before them. A statement that
fails while nobody waits for it surfaces later, at some other command's read, so a pipelined group cannot say
whose it was: the caller rolls the group back (`Broken`) and runs it again with each statement awaited.

Core statements (and SAVEPOINTs that Core emits) read the cursor's description as soon as they run, which pipeline
mode does not give yet: a hook leaves the pipeline before any of them, and `resume` re-enters it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event

from . import fast

_KEY = "gec_pipeline"  # in the pooled connection's info: the open pipeline, while a group runs pipelined
_ON = "gec_pipelined"  # in the same info: a pipelined group is running on this connection


class Broken(Exception):
    """A statement failed in pipeline mode: the group's transaction is void and must run again, awaited."""


def install(engine: sa.Engine) -> None:
    """Before any Core statement on a connection of `engine`: count it if it may write, leave the pipeline."""
    event.listen(engine, "before_cursor_execute", _before_core)


def _before_core(conn: sa.Connection, _cursor: Any, statement: str, *_args: Any) -> None:
    info = conn.info
    if statement.lstrip()[:6].upper() != "SELECT":
        info[fast.WRITES] = info.get(fast.WRITES, 0) + 1
    if info.get(_KEY) is not None:
        _leave(conn)


def resume(conn: sa.Connection) -> None:
    """Re-enter pipeline mode if this connection runs a pipelined group and a Core statement left it."""
    info = conn.info
    if info.get(_ON) and info.get(_KEY) is None:
        raw: Any = conn.connection.driver_connection
        manager = raw.pipeline()
        manager.__enter__()
        info[_KEY] = manager


def _leave(conn: sa.Connection) -> None:
    manager = conn.info.pop(_KEY, None)
    if manager is not None:
        try:
            manager.__exit__(None, None, None)  # sends a sync: every queued statement's answer arrives here
        except conn.dialect.loaded_dbapi.Error as exc:
            raise Broken(str(exc)) from exc


def _drop_if_stuck(conn: sa.Connection) -> None:
    """A connection whose server went away mid-pipeline stays in pipeline mode and cannot even roll back: the pool
    must drop it, not reset it (a reset would fail and log a traceback per connection). A statement's error leaves
    the pipeline cleanly and keeps the connection."""
    with suppress(Exception):
        raw: Any = conn.connection.driver_connection
        if raw.broken or raw.pgconn.pipeline_status != 0:
            conn.invalidate()


@contextmanager
def pipelined(conn: sa.Connection, on: bool) -> Iterator[None]:
    """Run the block in pipeline mode (if `on`); every answer has arrived, or `Broken` is raised, when it ends."""
    if not on:
        yield
        return
    conn.info[_ON] = True
    try:
        resume(conn)
        try:
            yield
        except (sa.exc.DBAPIError, conn.dialect.loaded_dbapi.Error) as exc:
            raise Broken(str(exc)) from exc
        _leave(conn)
    finally:
        # A connection SQLAlchemy already dropped (the server went away) holds nothing to clean up; touching its
        # `info` would raise PendingRollbackError over the error that dropped it.
        if not conn.invalidated:
            conn.info.pop(_ON, None)
            manager = conn.info.pop(_KEY, None)
            if manager is not None:  # the block failed: the transaction rolls back, so the answers do not matter
                try:
                    manager.__exit__(None, None, None)
                except Exception:
                    _drop_if_stuck(conn)
