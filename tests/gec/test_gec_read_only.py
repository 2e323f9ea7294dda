"""Read-only commands (`state`, `audit`, `verify`, `report`) open a SQLite file they cannot write, and never try to.

Tests run as root, whom file modes do not stop: a read-only bind mount (the kernel refuses every write, root's
too) stands for a read-only file, and `?mode=ro` in the URL asks for the same open anywhere.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from gec_helpers import world
from typer.testing import CliRunner

from cli_runner import run_cli
from policyhub.gec.adapters.db import open_engine
from policyhub.gec.cli import app
from policyhub.gec.registry import Registry
from policyhub.storage.engines import _CHECKPOINTERS

runner = CliRunner()


def _built(tmp_path: Path) -> Path:
    """A registry file with an issued month, closed (its log checkpointed away)."""
    file = tmp_path / "data" / "policyhub.sqlite"
    file.parent.mkdir()
    with Registry.open(f"sqlite:///{file}") as r:
        world(r)
    return file


@contextmanager
def read_only_mount(folder: Path, at: Path) -> Iterator[Path]:
    """`folder` seen read-only at `at` (a bind mount), or the test is skipped where mounting is not permitted."""
    at.mkdir()
    bind = subprocess.run(["mount", "--bind", str(folder), str(at)], capture_output=True, text=True)
    if bind.returncode != 0:
        pytest.skip(f"cannot bind-mount here ({bind.stderr.strip()}): needs root with CAP_SYS_ADMIN")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(at)], check=True, capture_output=True)
        yield at
    finally:
        subprocess.run(["umount", str(at)], check=True)


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def _read_commands(db: str) -> list[str]:
    """The read-only commands' output (each must succeed)."""
    outputs = []
    for args in (["state"], ["audit"], ["verify", "GEC000000000001X"], ["report", "--month", "2024-08"]):
        res = runner.invoke(app, [*args, "--db", db, "--format", "json"])
        assert res.exit_code == 0, (args, res.output)
        outputs.append(res.output)
    return outputs


def test_read_only_commands_read_a_file_on_a_read_only_mount(tmp_path: Path) -> None:
    file = _built(tmp_path)
    before = _digest(file.parent)
    expected = _read_commands(f"sqlite:///{file}")
    with read_only_mount(file.parent, tmp_path / "ro") as ro:
        seen = _read_commands(f"sqlite:///{ro / file.name}")
        engine = open_engine(f"sqlite:///{ro / file.name}")
        try:
            assert engine not in _CHECKPOINTERS  # no checkpoint thread for a file nobody may write
        finally:
            engine.dispose()
    assert [json.loads(s) for s in seen[:3]] == [json.loads(e) for e in expected[:3]]
    assert "S1" in json.loads(seen[0])["accounts"]
    assert _digest(file.parent) == before  # not a byte written, no -wal or -shm left


def test_a_read_only_url_reads_and_refuses_writes_without_changing_the_file(tmp_path: Path) -> None:
    file = _built(tmp_path)
    before = _digest(file.parent)
    _read_commands(f"sqlite:///{file}?mode=ro")
    lines = tmp_path / "cmds.jsonl"
    lines.write_text(json.dumps({"op": "expire", "at": "2026-09-01T00:00:00+08:00"}) + "\n")
    out = run_cli("gec", "apply", str(lines), "--db", f"sqlite:///{file}?mode=ro")
    assert out.returncode == 2 and out.stderr.startswith("error: ") and "readonly" in out.stderr, out.stderr
    # The database file is untouched; SQLite's reader in a writable folder may leave an empty log and its index.
    assert _digest(file.parent)[file.name] == before[file.name]
    wal = file.with_name(file.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0


def test_a_read_only_file_behind_this_versions_schema_is_refused_with_the_way_out(tmp_path: Path) -> None:
    file = _built(tmp_path)
    old = tmp_path / "old.sqlite"
    shutil.copy(file, old)
    import sqlite3

    with sqlite3.connect(old) as conn:
        conn.execute("UPDATE gec_alembic_version SET version_num = '0001'")
    res = runner.invoke(app, ["state", "--db", f"sqlite:///{old}?mode=ro"])
    assert res.exit_code != 0 and "open it once with write access" in str(res.exception)
