"""The call auction for 集中竞价 (第二十一条（三）: 具体规则另行明确): sealed bids, one uniform price.

The rule (docs/gec.md, "Call auction"):
1. Candidate prices are the prices of the orders. At price p, demand D(p) is the quantity bid at p or more,
   supply S(p) the quantity asked at p or less; the volume is min(D, S).
2. The clearing price maximises the volume; among those, the one that leaves the least unmatched quantity
   |D − S|; among those, the highest when demand exceeds supply, the lowest when supply exceeds demand, and
   otherwise the lowest (a tie with nothing left over).
3. At the clearing price, bids at or above it are filled best price first, then earliest; asks at or below it
   likewise, cheapest first, then earliest; the last filled order on each side may be filled in part.
4. Every fill trades at the clearing price. No volume (no bid reaches any ask) clears nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate


@dataclass(frozen=True)
class Order:
    """One sealed order: `n` is its arrival number (time priority)."""

    n: int
    side: str  # "bid" or "ask"
    quantity: int
    price: int  # 分


@dataclass(frozen=True)
class Match:
    """Certificates passing from an ask to a bid at the clearing price."""

    bid: int
    ask: int
    quantity: int


@dataclass(frozen=True)
class Clearing:
    """The outcome: the price (None when nothing clears), the volume and the matches in fill order."""

    price: int | None
    volume: int
    matches: tuple[Match, ...]
    filled: dict[int, int]


def _priority(o: Order) -> tuple[int, int]:
    return (-o.price, o.n) if o.side == "bid" else (o.price, o.n)


def clearing_price(orders: list[Order]) -> tuple[int | None, int]:
    """(price, volume) by rule 2; (None, 0) when no bid meets an ask. O(n log n) over the book."""
    bids = sorted((o.price, o.quantity) for o in orders if o.side == "bid")
    asks = sorted((o.price, o.quantity) for o in orders if o.side == "ask")
    bid_prices = [p for p, _ in bids]
    ask_prices = [p for p, _ in asks]
    bid_from = list(accumulate(reversed([q for _, q in bids]), initial=0))[::-1]  # bid_from[i] = Σ bids[i:]
    ask_upto = list(accumulate((q for _, q in asks), initial=0))  # ask_upto[i] = Σ asks[:i]
    best: tuple[int, int, int] | None = None  # (volume, -imbalance, tiebreak), maximised
    chosen: int | None = None
    for p in sorted(set(bid_prices) | set(ask_prices)):
        d = bid_from[bisect_left(bid_prices, p)]
        s = ask_upto[bisect_right(ask_prices, p)]
        volume = min(d, s)
        if volume == 0:
            continue
        key = (volume, -abs(d - s), p if d > s else -p)
        if best is None or key > best:
            best, chosen = key, p
    return (chosen, best[0]) if best is not None else (None, 0)


def _fill(side: list[Order], volume: int) -> list[tuple[Order, int]]:
    out: list[tuple[Order, int]] = []
    left = volume
    for o in sorted(side, key=_priority):
        if left == 0:
            break
        q = min(o.quantity, left)
        out.append((o, q))
        left -= q
    return out


def clear(orders: list[Order]) -> Clearing:
    """Clear a closed auction by the rule above."""
    price, volume = clearing_price(orders)
    if price is None:
        return Clearing(None, 0, (), {})
    bids = _fill([o for o in orders if o.side == "bid" and o.price >= price], volume)
    asks = _fill([o for o in orders if o.side == "ask" and o.price <= price], volume)
    matches: list[Match] = []
    i = j = 0
    bid_left, ask_left = (bids[0][1], asks[0][1])
    while i < len(bids) and j < len(asks):
        q = min(bid_left, ask_left)
        matches.append(Match(bids[i][0].n, asks[j][0].n, q))
        bid_left -= q
        ask_left -= q
        if bid_left == 0:
            i += 1
            bid_left = bids[i][1] if i < len(bids) else 0
        if ask_left == 0:
            j += 1
            ask_left = asks[j][1] if j < len(asks) else 0
    filled = {o.n: q for o, q in bids + asks}
    return Clearing(price, volume, tuple(matches), filled)
