"""Helpers of the trading tests: a market with one seller, two buyers and 2,345 tradable certificates."""

from __future__ import annotations

import itertools
from typing import Any

from gec_helpers import AT, BUYER2_DOC, buyer, ok, world

from policyhub.gec.registry import Registry


def market(r: Registry) -> None:
    """world() plus a second buyer B2: S1 holds 2,345 tradable and 1 non-tradable certificate of P1 2024-08."""
    world(r)
    buyer(r, "B2", BUYER2_DOC)


def list_(r: Registry, listing: str = "L1", quantity: int = 100, **extra: Any) -> dict[str, Any]:
    """S1 lists on CGEC, BJ and GZ at 5.00."""
    cmd = {"op": "list", "listing": listing, "account": "S1", "quantity": quantity, "price": "5.00",
           "platforms": ["CGEC", "BJ", "GZ"], "at": AT, **extra}  # fmt: skip
    return r.apply(cmd)


def buy(r: Registry, quantity: int, platform: str = "BJ", account: str = "B1", listing: str = "L1") -> dict[str, Any]:
    """A buyer takes from a listing on one platform."""
    cmd = {"op": "buy", "account": account, "listing": listing, "platform": platform, "quantity": quantity, "at": AT}
    return r.apply(cmd)


def serials(r: Registry, account: str) -> list[tuple[int, int]]:
    """An account's live blocks as half-open serial ranges, sorted."""
    out = []
    for b in r.holdings(account):
        if b["status"] == "live":
            out.append((int(b["first_code"][3:-1]), int(b["last_code"][3:-1]) + 1))
    return sorted(out)


def no_serial_twice(r: Registry) -> None:
    """Every live serial is held by exactly one account."""
    ranges = sorted(x for a in r.accounts() for x in serials(r, a["account"]))
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(ranges)), ranges


def traded_serials(r: Registry, trade_ids: list[str]) -> list[tuple[int, int]]:
    """The ranges the given trades moved."""
    out = []
    for tid in trade_ids:
        for x in r.trade(tid)["ranges"]:
            out.append((int(x["first_code"][3:-1]), int(x["last_code"][3:-1]) + 1))
    return sorted(out)


__all__ = ["AT", "buy", "list_", "market", "no_serial_twice", "ok", "serials", "traded_serials"]
