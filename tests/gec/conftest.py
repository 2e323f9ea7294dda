"""Fixtures of the GEC tests: `reg_url` runs each registry test on a SQLite file and on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

import cli_runner
from policyhub.gec.registry import Registry


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def reg_url(request: pytest.FixtureRequest) -> str:
    """The shared `db_url` under the registry tests' name: a SQLite file and PostgreSQL, every table at head."""
    url: str = request.getfixturevalue("migrated_sqlite_url" if request.param == "sqlite" else "migrated_pg_url")
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
        # A `policyhub` command run in process (tests/cli_runner.py) keeps the machine's clock, as its process would.
        init(self, engine, public_url, clock if cli_runner.RUNNING else clock or FollowClock())

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
