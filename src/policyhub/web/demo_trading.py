"""The demo's year of trading: listings on several platforms, 摘牌 buys, bilateral trades and a contract,
green-power settlements and one call auction (第二十一条–第二十三条).

Every date is relative to the day the demo is loaded (`Calendar`): the history ends the day before, trading runs
over its last eight months and stops three days before the end, then come the claims, the freeze of S12 and the
contract's last delivery, which fails. Deterministic for a given load day: its own seeded generator, independent
of the meter data; the day only moves the dates (and so which production months are on offer).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from policyhub import clock

BEIJING = clock.BEIJING
SEED = "policyhub-demo-trading-1"
N_MONTHS = 20  # production months of history
SELLERS = [f"S{i}" for i in range(1, 12)]  # S12 gets a few listings and the contract: it is frozen later
BUYERS = [f"B{i}" for i in range(1, 9)]
PLATFORM_SETS = [["CGEC"], ["BJ"], ["GZ"], ["CGEC", "BJ"], ["CGEC", "GZ"], ["CGEC", "BJ", "GZ"], ["BJ", "GZ"]]
QUANTITIES = [1_000, 2_000, 3_000, 5_000, 8_000, 10_000, 20_000]
N_LISTINGS = 40
S12_LISTINGS = {7: "partial", 25: "untouched"}  # both withdrawn when S12 is frozen (第三十三条)
# Days relative to the history's last day (0). Trading stops before the claims (-2) and the freeze of S12 (-1).
FIRST_LISTING, LAST_TRADE, SELLER_CLAIMS, FREEZE = -238, -3, -2, -1


def month_add(month: str, n: int) -> str:
    """`month` (YYYY-MM) moved by `n` months."""
    y, m = divmod(int(month[:4]) * 12 + int(month[5:7]) - 1 + n, 12)
    return f"{y}-{m + 1:02d}"


@dataclass(frozen=True)
class Calendar:
    """The demo's dates for a load day (Beijing time): every command is dated before that day begins."""

    today: date

    @classmethod
    def of(cls, today: date | None = None) -> Calendar:
        return cls(today or clock.today())

    @property
    def end(self) -> date:
        """The history's last day: the day before the load day."""
        return self.today - timedelta(days=1)

    def day(self, offset: int) -> date:
        """The day `offset` days from the history's last day (negative: before it)."""
        return self.end + timedelta(days=offset)

    @property
    def months(self) -> list[str]:
        """Production months, oldest first: the 20 months before the last day's month (each complete by then)."""
        last = month_add(self.end.isoformat()[:7], -1)
        return [month_add(last, n) for n in range(1 - N_MONTHS, 1)]

    def meter_at(self, month: str) -> datetime:
        """Grid data arrives on the 20th of the next month (the last month's on the last day, if that is earlier)."""
        return self._next_month(month, 20, 10)

    def issue_at(self, month: str) -> datetime:
        """Issuance runs on the 25th of the next month (the last month's on the last day, if that is earlier)."""
        return self._next_month(month, 25, 10, late_hour=12)

    def _next_month(self, month: str, dom: int, hour: int, late_hour: int | None = None) -> datetime:
        first = date.fromisoformat(f"{month_add(month, 1)}-01")
        day = first.replace(day=dom)
        if day > self.end:
            day, hour = self.end, late_hour or hour
        return datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING)

    def issued_by(self, day: date) -> list[str]:
        """Production months whose certificates were issued before `day`, newest first."""
        return [m for m in reversed(self.months) if self.issue_at(m).date() < day]


def at(day: date, hour: int = 10, minute: int = 0) -> str:
    """A command's logical time on `day`, Beijing time."""
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}:00+08:00"


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


