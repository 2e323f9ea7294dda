"""SQLite's write-ahead log is checkpointed by a thread of the registry, not inside the writer's commits."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from gec_helpers import AT, ok
from trading_helpers import list_, market

from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry
from policyhub.storage import checkpoint
from policyhub.storage.engines import _CHECKPOINTERS


def clock() -> datetime:
    return datetime.fromisoformat(AT)


@pytest.fixture
def registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Registry]:
    monkeypatch.setattr(checkpoint, "WAL_BYTES", 1)  # any log at all is due
    with Registry.open(f"sqlite:///{tmp_path / 'c.sqlite'}", clock=clock) as r:
        market(r)
        ok(list_(r, quantity=500))
        yield r


def _buy(r: Registry, n: int) -> None:
    ok(r.apply({"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": n}))


def _wait_for(check: object, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check() and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.02)


def test_commits_wake_a_thread_that_checkpoints_the_log(registry: Registry) -> None:
    worker = _CHECKPOINTERS[registry.engine]
    before = worker.runs
    _buy(registry, 5)
    _wait_for(lambda: worker.runs > before)
    assert worker.runs > before
    with registry.engine.connect() as conn:  # the writer's own checkpoint is only the fallback
        assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == checkpoint.FALLBACK_PAGES


def test_a_reader_holding_a_snapshot_blocks_neither_the_checkpoint_nor_the_writer(registry: Registry) -> None:
    worker = _CHECKPOINTERS[registry.engine]
    reader = sqlite3.connect(worker.file, isolation_level=None)
    reader.execute("BEGIN")
    sold_before = reader.execute("SELECT count(*) FROM gec_trades").fetchone()[0]
    before = worker.runs
    for _ in range(3):
        _buy(registry, 5)
    _wait_for(lambda: worker.runs > before)
    assert worker.runs > before
    assert reader.execute("SELECT count(*) FROM gec_trades").fetchone()[0] == sold_before  # its snapshot stands
    reader.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM gec_trades").fetchone()[0] == sold_before + 3
    reader.close()
    assert registry.listing("L1")["sold"] == 15 and audit(registry)["ok"]


def test_closing_the_registry_stops_the_thread_and_keeps_every_write(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    with Registry.open(url, clock=clock) as r:
        market(r)
        ok(list_(r, quantity=500))
        worker = _CHECKPOINTERS[r.engine]
        _buy(r, 7)
        _wait_for(lambda: worker._thread is not None)
    assert worker._thread is None
    with Registry.open(url, clock=clock) as again:
        assert again.listing("L1")["sold"] == 7 and audit(again)["ok"]


def test_an_idle_thread_ends_and_the_next_commit_starts_another(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checkpoint, "IDLE_S", 0.05)
    worker = _CHECKPOINTERS[registry.engine]
    _buy(registry, 1)
    _wait_for(lambda: worker._thread is None)
    assert worker._thread is None  # no thread while nothing is written
    before = worker.runs
    _buy(registry, 1)
    _wait_for(lambda: worker.runs > before)
    assert worker.runs > before
