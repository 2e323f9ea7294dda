"""Fixtures of the GEC tests: `reg_url` runs each registry test on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from policyhub.gec.adapters.tables import STATE_TABLES
from policyhub.gec.registry import Registry

PG_ADMIN_URL = os.environ.get("POLICYHUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
GEC_TABLES = (*STATE_TABLES, "gec_request_keys")  # every registry table, emptied between tests


@pytest.fixture(scope="session")
def gec_pg_database() -> Iterator[str]:
    """One migrated PostgreSQL database for the session's registry tests (emptied before each test)."""
    name = f"ph_gec_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        Registry.open(url).close()
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def reg_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Like the shared `db_url` (SQLite file / PostgreSQL), but PostgreSQL reuses one database, truncated."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'policyhub.sqlite'}"
    url: str = request.getfixturevalue("gec_pg_database")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {', '.join(GEC_TABLES)}")
        if sa.inspect(conn).has_table("api_tokens"):  # a test that grants tokens leaves them for the next
            conn.exec_driver_sql("TRUNCATE api_tokens RESTART IDENTITY")
        conn.exec_driver_sql(
            f"INSERT INTO gec_meta (id, next_serial, next_claim, head_seq, head_hash) VALUES (1, 1, 1, 0, '{'0' * 64}')"
        )
    engine.dispose()
    return url


class FollowClock:
    """A test registry's clock when the test gives none: the latest `at` it has been sent (never beyond now).

    The tests script histories in 2024–2026 with explicit times; reads are judged on the registry's date
    (validity at read time, 第二十四条), so "now" for such a test is the time of its last command, as if the
    registry had run then. A test that fixes a clock (`Registry.open(url, clock=...)`) is left alone.
    """

    def __init__(self) -> None:
        self.latest: datetime | None = None

    def saw(self, at: object) -> None:
        if isinstance(at, datetime):
            when = at
        elif isinstance(at, str):
            try:
                when = datetime.fromisoformat(at)
            except ValueError:
                return
        else:
            return
        if when.tzinfo is None:
            return
        when = min(when, datetime.now(UTC))
        if self.latest is None or when > self.latest:
            self.latest = when

    def __call__(self) -> datetime:
        return self.latest or datetime.now(UTC)


@pytest.fixture(autouse=True)
def follow_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registries opened without a clock in these tests run on a `FollowClock`."""
    init, prepare, import_meter = Registry.__init__, Registry.prepare, Registry.import_meter
    import_projects = Registry.import_projects

    def _init(self: Registry, engine: Any, public_url: str | None = None, clock: Any = None) -> None:
        init(self, engine, public_url, clock or FollowClock())

    def _prepare(self: Registry, command: Any, actor: Any = None) -> Any:
        # Every command (apply, apply_many, the HTTP queue) is prepared before it is applied.
        if isinstance(self.clock, FollowClock) and isinstance(command, dict):
            self.clock.saw(command.get("at"))
        return prepare(self, command, actor)

    def _import_projects(self: Registry, rows: Any, at: Any = None) -> dict[str, Any]:
        if isinstance(self.clock, FollowClock):
            self.clock.saw(at)
        return import_projects(self, rows, at)

    def _import_meter(self: Registry, month: str, rows: Any, source: str = "grid", at: Any = None) -> dict[str, Any]:
        if isinstance(self.clock, FollowClock):
            self.clock.saw(at)
        return import_meter(self, month, rows, source, at)

    monkeypatch.setattr(Registry, "__init__", _init)
    monkeypatch.setattr(Registry, "prepare", _prepare)
    monkeypatch.setattr(Registry, "import_projects", _import_projects)
    monkeypatch.setattr(Registry, "import_meter", _import_meter)