def _listing_commands(rng: random.Random, cal: Calendar) -> Iterator[dict[str, Any]]:
    """40 listings and their buys and delistings; each buy leaves the figures the generator expects."""
    last_day = cal.day(LAST_TRADE)
    for i in range(N_LISTINGS):
        day = cal.day(FIRST_LISTING + int(i * 5.6))
        fate = _fate(i)
        seller = "S12" if i in S12_LISTINGS else rng.choice(SELLERS)
        name = f"L{day:%y}{i + 1:03d}"
        platforms = rng.choice(PLATFORM_SETS)
        quantity = rng.choice(QUANTITIES)
        yield {"op": "list", "listing": name, "account": seller, "quantity": quantity, "price": _price(rng),
               "platforms": platforms, "month": rng.choice(cal.issued_by(day)[:3]),
               "at": at(day, 9, rng.randint(0, 59))}  # fmt: skip
        if fate == "untouched":
            continue
        if fate == "sold_out":
            parts = _split(rng, quantity, rng.randint(2, 4))
        else:  # partial or delisted: some of it sold
            parts = _split(rng, quantity, rng.randint(2, 3))[:-1]
        last = day
        for part in parts:
            last = min(last + timedelta(days=rng.randint(1, 12)), last_day)
            yield {"op": "buy", "account": rng.choice(BUYERS), "listing": name, "platform": rng.choice(platforms),
                   "quantity": part, "at": at(last, rng.randint(10, 15), rng.randint(0, 59))}  # fmt: skip
        if fate == "delisted":
            yield {"op": "delist", "listing": name, "at": at(min(last + timedelta(days=3), last_day), 17)}


def contract_name(cal: Calendar) -> str:
    """The bilateral contract whose last delivery fails (named by the year it is signed)."""
    return f"BC{cal.day(-104).year}-001"


def auction_name(cal: Calendar) -> str:
    """The call auction (named by the month it clears)."""
    return f"CGEC-A{cal.day(-10):%y%m}"


def _bilateral_commands(rng: random.Random, cal: Calendar) -> Iterator[dict[str, Any]]:
    """Immediate bilateral trades, and one contract whose last delivery fails: S12 is frozen by then."""
    for n, (seller, buyer, platform, offset) in enumerate(
        [("S3", "B5", "BJ", -202), ("S6", "B2", "GZ", -161), ("S8", "B7", "CGEC", -117), ("S10", "B3", "BJ", -42)], 1
    ):
        day = cal.day(offset)
        yield {"op": "bilateral", "contract": f"BT{day.year}-{n:03d}", "seller": seller, "buyer": buyer,
               "quantity": rng.choice(QUANTITIES), "price": _price(rng, 4, 9), "platform": platform,
               "at": at(day, 14)}  # fmt: skip
    dates = [cal.day(-77), cal.day(-46), cal.day(0)]  # the last one is due on the last day, after the freeze
    yield {"op": "bilateral", "contract": contract_name(cal), "seller": "S12", "buyer": "B4", "quantity": 30_000,
           "price": "6.20", "platform": "BJ",
           "deliveries": [{"date": d.isoformat(), "quantity": 10_000} for d in dates],
           "at": at(cal.day(-104), 11)}  # fmt: skip
    for day in (cal.day(-61), cal.day(-30)):
        yield {"op": "deliver", "as_of": day.isoformat(), "at": at(day, 18)}


def _green_power_commands(setup: list[dict[str, Any]], rng: random.Random, cal: Calendar) -> Iterator[dict[str, Any]]:
    """Green-power settlements carry the project-month's certificates with the electricity (第二十三条)."""
    producing = f"{month_add(cal.months[0], 5)}-01"  # producing well before any month settled
    usable = [c for c in setup if c.get("op") == "register_project" and c["capacity_kw"] >= 50_000
              and c["type"] in ("wind", "offshore_wind", "pv", "biomass")
              and c["commissioned"] < producing]  # fmt: skip
    plan = [("BJ", "河北", -95), ("GZ", "云南", -90), ("NM", "内蒙古", -63), ("PX-YN", "云南", -60),
            ("BJ", "甘肃", -33)]  # fmt: skip
    taken: set[str] = set()
    for n, (platform, province, offset) in enumerate(plan):
        day = cal.day(offset)
        month = cal.issued_by(day)[0]  # the month issued last
        project = next(c for c in usable if c["province"] == province and c["project"] not in taken)
        taken.add(project["project"])
        kwh = rng.randint(800, 2_000) * 1000 + rng.randint(0, 999)  # a remainder under 1000 kWh earns nothing
        cmd = {"op": "green_power_settlement", "seller": project["owner"], "buyer": BUYERS[4 + n % 4],
               "project": project["project"], "month": month, "kwh": kwh, "price": f"0.{rng.randint(28, 42)}",
               "platform": platform, "settlement": f"绿电结算单-{platform}-{month}", "at": at(day, 16)}  # fmt: skip
        if n % 2 == 0:
            cmd["certificate_price"] = _price(rng, 3, 8)  # the certificate's share agreed separately
        yield cmd


