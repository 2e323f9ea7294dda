"""Faults reported as faults: a database that cannot be reached, refuses writes or is full answers 503 with
Retry-After, and the log gets one line when such an episode starts and one when it ends (not a traceback per
request)."""

from __future__ import annotations

import errno
import logging
import sqlite3
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from fastapi import FastAPI, Request
from fastapi.responses import Response
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from policyhub import problems
from policyhub.dbfaults import outage
from policyhub.errors import InputError
from policyhub.problems import problem

log = logging.getLogger("policyhub.faults")
PROBE_EVERY_S = 1.0  # how often an open episode checks whether the database is back
RETRY_AFTER_S = 5  # what a client is told to wait: a PostgreSQL restart or a freed disk takes seconds
UNAVAILABLE_TITLE = "服务暂不可用 service unavailable"
_OS_FAULTS = {errno.ENOSPC, errno.EROFS, errno.EIO, errno.EDQUOT}


def is_unavailable(exc: BaseException) -> bool:
    """Whether `exc` says the database cannot be reached or written now (not that a command or the code is wrong)."""
    if isinstance(exc, sa.exc.TimeoutError):
        return True  # no pooled connection came free in time
    if isinstance(exc, DBAPIError | sqlite3.Error):
        return outage(exc)  # the registry's own test: a statement's error is not the database's
    if isinstance(exc, TimeoutError):
        return True  # the group-commit queue's wait: "the database is not answering"
    if isinstance(exc, OSError):
        return exc.errno in _OS_FAULTS
    return isinstance(exc, InputError) and exc.code == "db_unreachable"  # opened lazily, after start-up


def reason(exc: BaseException) -> str:
    """One line saying what the database answered (for the log: it may name hosts, users and files)."""
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split()) or type(orig).__name__
    return text[:300]


def public_reason(exc: BaseException) -> str:
    """What kind of fault it is, in words a client may read (the database's own message stays in the log)."""
    orig = getattr(exc, "orig", None) or exc
    text, state = str(orig).lower(), getattr(orig, "sqlstate", None)
    number = getattr(orig, "errno", None)
    if "full" in text or "no space" in text or state == "53100" or number in (errno.ENOSPC, errno.EDQUOT):
        return "磁盘已满 the disk is full"
    if "readonly" in text or "read-only" in text or state == "25006" or number == errno.EROFS:
        return "数据库只读 the database does not accept writes"
    return "无法连接数据库 the database cannot be reached"


class Episode:
    """One log line when the database starts failing, one when it answers again; failures between are counted.

    The end is decided by a probe (`probe()` returns "" once the database answers and accepts writes), run once a
    second by a thread of the episode's own: a successful read in between proves nothing about writes.
    """

    def __init__(self, probe: Callable[[], str] | None = None) -> None:
        self.probe = probe
        self._guard = threading.Lock()
        self.since: float | None = None  # monotonic time of the episode's first failure
        self.failures = 0
        self.last: str = ""  # what the database last said when it failed

    @property
    def active(self) -> bool:
        return self.since is not None

    def failed(self, exc: BaseException | str) -> None:
        with self._guard:
            self.failures += 1
            self.last = exc if isinstance(exc, str) else reason(exc)
            if self.since is not None:
                return
            self.since = time.monotonic()
        log.error("数据库不可用，请求答复 503 database unavailable, answering 503: %s", self.last)
        if self.probe is not None:
            threading.Thread(target=self._watch, name="fault-episode", daemon=True).start()

    def recovered(self) -> None:
        """The database answers and accepts writes again: close the episode, if one is open."""
        if self.since is None:
            return
        with self._guard:
            if self.since is None:
                return
            lasted, failures = time.monotonic() - self.since, self.failures
            self.since, self.failures, self.last = None, 0, ""
        log.warning("数据库已恢复 database answers again after %.1f s (%d requests answered 503)", lasted, failures)

    def _watch(self) -> None:
        while self.since is not None:
            time.sleep(PROBE_EVERY_S)
            probe = self.probe
            if probe is None:
                return  # the service closed
            try:
                why = probe()
            except Exception as exc:
                why = reason(exc) or "?"
            if not why:
                self.recovered()


def episode(app: FastAPI) -> Episode:
    """The app's episode log (its services' own: each worker process logs its own)."""
    found: Episode = app.state.services.episode
    return found


def unavailable_response(request: Request, exc: BaseException) -> Response:
    """503 with Retry-After: problem+json for the API, a page (Chinese first) for everything else."""
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if request.url.path.startswith("/api/"):
        detail = (
            f"数据库暂时无法访问或写入，请 {RETRY_AFTER_S} 秒后重试 "
            f"the database cannot be reached or written just now: retry in {RETRY_AFTER_S} s ({public_reason(exc)})"
        )
        response: Response = problem(503, UNAVAILABLE_TITLE, detail, "unavailable", retry_after=RETRY_AFTER_S)
    else:
        message = (
            f"数据库暂时无法访问，请 {RETRY_AFTER_S} 秒后刷新。"
            f"The database cannot be reached just now: reload in {RETRY_AFTER_S} s."
        )
        response = request.app.state.error_page(request, 503, message)  # the pages' own (web/app.py)
    response.headers.update(headers)
    return response


async def _handler(request: Request, exc: Exception) -> Response:
    if not is_unavailable(exc):
        raise exc  # a real bug: the server's own 500 (and its traceback) stays
    episode(request.app).failed(exc)
    return unavailable_response(request, exc)


async def _input_error(request: Request, exc: Exception) -> Response:
    """A database first opened by this request that cannot be opened is a fault too; other input errors are 4xx."""
    if is_unavailable(exc):
        return await _handler(request, exc)
    return await problems.input_error(request, exc)


class _OneLine(logging.Filter):
    """The pool's note on a connection it could not reset during an outage: one line, not a traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if exc is not None and outage(exc):
            record.msg, record.args = f"{record.getMessage()}: {reason(exc)}", ()
            record.exc_info, record.exc_text = None, None
        return True


_POOL_FILTER = _OneLine()


def install(app: FastAPI) -> None:
    """Answer database faults with 503 (installed after problems.install: its InputError handler is wrapped)."""
    for kind in (SQLAlchemyError, sqlite3.Error, OSError):
        app.add_exception_handler(kind, _handler)
    app.add_exception_handler(InputError, _input_error)
    for pool in ("QueuePool", "NullPool", "SingletonThreadPool", "StaticPool"):  # a filter is not inherited
        pool_log = logging.getLogger(f"sqlalchemy.pool.impl.{pool}")
        if _POOL_FILTER not in pool_log.filters:
            pool_log.addFilter(_POOL_FILTER)
