"""Fixtures shared by every test: the seed text, and real databases (SQLite files, PostgreSQL)."""

from __future__ import annotations

import lzma
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# pytest-xdist's workers start with COLUMNS=80 and LINES=24 set; a rich Console made at import would keep that width
# for every command run in process, where a user's terminal (or its absence) decides. Tests set COLUMNS themselves.
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

import databases

REPO = Path(__file__).resolve().parents[1]


BUNDLED_SEED = REPO / "tests" / "data" / "seed" / "000_f1f782ff31cba64c.txt.xz"
SEED_SHA256 = "4b0b700862d4a4ab304bb40746a4b21ebf05b1cc178aed2b959a01609ebd1a39"


def _find_seed() -> Path | None:
    """POLICYHUB_SEED, else ../shared/seed (CI); None: the copy in tests/data (POLICYHUB_SEED_BUNDLED=1 forces it)."""
    env = os.environ.get("POLICYHUB_SEED")
    if env:
        return Path(env)
    if os.environ.get("POLICYHUB_SEED_BUNDLED") == "1":
        return None
    hits = sorted((REPO.parent / "shared" / "seed").glob("000_*.txt"))
    return hits[0] if hits else None


@pytest.fixture(scope="session")
def seed_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The compilation's OCR text (../shared/seed, or tests/data/seed on a fresh clone), the source of truth."""
    path = _find_seed()
    if path is None:
        # A fresh clone has no ../shared: the copy kept with the tests serves it (see tests/data/seed/README.md).
        path = tmp_path_factory.mktemp("seed") / BUNDLED_SEED.name.removesuffix(".xz")
        path.write_bytes(lzma.decompress(BUNDLED_SEED.read_bytes()))
    if not path.exists():
        # A missing seed fails the run: a skip here hid 75 tests on every fresh clone (issue 27).
        pytest.fail(f"seed text not found at {path} (POLICYHUB_SEED)")
    return path


@pytest.fixture(scope="session")
def seed_text(seed_path: Path) -> str:
    return seed_path.read_text(encoding="utf-8")


# The only reasons a test may skip; any other skip fails the run (issue 27: a fresh clone silently skipped 75 tests).
# Key: the start of the skip's reason; value: why it is allowed. Add one only with its reason, and say so in docs.
ALLOWED_SKIPS = {
    "PostgreSQL's column compression": "the SQLite run of a PostgreSQL-only storage check has nothing to check",
}


def _skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    return reason.removeprefix("Skipped: ")


def _fail_unexpected_skip(report: pytest.TestReport | pytest.CollectReport) -> None:
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    reason = _skip_reason(report)
    if not any(reason.startswith(allowed) for allowed in ALLOWED_SKIPS):
        report.outcome = "failed"
        report.longrepr = f"unexpected skip (not in ALLOWED_SKIPS of tests/conftest.py): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    outcome = yield
    _fail_unexpected_skip(outcome.get_result())  # type: ignore[attr-defined]


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    outcome = yield
    _fail_unexpected_skip(outcome.get_result())  # type: ignore[attr-defined]


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh SQLite file (not yet created: the code under test creates and migrates it)."""
    return f"sqlite:///{tmp_path / 'policyhub.sqlite'}"


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database on the local server, dropped afterwards."""
    name = databases.unique("ph_test")
    try:
        yield databases.create_pg(name)
    finally:
        databases.DROPPER.later(name)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The tests' PostgreSQL databases are dropped (on a thread, see tests/databases.py) before the run ends."""
    databases.DROPPER.finish()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    for failure in databases.DROPPER.failures:
        if reporter is not None:
            reporter.write_line(f"warning: test database not dropped: {failure}")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file with every module's tables at head, built once per session (tests get copies)."""
    return databases.build_sqlite_template(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def pg_at_head() -> Iterator[databases.SharedPg]:
    """The session's PostgreSQL database with every module's tables at head, dropped at the session's end."""
    shared = databases.SharedPg()
    try:
        yield shared
    finally:
        shared.close()


@pytest.fixture
def migrated_sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    """A SQLite file with every module's tables at head (a copy of the session's template)."""
    return databases.copy_sqlite(sqlite_template, tmp_path / "policyhub.sqlite")


@pytest.fixture
def migrated_pg_url(pg_at_head: databases.SharedPg) -> str:
    """A PostgreSQL database with every module's tables at head and no rows but those migrating wrote (the
    session's, emptied for this test: every connection an earlier test left is ended first)."""
    return pg_at_head.reset()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Each registry test runs twice: on a SQLite file and on PostgreSQL, each with every table at head, empty.

    Migrating from an empty database is not repeated per test (the templates are built by the same code, once per
    session); `sqlite_url` and `pg_url` stay empty for the tests of opening and migrating.
    """
    fixture = "migrated_sqlite_url" if request.param == "sqlite" else "migrated_pg_url"
    url: str = request.getfixturevalue(fixture)
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_url(request: pytest.FixtureRequest) -> str:
    """An empty database on each engine, for tests of opening, migrating and adopting (`db_url`'s come at head)."""
    url: str = request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")
    return url
