"""`policyhub serve` as a process under spreadsheet bombs: each refused within 2 s, the process's memory barely
moves, and /api/health answers throughout."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from openpyxl import Workbook
from tests_web_support import free_port, wait_until_served

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOMBS = {
    "wide": {"A1": "asset", "B1": "name", "XFD1": "x"},
    "tall": {"A1": "asset", "B1": "name", "A1048576": "y"},
    "both": {"A1": "asset", "B1": "name", "XFD1": "x", "A20000": "z", "A1048576": "y"},
}


def _bomb(cells: dict[str, str]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for ref, value in cells.items():
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rss(pid: int) -> int:
    """Resident memory of a process, in bytes."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def test_spreadsheet_bombs_leave_a_served_process_small_and_answering(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "POLICYHUB_DB": f"sqlite:///{tmp_path / 'w.sqlite'}"}
    cmd = [sys.executable, "-m", "policyhub.cli", "serve", "--port", str(port), "--no-access-log"]
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    health: list[tuple[int, float]] = []
    done = threading.Event()

    def probe() -> None:
        with httpx.Client(base_url=base, timeout=5) as c:
            while not done.is_set():
                started = time.monotonic()
                health.append((c.get("/api/health").status_code, time.monotonic() - started))
                time.sleep(0.05)

    try:
        wait_until_served(server, f"{base}/api/health")
        with httpx.Client(base_url=base, timeout=30) as c:  # warm: the first upload imports openpyxl
            files = {"file": ("ok.csv", b"asset,name\nA1,pump\n", "text/csv")}
            assert c.post("/api/renewal/check", files=files, data={"sector": "石化化工"}).status_code == 200
            c.post("/api/renewal/check", files={"file": ("b.xlsx", _bomb(BOMBS["wide"]), XLSX)}, data={"sector": "x"})
        before = _rss(server.pid)
        watcher = threading.Thread(target=probe)
        watcher.start()
        with httpx.Client(base_url=base, timeout=30) as c:
            for name, cells in BOMBS.items():
                data = _bomb(cells)
                assert len(data) < 5 * 1024
                for path in ("/api/renewal/check", "/renewal"):
                    started = time.monotonic()
                    r = c.post(path, files={"file": (f"{name}.xlsx", data, XLSX)}, data={"sector": "石化化工"})
                    assert r.status_code == 413, (name, path, r.text[:200])
                    assert time.monotonic() - started < 2
        done.set()
        watcher.join()
        assert _rss(server.pid) - before < 100 * 1024 * 1024
        assert health and all(status == 200 and seconds < 2 for status, seconds in health)
    finally:
        done.set()
        server.terminate()
        server.communicate(timeout=30)
