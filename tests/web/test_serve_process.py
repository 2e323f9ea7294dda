"""`policyhub serve` as a process: start-up objects left out of garbage collection, the access log on request."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests_web_support import free_port, wait_until_served

_FROZEN = """
import gc
from policyhub.web.cli import worker_app
worker_app()
print(gc.get_freeze_count(), len(gc.get_objects()))
"""


def test_a_worker_leaves_its_start_up_objects_out_of_every_later_collection(tmp_path: Path) -> None:
    env = {**os.environ, "POLICYHUB_DB": f"sqlite:///{tmp_path / 'w.sqlite'}"}
    out = subprocess.run([sys.executable, "-c", _FROZEN], env=env, capture_output=True, text=True, check=True)
    frozen, tracked = map(int, out.stdout.split())
    assert frozen > 50_000  # the modules, routes and schema loaded at start-up
    assert tracked < frozen / 10  # what a collection still walks


def _served_log(tmp_path: Path, *flags: str) -> str:
    """What `serve` printed while answering one /api/health request."""
    port = free_port()
    cmd = [sys.executable, "-m", "policyhub.cli", "serve", "--port", str(port), *flags]
    env = {**os.environ, "POLICYHUB_DB": f"sqlite:///{tmp_path / 'w.sqlite'}"}
    server = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_until_served(server, f"http://127.0.0.1:{port}/api/health")
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    return out


def test_serve_logs_each_request_unless_told_not_to(tmp_path: Path) -> None:
    assert '"GET /api/health HTTP/1.1" 200' in _served_log(tmp_path)
    quiet = _served_log(tmp_path, "--no-access-log")
    assert "policyhub 服务已启动" in quiet and "GET /api/health" not in quiet