def _auction_commands(cal: Calendar) -> Iterator[dict[str, Any]]:
    """One sealed-bid call auction on CGEC, cleared at one price after it closes."""
    name, opened, closes = auction_name(cal), cal.day(-21), cal.day(-10)
    yield {"op": "auction_open", "auction": name, "platform": "CGEC", "closes": at(closes, 15), "at": at(opened, 9)}
    bids = [("B1", 6_000, "8.50"), ("B2", 4_000, "7.20"), ("B3", 5_000, "6.80"), ("B5", 3_000, "6.00"),
            ("B6", 8_000, "5.50"), ("B7", 2_000, "4.80")]  # fmt: skip
    asks = [("S2", 5_000, "4.50"), ("S3", 6_000, "5.20"), ("S4", 4_000, "6.00"), ("S6", 8_000, "7.50")]
    for n, (account, quantity, price) in enumerate(bids):
        yield {"op": "bid", "auction": name, "account": account, "quantity": quantity, "price": price,
               "at": at(opened + timedelta(days=1 + n), 10)}  # fmt: skip
    for n, (account, quantity, price) in enumerate(asks):
        yield {"op": "ask", "auction": name, "account": account, "quantity": quantity, "price": price,
               "at": at(opened + timedelta(days=2 + n), 11)}  # fmt: skip
    yield {"op": "auction_clear", "auction": name, "at": at(closes, 15, 10)}


def _buyer_claims(commands: list[dict[str, Any]], cal: Calendar) -> Iterator[dict[str, Any]]:
    """Buyers claim part of what they bought through listings (第二十四条: the green-consumption claim)."""
    bought: dict[str, int] = {}
    for cmd in commands:
        if cmd["op"] == "buy":
            bought[cmd["account"]] = bought.get(cmd["account"], 0) + cmd["quantity"]
    day = cal.day(LAST_TRADE)
    for n, buyer in enumerate(BUYERS[:5], 1):
        quantity = bought.get(buyer, 0) * 2 // 5 // 100 * 100
        if quantity:
            yield {"op": "claim", "claim": f"DEMO-BC{n}", "account": buyer, "quantity": quantity,
                   "beneficiary": f"示范制造企业{buyer[1:]}", "period": f"{day.year - 2}/{day.year}",
                   "at": at(day, 16, n)}  # fmt: skip


def trading_commands(setup: list[dict[str, Any]], cal: Calendar) -> list[dict[str, Any]]:
    """The whole trading history, in the order of its logical times."""
    rng = random.Random(SEED)
    commands = [
        *_listing_commands(rng, cal),
        *_bilateral_commands(rng, cal),
        *_green_power_commands(setup, rng, cal),
        *_auction_commands(cal),
    ]
    commands.sort(key=lambda c: c["at"])  # stable: a listing comes before its buys, which are later anyway
    return [*commands, *_buyer_claims(commands, cal)]


def after_freeze(cal: Calendar) -> list[dict[str, Any]]:
    """The contract's last delivery, due after S12 was frozen: recorded as failed, nothing moves."""
    return [{"op": "deliver", "as_of": cal.end.isoformat(), "at": at(cal.end, 18)}]
