"""The demo's 2024 trading history: listings on several platforms, 摘牌 buys, bilateral trades and a contract,
green-power settlements and one call auction (第二十一条–第二十三条).

Every trade is dated in 2024: certificates of 2023 electricity expire at the end of 2025 (第二十四条), so they are
sold while valid. Listings that stay open at the end hold 2024 electricity, which is still live after the demo's
expiry run, so the book is never empty. Deterministic: its own seeded generator, independent of the meter data.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

SEED = "policyhub-demo-trading-1"
SELLERS = [f"S{i}" for i in range(1, 12)]  # S12 gets a few listings and the contract: it is frozen later
BUYERS = [f"B{i}" for i in range(1, 9)]
PLATFORM_SETS = [["CGEC"], ["BJ"], ["GZ"], ["CGEC", "BJ"], ["CGEC", "GZ"], ["CGEC", "BJ", "GZ"], ["BJ", "GZ"]]
QUANTITIES = [1_000, 2_000, 3_000, 5_000, 8_000, 10_000, 20_000]
LAST_DAY = date(2024, 9, 27)  # trading stops before the claims (09-28) and the freeze of S12 (09-29)
N_LISTINGS = 40
S12_LISTINGS = {7: "partial", 25: "untouched"}  # both withdrawn when S12 is frozen (第三十三条)
CONTRACT = "BC2024-001"
AUCTION = "CGEC-A2409"


def _at(day: date, hour: int = 10, minute: int = 0) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+08:00"


def _issued_by(day: date) -> list[str]:
    """Production months whose certificates were issued before `day` (issuance runs on the 25th of the next month)."""
    y, m = day.year, day.month - (1 if day.day > 25 else 2)
    while m < 1:
        y, m = y - 1, m + 12
    months = []
    for _ in range(20):
        if (y, m) < (2023, 1):
            break
        months.append(f"{y}-{m:02d}")
        y, m = (y - 1, 12) if m == 1 else (y, m - 1)
    return months


def _price(rng: random.Random, low: float = 3.0, high: float = 12.0) -> str:
    return f"{round(rng.uniform(low, high) * 20) / 20:.2f}"


def _fate(i: int) -> str:
    if i in S12_LISTINGS:
        return S12_LISTINGS[i]
    if i < 16:
        return "delisted" if i % 5 == 3 else "sold_out"
    if i in (19, 30):
        return "delisted"
    return ("sold_out", "partial", "partial", "untouched")[i % 4]


def _split(rng: random.Random, quantity: int, parts: int) -> list[int]:
    """`parts` positive quantities (hundreds) adding up to `quantity`."""
    cuts = sorted(rng.sample(range(1, quantity // 100), parts - 1))
    return [(b - a) * 100 for a, b in zip([0, *cuts], [*cuts, quantity // 100], strict=True)]


def _listing_commands(rng: random.Random) -> Iterator[dict[str, Any]]:
    """40 listings and their buys and delistings; each buy leaves the figures the generator expects."""
    for i in range(N_LISTINGS):
        day = date(2024, 2, 5) + timedelta(days=int(i * 5.6))
        fate = _fate(i)
        seller = "S12" if i in S12_LISTINGS else rng.choice(SELLERS)
        months = _issued_by(day)
        if fate in ("partial", "untouched") and seller != "S12":  # stays open: 2024 electricity outlives the expiry
            months = [m for m in months if m >= "2024-02"]
        name = f"L24{i + 1:03d}"
        platforms = rng.choice(PLATFORM_SETS)
        quantity = rng.choice(QUANTITIES)
        yield {"op": "list", "listing": name, "account": seller, "quantity": quantity, "price": _price(rng),
               "platforms": platforms, "month": rng.choice(months[:3]),
               "at": _at(day, 9, rng.randint(0, 59))}  # fmt: skip
        if fate == "untouched":
            continue
        if fate == "sold_out":
            parts = _split(rng, quantity, rng.randint(2, 4))
        else:  # partial or delisted: some of it sold
            parts = _split(rng, quantity, rng.randint(2, 3))[:-1]
        last = day
        for part in parts:
            last = min(last + timedelta(days=rng.randint(1, 12)), LAST_DAY)
            yield {"op": "buy", "account": rng.choice(BUYERS), "listing": name, "platform": rng.choice(platforms),
                   "quantity": part, "at": _at(last, rng.randint(10, 15), rng.randint(0, 59))}  # fmt: skip
        if fate == "delisted":
            yield {"op": "delist", "listing": name, "at": _at(min(last + timedelta(days=3), LAST_DAY), 17)}


def _bilateral_commands(rng: random.Random) -> Iterator[dict[str, Any]]:
    """Immediate bilateral trades, and one contract whose last delivery fails: S12 is frozen by then."""
    for n, (seller, buyer, platform, day) in enumerate(
        [("S3", "B5", "BJ", date(2024, 3, 12)), ("S6", "B2", "GZ", date(2024, 4, 22)),
         ("S8", "B7", "CGEC", date(2024, 6, 5)), ("S10", "B3", "BJ", date(2024, 8, 19))], 1
    ):  # fmt: skip
        yield {"op": "bilateral", "contract": f"BT2024-{n:03d}", "seller": seller, "buyer": buyer,
               "quantity": rng.choice(QUANTITIES), "price": _price(rng, 4, 9), "platform": platform,
               "at": _at(day, 14)}  # fmt: skip
    yield {"op": "bilateral", "contract": CONTRACT, "seller": "S12", "buyer": "B4", "quantity": 30_000,
           "price": "6.20", "platform": "BJ", "deliveries": [{"date": "2024-07-15", "quantity": 10_000},
           {"date": "2024-08-15", "quantity": 10_000}, {"date": "2024-10-15", "quantity": 10_000}],
           "at": _at(date(2024, 6, 18), 11)}  # fmt: skip
    for day in (date(2024, 7, 31), date(2024, 8, 31)):
        yield {"op": "deliver", "as_of": day.isoformat(), "at": _at(day, 18)}


def _green_power_commands(setup: list[dict[str, Any]], rng: random.Random) -> Iterator[dict[str, Any]]:
    """Green-power settlements carry the project-month's certificates with the electricity (第二十三条)."""
    usable = [c for c in setup if c.get("op") == "register_project" and c["capacity_kw"] >= 50_000
              and c["type"] in ("wind", "offshore_wind", "pv", "biomass")
              and c["commissioned"] < "2023-06-01"]  # fmt: skip
    plan = [("BJ", "河北", "2024-05", date(2024, 6, 27)), ("GZ", "云南", "2024-05", date(2024, 7, 2)),
            ("NM", "内蒙古", "2024-06", date(2024, 7, 29)), ("PX-YN", "云南", "2024-06", date(2024, 8, 1)),
            ("BJ", "甘肃", "2024-07", date(2024, 8, 28))]  # fmt: skip
    taken: set[str] = set()
    for n, (platform, province, month, day) in enumerate(plan):
        project = next(c for c in usable if c["province"] == province and c["project"] not in taken)
        taken.add(project["project"])
        kwh = rng.randint(800, 2_000) * 1000 + rng.randint(0, 999)  # a remainder under 1000 kWh earns nothing
        cmd = {"op": "green_power_settlement", "seller": project["owner"], "buyer": BUYERS[4 + n % 4],
               "project": project["project"], "month": month, "kwh": kwh, "price": f"0.{rng.randint(28, 42)}",
               "platform": platform, "settlement": f"绿电结算单-{platform}-{month}", "at": _at(day, 16)}  # fmt: skip
        if n % 2 == 0:
            cmd["certificate_price"] = _price(rng, 3, 8)  # the certificate's share agreed separately
        yield cmd


