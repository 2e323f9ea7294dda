"""Backup and restore of both databases, as docs/operations.md tells an operator: the restored copy passes audit
and ends at the same journal head (sequence and hash) as the database it was taken from."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from fault_helpers import market

from policyhub.gec.adapters import tables as t
from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry

pytestmark = pytest.mark.faults


def _head(url: str) -> tuple[int, str]:
    """The journal head, after audit has passed on the database."""
    with Registry.open(url) as r:
        report = audit(r)
        assert report["ok"], report["problems"]
        with r.engine.connect() as conn:
            seq, digest = conn.execute(sa.select(t.meta.c.head_seq, t.meta.c.head_hash)).one()
    return int(seq), str(digest)


def _buys(url: str, n: int) -> None:
    with Registry.open(url) as r:
        cmds = [{"op": "buy", "account": "B0", "listing": "L1", "platform": "BJ", "quantity": 1 + i} for i in range(n)]
        assert all(res["ok"] for res in r.apply_many(cmds))


def test_sqlite_backup_and_vacuum_into_restore_to_the_same_head(tmp_path: Path) -> None:
    live = tmp_path / "live.sqlite"
    market(f"sqlite:///{live}", 1)
    _buys(f"sqlite:///{live}", 5)
    head = _head(f"sqlite:///{live}")
    # 1. SQLite's online backup (what the sqlite3 shell's `.backup` does): safe while `serve` writes.
    copies = [tmp_path / "backup.sqlite", tmp_path / "vacuumed.sqlite"]
    if shutil.which("sqlite3"):
        subprocess.run(["sqlite3", str(live), f".backup '{copies[0]}'"], check=True, timeout=120)
    else:
        with sqlite3.connect(live) as src, sqlite3.connect(copies[0]) as dst:
            src.backup(dst)
    # 2. VACUUM INTO: a compacted copy, also taken from the live file.
    with sqlite3.connect(live) as src:
        src.execute("VACUUM INTO ?", (str(copies[1]),))
    _buys(f"sqlite:///{live}", 2)  # the live database moves on; the copies keep the head they were taken at
    for copy in copies:
        restored = tmp_path / f"restored-{copy.name}"
        shutil.copy(copy, restored)  # restore: the copy in place of the database file (with serve stopped)
        assert _head(f"sqlite:///{restored}") == head


@pytest.mark.postgres
@pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("pg_restore")), reason="pg_dump/pg_restore not on PATH"
)
def test_postgresql_dump_and_restore_to_the_same_head(pg_url: str, tmp_path: Path) -> None:
    market(pg_url, 1)
    _buys(pg_url, 5)
    head = _head(pg_url)
    plain = pg_url.replace("+psycopg", "")
    dump = tmp_path / "registry.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", plain], check=True, timeout=300)
    name = f"ph_restore_{uuid.uuid4().hex[:12]}"
    server = plain.rsplit("/", 1)[0]
    admin = sa.create_engine(pg_url.rsplit("/", 1)[0] + "/test", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={server}/{name}", str(dump)], check=True, timeout=300)
        assert _head(f"{server}/{name}") == head
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
