"""Helpers of the command desk's HTTP tests: the trading world behind the app, a buyer's token, buys."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from gec_helpers import AT
from trading_helpers import list_, market, ok

from policyhub.gec.registry import Registry
from policyhub.web.app import create_app


class Clock:
    """The registry's clock, fixed at AT until a test moves it."""

    def __init__(self) -> None:
        self.now = datetime.fromisoformat(AT)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, hours: float) -> None:
        self.now += timedelta(hours=hours)


@contextmanager
def served(url: str, listed: int = 2000) -> Iterator[tuple[TestClient, Registry, Clock]]:
    """The app over the trading world: S1's listing L1 of `listed` on CGEC, BJ and GZ."""
    clock = Clock()
    with TestClient(create_app(url, clock=clock)) as client:
        registry: Registry = client.app.state.services.registry  # type: ignore[attr-defined]
        market(registry)
        ok(list_(registry, quantity=listed))
        yield client, registry, clock


def bearer(client: TestClient, role: str = "account_holder", **scope: str) -> dict[str, str]:
    """A fresh token's header (B1's holder token unless told otherwise)."""
    scope = scope or ({"account": "B1"} if role == "account_holder" else {})
    issued = client.app.state.services.tokens.create(role, **scope)  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {issued.secret}"}


def buy(quantity: int = 1, account: str = "B1") -> dict[str, Any]:
    return {"op": "buy", "account": account, "listing": "L1", "platform": "BJ", "quantity": quantity}


def post(client: TestClient, headers: dict[str, str], body: Any, key: str | None = None) -> Any:
    extra = {} if key is None else {"Idempotency-Key": key}
    return client.post("/api/gec/commands", json=body, headers={**headers, **extra})


def in_thread(call: Any) -> tuple[threading.Thread, list[Any]]:
    """Run `call` on a thread of its own; its answer lands in the returned list."""
    out: list[Any] = []
    thread = threading.Thread(target=lambda: out.append(call()))
    thread.start()
    return thread, out


def release(held: Any, engine: Any) -> None:
    """Let go of a writer lock taken by test_gec_group_commit._hold_writer_lock."""
    held.rollback() if engine.dialect.name == "postgresql" else held.exec_driver_sql("ROLLBACK")
    held.close()
    engine.dispose()
