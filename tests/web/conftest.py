"""A live server on loopback and a headless Debian chromium driven by Playwright."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from policyhub.web.app import create_app

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture
def client(migrated_sqlite_url: str) -> Iterator[TestClient]:
    """The app over a SQLite file at head, in process; the registry's clock stands at 2024-09-25 10:00 Beijing."""
    fixed = datetime.fromisoformat("2024-09-25T10:00:00+08:00")
    with TestClient(create_app(migrated_sqlite_url, clock=lambda: fixed)) as c:
        yield c


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Live:
    url: str
    app: FastAPI


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The real service with the demo data, on a free loopback port, for the browser tests."""
    from policyhub.web.demo import load_demo

    db = f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite'}"
    # The dates the browser tests name: the demo as loaded on 2024-10-01, read on that day's clock.
    noon = datetime.fromisoformat("2024-10-01T12:00:00+08:00")
    app = create_app(db, clock=lambda: noon)
    load_demo(app.state.services, quiet=True, today=date(2024, 10, 1))
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("server did not start")
        time.sleep(0.05)
    yield Live(f"http://127.0.0.1:{port}", app)
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian chromium (no browser downloads: they fail here)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: scripts/test.sh installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page; screenshots go under tests/artifacts/ (not committed)."""
    ARTIFACTS.mkdir(exist_ok=True)
    ctx = browser.new_context(viewport={"width": 1200, "height": 900}, locale="zh-CN")  # type: ignore[attr-defined]
    p = ctx.new_page()
    yield p
    ctx.close()
