"""A SQLite database on a filesystem that fills up while `serve` writes: commands answer 503 `unavailable` with
Retry-After and the reason, health says the disk is full, the log has a line per episode (not per request); once
space is freed the service writes again by itself and the database is intact."""

from __future__ import annotations

import errno
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
from fault_helpers import assert_survived, free_port, market, serve, stop, token, wait_until_served

from policyhub.web.health import FRESH_S

pytestmark = pytest.mark.faults
SIZE = "24m"


def _mount_tmpfs(at: Path) -> None:
    at.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={SIZE}", "tmpfs", str(at)], capture_output=True,
                          text=True)  # fmt: skip
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here ({done.stderr.strip()}): needs root with CAP_SYS_ADMIN")


def _fill(folder: Path) -> Path:
    """A file that takes every free block of the filesystem."""
    filler = folder / "filler"
    chunk = b"\0" * (64 << 10)
    with filler.open("wb", buffering=0) as out:
        try:
            while True:
                out.write(chunk)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    for size in (4096, 512, 1):  # the last partial blocks too
        try:
            with filler.open("ab", buffering=0) as out:
                while True:
                    out.write(b"\0" * size)
        except OSError:
            pass
    return filler


def test_a_full_disk_answers_503_and_the_service_writes_again_once_space_is_freed(tmp_path: Path) -> None:
    disk = tmp_path / "disk"
    _mount_tmpfs(disk)
    server = None
    try:
        db = f"sqlite:///{disk / 'full.sqlite'}"
        market(db, 2)
        bj = {"Authorization": f"Bearer {token(db, 'platform', '--platform', 'BJ')}"}
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = serve(db, port)
        wait_until_served(server, base)
        buy = {"op": "buy", "account": "B0", "listing": "L1", "platform": "BJ", "quantity": 1}
        acknowledged: list[dict[str, Any]] = []
        filler = _fill(disk)
        statuses: Counter[int] = Counter()
        with httpx.Client(base_url=base, headers=bj, timeout=60) as c:
            time.sleep(FRESH_S)  # the probe's last answer (before the disk filled) is no longer reused
            health = c.get("/api/health")
            assert health.status_code == 503 and health.headers["Retry-After"]
            database = health.json()["database"]
            assert database["writes"] is False and "disk is full" in database["detail"]
            for _ in range(400):  # until the log's free pages are used up: then every write fails
                res = c.post("/api/gec/commands", json=buy)
                statuses[res.status_code] += 1
                assert res.status_code in (200, 503), res.text
                if res.status_code == 200:
                    acknowledged.append(res.json())
                elif statuses[503] >= 20:
                    break
            failed = c.post("/api/gec/commands", json=buy)
            assert failed.status_code == 503 and int(failed.headers["Retry-After"]) > 0, failed.text
            assert failed.json()["code"] == "unavailable" and "full" in failed.json()["detail"]
            page = c.get("/gec/market", headers={"Authorization": ""})
            assert page.status_code in (200, 503)  # reads may still answer from what is stored
            filler.unlink()
            deadline = time.monotonic() + 15
            while c.get("/api/health").status_code != 200:
                assert time.monotonic() < deadline, "health did not come back once space was freed"
                time.sleep(0.2)
            again = c.post("/api/gec/commands", json=buy)
            assert again.status_code == 200, again.text
            acknowledged.append(again.json())
        log = stop(server)
        server = None
        assert "Traceback" not in log, log[-3000:]
        episodes = log.count("database unavailable")
        assert 1 <= episodes < statuses[503] + 1, (episodes, statuses)
        assert "database answers again" in log
        assert_survived(db, acknowledged)
    finally:
        if server is not None:
            stop(server)
        subprocess.run(["umount", "-l", str(disk)], check=False)
