"""Helpers of the web tests: screenshots for people to look at (tests/artifacts/), `serve` as a process."""

from __future__ import annotations

import re
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def shot(page: Any, name: str) -> None:
    """Save a full-page screenshot."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def free_port() -> int:
    """A loopback port nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until_served(server: subprocess.Popen[str], url: str, seconds: float = 60) -> None:
    """Return once `url` answers 200; fail if the server process ends or the time runs out first."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert server.poll() is None and time.monotonic() < deadline, "server did not start"
        time.sleep(0.2)


def csrf_of(html: str) -> str:
    """The CSRF token a page's form posts."""
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has no form carrying a CSRF token"
    return found.group(1)


def sign_in(client: Any, secret: str, next: str = "") -> Any:
    """Sign in through /login as a browser does (the form's CSRF token included); returns the POST's response."""
    token = csrf_of(client.get("/login").text)
    return client.post("/login", data={"token": secret, "next": next, "csrf": token}, follow_redirects=False)


def uscc(n: int) -> str:
    """A valid unified social credit code, a different one for each n."""
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body17 = f"91330100MA{n:07d}"
    total = sum(chars.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + chars[(31 - total % 31) % 31]