def _auction_commands() -> Iterator[dict[str, Any]]:
    """One sealed-bid call auction on CGEC, cleared at one price after it closes."""
    opened = date(2024, 9, 9)
    yield {"op": "auction_open", "auction": AUCTION, "platform": "CGEC", "closes": "2024-09-20T15:00:00+08:00",
           "at": _at(opened, 9)}  # fmt: skip
    bids = [("B1", 6_000, "8.50"), ("B2", 4_000, "7.20"), ("B3", 5_000, "6.80"), ("B5", 3_000, "6.00"),
            ("B6", 8_000, "5.50"), ("B7", 2_000, "4.80")]  # fmt: skip
    asks = [("S2", 5_000, "4.50"), ("S3", 6_000, "5.20"), ("S4", 4_000, "6.00"), ("S6", 8_000, "7.50")]
    for n, (account, quantity, price) in enumerate(bids):
        yield {"op": "bid", "auction": AUCTION, "account": account, "quantity": quantity, "price": price,
               "at": _at(opened + timedelta(days=1 + n), 10)}  # fmt: skip
    for n, (account, quantity, price) in enumerate(asks):
        yield {"op": "ask", "auction": AUCTION, "account": account, "quantity": quantity, "price": price,
               "at": _at(opened + timedelta(days=2 + n), 11)}  # fmt: skip
    yield {"op": "auction_clear", "auction": AUCTION, "at": "2024-09-20T15:10:00+08:00"}


def _buyer_claims(commands: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Buyers claim part of what they bought through listings (第二十四条: the green-consumption claim)."""
    bought: dict[str, int] = {}
    for cmd in commands:
        if cmd["op"] == "buy":
            bought[cmd["account"]] = bought.get(cmd["account"], 0) + cmd["quantity"]
    for n, buyer in enumerate(BUYERS[:5], 1):
        quantity = bought.get(buyer, 0) * 2 // 5 // 100 * 100
        if quantity:
            yield {"op": "claim", "claim": f"DEMO-BC{n}", "account": buyer, "quantity": quantity,
                   "beneficiary": f"示范制造企业{buyer[1:]}", "period": "2024", "at": _at(LAST_DAY, 16, n)}  # fmt: skip


def trading_commands(setup: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The whole 2024 trading history, in the order of its logical times."""
    rng = random.Random(SEED)
    commands = [
        *_listing_commands(rng),
        *_bilateral_commands(rng),
        *_green_power_commands(setup, rng),
        *_auction_commands(),
    ]
    commands.sort(key=lambda c: c["at"])  # stable: a listing comes before its buys, which are later anyway
    return [*commands, *_buyer_claims(commands)]


def after_freeze() -> list[dict[str, Any]]:
    """The contract's October delivery, due after S12 was frozen: recorded as failed, nothing moves."""
    return [{"op": "deliver", "as_of": "2024-10-31", "at": "2024-10-31T18:00:00+08:00"}]
