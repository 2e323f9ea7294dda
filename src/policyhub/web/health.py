"""`GET /api/health`: whether the database answers and accepts writes, checked for real at most once a second."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
import time
import weakref
from typing import Any
from urllib.parse import quote

import anyio
import sqlalchemy as sa
from fastapi import Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import DBAPIError

from policyhub import __version__
from policyhub.storage import single_read
from policyhub.web.faults import RETRY_AFTER_S, episode, is_unavailable, public_reason

FRESH_S = 1.0  # a probe's answer is reused this long: load balancers ask many times a second
FREE_MIN = 1 << 20  # a SQLite file's filesystem with less free space than this cannot take a group's writes
PROBE_TIMEOUT_S = 0.5  # SQLite's lock wait for the probe's write (a writer holding it means writes are accepted)


def probe(engine: sa.Engine) -> dict[str, Any]:
    """{"answers": bool, "writes": bool, "detail": str}: a read, then a write rolled back (or the server's mode)."""
    try:
        try:
            standby, readonly = _read(engine)
        except DBAPIError as exc:
            if not exc.connection_invalidated:
                raise
            standby, readonly = _read(engine)  # a pooled connection the server had closed: the pool is fresh now
    except Exception as exc:
        if not is_unavailable(exc):
            raise
        return {"answers": False, "writes": False, "detail": public_reason(exc)}
    if engine.dialect.name == "postgresql":
        if standby or readonly == "on":
            return {"answers": True, "writes": False, "detail": "服务器只读 the server is read-only (standby)"}
        return {"answers": True, "writes": True, "detail": ""}
    if engine.url.query.get("mode") == "ro":
        return {
            "answers": True,
            "writes": False,
            "detail": "数据库以只读方式打开 the database file was opened read-only",
        }
    why = _sqlite_unwritable(engine.url.database or "")
    return {"answers": True, "writes": why == "", "detail": why}


def _sqlite_unwritable(path: str) -> str:
    """Why this SQLite file cannot take a write now ("" when it can): a full filesystem, or a write refused."""
    if path in ("", ":memory:"):
        return ""
    try:
        stat = os.statvfs(os.path.dirname(os.path.abspath(path)))
    except OSError as exc:
        return public_reason(exc)
    if stat.f_bavail * stat.f_frsize < FREE_MIN:
        return f"磁盘已满 the disk is full ({stat.f_bavail * stat.f_frsize} bytes free)"
    # A write that changes nothing, rolled back: refused for a read-only file or filesystem, never stored.
    uri = f"file:{quote(os.path.abspath(path))}?mode=rw"  # rw: never creates a file that is not there
    conn = sqlite3.connect(uri, uri=True, timeout=PROBE_TIMEOUT_S, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("UPDATE gec_meta SET head_seq = head_seq WHERE id = 1")
        conn.execute("ROLLBACK")
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return ""  # a writer holds the lock: writes are being accepted
        return public_reason(exc)
    finally:
        conn.close()
    return ""


def _read(engine: sa.Engine) -> tuple[bool, str]:
    """One statement: PostgreSQL's standby flag and read-only default; SQLite's answer to `SELECT 1`."""
    with single_read(engine) as conn:
        if engine.dialect.name == "postgresql":
            standby, readonly = conn.exec_driver_sql(
                "SELECT pg_is_in_recovery(), current_setting('default_transaction_read_only')"
            ).one()
            return bool(standby), str(readonly)
        conn.exec_driver_sql("SELECT 1").one()
        return False, "off"


class Health:
    """The last probe's answer, shared by every request for FRESH_S."""

    def __init__(self) -> None:
        self._answer: tuple[float, dict[str, Any]] | None = None
        self._guard = threading.Lock()

    def answer(self, engine_of: Any) -> tuple[dict[str, Any], bool]:
        """The database's state, and whether it was probed just now (False: the last probe's answer again)."""
        with self._guard:
            if self._answer is not None and time.monotonic() - self._answer[0] < FRESH_S:
                return self._answer[1], False
            try:
                found = probe(engine_of())
            except Exception as exc:
                if not is_unavailable(exc):
                    raise
                found = {"answers": False, "writes": False, "detail": public_reason(exc)}
            self._answer = (time.monotonic(), found)
            return found, True


_LIMITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = weakref.WeakKeyDictionary()


def _own_thread() -> anyio.CapacityLimiter:
    """One probe thread per event loop, apart from the request threads: a busy server still answers its probe."""
    loop = asyncio.get_running_loop()
    if loop not in _LIMITERS:
        _LIMITERS[loop] = anyio.CapacityLimiter(1)
    return _LIMITERS[loop]


async def health(request: Request) -> JSONResponse:
    """Liveness and the database: 200 when it answers and accepts writes, else 503 with what is wrong."""
    app = request.app
    checker: Health | None = getattr(app.state, "health", None)
    if checker is None:
        checker = app.state.health = Health()
    services = app.state.services
    database, probed = await anyio.to_thread.run_sync(
        checker.answer, lambda: services.registry.engine, limiter=_own_thread()
    )
    ok = bool(database["answers"] and database["writes"])
    if probed:  # only a fresh probe opens or closes a fault episode (the log's lines)
        ep = episode(app)
        if ok:
            ep.recovered()
        else:
            ep.failed(str(database["detail"]) or "数据库不可写 the database does not accept writes")
    body = {"ok": ok, "version": __version__, "database": database}
    if ok:
        return JSONResponse(body)
    return JSONResponse(body, status_code=503, headers={"Retry-After": str(RETRY_AFTER_S)})
