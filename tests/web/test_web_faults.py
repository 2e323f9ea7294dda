"""A database that cannot be reached or written: 503 with Retry-After (problem+json, or a page), an honest health
probe, one log line per episode, and everything back by itself once the database answers."""

from __future__ import annotations

import errno
import logging
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from sqlalchemy.exc import IntegrityError, OperationalError
from tests_web_support import uscc

from policyhub.errors import InputError
from policyhub.web.app import create_app
from policyhub.web.faults import is_unavailable, public_reason
from policyhub.web.health import FRESH_S

AT = datetime.fromisoformat("2024-09-25T10:00:00+08:00")
PROBLEM = "application/problem+json"


def _admin(pg_url: str) -> sa.Engine:
    return sa.create_engine(pg_url.rsplit("/", 1)[0] + "/test", isolation_level="AUTOCOMMIT")


def _terminate(admin: sa.Engine, name: str) -> None:
    with admin.connect() as conn:
        conn.execute(
            sa.text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"
            ),
            {"d": name},
        )


@contextmanager
def refused(pg_url: str, setting: str, undo: str, end_after: bool = True) -> Iterator[None]:
    """The test database altered (no connections, or read-only) and its backends ended; undone afterwards (and the
    backends ended again when their sessions hold the setting)."""
    name = pg_url.rsplit("/", 1)[1]
    admin = _admin(pg_url)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" {setting}')
        _terminate(admin, name)
        yield
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'ALTER DATABASE "{name}" {undo}')
        if end_after:
            _terminate(admin, name)
        admin.dispose()


def _operator(client: TestClient) -> dict[str, str]:
    issued = client.app.state.services.tokens.create("operator")  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {issued.secret}"}


def _account(n: int) -> dict[str, object]:
    return {"op": "open_account", "account": f"B{n}", "kind": "buyer", "name": f"买方{n}", "id_doc": uscc(n)}


def _until_healthy(client: TestClient, seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while client.get("/api/health").status_code != 200:
        assert time.monotonic() < deadline, "health did not come back"
        time.sleep(0.2)


def _assert_unavailable(res: object) -> None:
    assert res.status_code == 503, res.text  # type: ignore[attr-defined]
    assert int(res.headers["Retry-After"]) > 0  # type: ignore[attr-defined]


@pytest.mark.postgres
def test_a_database_refusing_connections_answers_503_then_recovers_by_itself(
    pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="policyhub.faults")
    with TestClient(create_app(pg_url, clock=lambda: AT)) as client:
        headers = _operator(client)
        assert client.post("/api/gec/commands", json=_account(1), headers=headers).status_code == 200
        assert client.get("/api/health").json()["ok"] is True
        with refused(pg_url, "WITH ALLOW_CONNECTIONS false", "WITH ALLOW_CONNECTIONS true", end_after=False):
            for n in range(2, 8):
                res = client.post("/api/gec/commands", json=_account(n), headers=headers)
                _assert_unavailable(res)
                assert res.headers["content-type"] == PROBLEM and res.json()["code"] == "unavailable"
                assert pg_url.rsplit("/", 1)[1] not in res.text  # the database's own message stays in the log
            page = client.get("/gec")
            _assert_unavailable(page)
            assert page.headers["content-type"].startswith("text/html")
            assert page.text.index("服务暂不可用") < page.text.index("Service unavailable")
            _assert_unavailable(client.get("/verify/GEC-NOPE"))
            time.sleep(FRESH_S)
            down = client.get("/api/health")
            _assert_unavailable(down)
            assert down.json()["ok"] is False and down.json()["database"]["answers"] is False
            assert down.json()["database"]["detail"] == "无法连接数据库 the database cannot be reached"
        _until_healthy(client)
        assert client.post("/api/gec/commands", json=_account(9), headers=headers).status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "policyhub.faults"]
    assert len(lines) == 2, lines  # the episode's start (however many requests failed) and its end
    assert "database unavailable" in lines[0] and "database answers again" in lines[1]


@pytest.mark.postgres
def test_a_read_only_database_is_reported_by_health_and_refuses_commands_with_503(pg_url: str) -> None:
    with TestClient(create_app(pg_url, clock=lambda: AT)) as client:
        headers = _operator(client)
        with refused(pg_url, "SET default_transaction_read_only = on", "RESET default_transaction_read_only"):
            time.sleep(FRESH_S)
            down = client.get("/api/health")
            _assert_unavailable(down)
            assert down.json()["database"]["answers"] is True and down.json()["database"]["writes"] is False
            res = client.post("/api/gec/commands", json=_account(1), headers=headers)
            _assert_unavailable(res)
            assert res.json()["code"] == "unavailable"
        _until_healthy(client)
        assert client.post("/api/gec/commands", json=_account(1), headers=headers).status_code == 200


def test_health_answers_200_with_the_database_that_answers_and_writes(sqlite_url: str) -> None:
    with TestClient(create_app(sqlite_url)) as client:
        res = client.get("/api/health")
    assert res.status_code == 200
    assert res.json()["ok"] is True and res.json()["database"] == {"answers": True, "writes": True, "detail": ""}


def test_faults_of_the_database_are_told_from_faults_of_a_command() -> None:
    lost = OperationalError("SELECT 1", {}, Exception("server closed the connection unexpectedly"))
    assert is_unavailable(lost)
    assert is_unavailable(sqlite3.OperationalError("database or disk is full"))
    assert is_unavailable(OSError(errno.ENOSPC, "No space left on device"))
    assert is_unavailable(InputError("无法打开数据库 cannot open database", "db_unreachable"))
    assert not is_unavailable(IntegrityError("INSERT", {}, Exception("UNIQUE constraint failed")))
    assert not is_unavailable(sqlite3.OperationalError("no such column: x"))
    assert not is_unavailable(InputError("bad", "invalid_command"))
    assert not is_unavailable(OSError(errno.ENOENT, "No such file"))
    assert public_reason(sqlite3.OperationalError("database or disk is full")) == "磁盘已满 the disk is full"
    readonly = sqlite3.OperationalError("attempt to write a readonly database")
    assert public_reason(readonly) == "数据库只读 the database does not accept writes"
    assert public_reason(lost) == "无法连接数据库 the database cannot be reached"
