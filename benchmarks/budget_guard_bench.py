"""The cost of the input budgets (policyhub.web.budget) on the hot paths, as a ratio in one run.

Two apps over two fresh SQLite files, identical but for the budget middleware, called in process through ASGI
(no sockets, so the guard's share is not hidden by the network): `GET /api/health`, a verify (`GET
/api/gec/verify/{code}`, an unknown code: the registry's lookup), a buy from the buyer's token (`POST
/api/gec/commands`: the desk's token lookup, authorisation and the registry's refusal, 409 for an unknown listing),
and an array of 1,000 such buys (207). Blocks alternate between the two apps; medians of the blocks.
Run: python benchmarks/budget_guard_bench.py [--requests N] [--blocks B]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from policyhub.web.app import create_app
from policyhub.web.budget import BudgetMiddleware, _json_refusal, budget_for

BUY = {"op": "buy", "account": "B1", "listing": "L-none", "platform": "BJ", "quantity": 50}


def build(path: Path, guarded: bool) -> tuple[Any, str]:
    app = create_app(f"sqlite:///{path}")
    if not guarded:
        app.user_middleware = [m for m in app.user_middleware if m.cls is not BudgetMiddleware]
    token = app.state.services.tokens.create("account_holder", account="B1").secret
    return app, token


async def call(app: Any, method: str, path: str, body: bytes = b"", token: str = "") -> int:
    """One request through the app's ASGI interface; its status."""
    sent = False
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal sent
        if sent:
            await asyncio.sleep(3600)
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if token:
        headers.append((b"authorization", f"Bearer {token}".encode()))
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "path": path,
             "raw_path": path.encode(), "query_string": b"", "root_path": "", "scheme": "http",
             "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 1), "headers": headers}  # fmt: skip
    await app(scope, receive, send)
    return status


async def block(app: Any, token: str, kind: str, n: int) -> float:
    """Microseconds a request of `kind`, over n requests."""
    body = {"buy": json.dumps(BUY), "array": json.dumps([BUY] * 1000)}.get(kind, "").encode()
    method, path = {"health": ("GET", "/api/health"), "verify": ("GET", "/api/gec/verify/GEC-0000000000000001")}.get(
        kind, ("POST", "/api/gec/commands")
    )
    started = time.perf_counter()
    for _ in range(n):
        status = await call(app, method, path, body, token)
    assert status in (200, 207, 400, 403, 404, 409), (kind, status)
    return (time.perf_counter() - started) / n * 1e6


async def main(requests: int, blocks: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        apps = {guarded: build(Path(tmp) / f"{guarded}.sqlite", guarded) for guarded in (False, True)}
        for app, token in apps.values():  # warm: imports, the desk's thread, prepared statements
            for kind in ("health", "verify", "buy", "array"):
                await block(app, token, kind, 5)
        print("| request | without guard (µs) | with guard (µs) | with / without |")
        print("|---|---:|---:|---:|")
        for kind, n in (
            ("health", requests),
            ("verify", requests),
            ("buy", requests),
            ("array", max(requests // 100, 5)),
        ):
            times: dict[bool, list[float]] = {False: [], True: []}
            for _ in range(blocks):
                for guarded in (False, True):
                    app, token = apps[guarded]
                    times[guarded].append(await block(app, token, kind, n))
            bare, guarded_t = statistics.median(times[False]), statistics.median(times[True])
            print(f"| {kind} | {bare:,.0f} | {guarded_t:,.0f} | {guarded_t / bare:.3f}× |")
        print()
        print("| the JSON check alone (parse and walk) | µs |")
        print("|---|---:|")
        for kind, body in (("buy", json.dumps(BUY)), ("array", json.dumps([BUY] * 1000))):
            n = requests * 10 if kind == "buy" else requests
            started = time.perf_counter()
            for _ in range(n):
                assert _json_refusal(body.encode(), budget_for("/api/gec/commands")) is None
            print(f"| {kind} | {(time.perf_counter() - started) / n * 1e6:,.1f} |")
        for app, _ in apps.values():
            app.state.services.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--blocks", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.requests, args.blocks))
