"""The registry's answers as its API, CLI and pages give them (TypedDicts: dicts on the wire, the same JSON)."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Counts(TypedDict):
    """An account's certificates on a day by standing: live (of which tradable and listed) and the cancelled ones."""

    live: int
    tradable: int
    listed: int
    claimed: int
    expired: int
    revoked: int


class State(TypedDict):
    """The registry's certificates per account (accounts in natural name order)."""

    accounts: dict[str, Counts]


class Block(TypedDict):
    """A block of consecutive certificate codes as an account holds it, with its standing on the day asked."""

    first_code: str
    last_code: str
    count: int
    project: str
    month: str
    kind: str
    tradable: bool
    traded: bool
    status: str
    valid_until: str
    listed: bool
    claim: str | None


class Account(TypedDict):
    """An account as listed (第八条): who holds it, its standing, and whether it is frozen and why."""

    account: str
    kind: str
    name: str
    id_doc: str | None
    province: str | None
    gec_only_pledge: bool
    status: str
    frozen: bool
    freeze_reason: str | None


class AccountView(Account, Counts):
    """One account with its certificate counts today and the platforms holding its mandate (第八条)."""

    mandates: list[str]


class Project(TypedDict):
    """A registered project (建档立卡) with the kWh it carries to next month per kind (第十五条)."""

    project: str
    owner: str
    name: str
    type: str
    province: str
    capacity_kw: float
    commissioned: str
    fully_market: bool
    grid_tradable: bool
    carry_tradable_kwh: int
    carry_non_tradable_kwh: int


class ClaimFacts(TypedDict):
    """What every read of a green-consumption claim shows (第二十四条): who benefits, for what, where and when."""

    claim: str
    code: str
    quantity: int
    beneficiary: str
    period: str
    purpose: str
    consumer_province: str | None
    site: str | None
    at: str


class ClaimRow(ClaimFacts):
    """A green-consumption claim as an account's list shows it (第二十四条)."""

    account: str


class Actor(TypedDict):
    """Who sent a journaled command: a role and its scope (the operator's local tool when none is recorded)."""

    role: str
    token: int | None
    account: str | None
    platform: str | None


class Entry(TypedDict):
    """A journal entry (第三十条 可追溯): the command and its result, chained by hash to the one before."""

    seq: int
    at: str
    received: str
    op: str
    actor: Actor
    command: dict[str, object]  # the command as journaled (its shape is the op's, docs/gec.md)
    result: Result
    prev_hash: str
    hash: str


class Head(TypedDict):
    """The journal's head: the last entry's number and hash (a published report's anchor)."""

    seq: int
    hash: str


def zero_counts() -> Counts:
    """Counts of an account that holds nothing."""
    return {"live": 0, "tradable": 0, "listed": 0, "claimed": 0, "expired": 0, "revoked": 0}


class Listing(TypedDict):
    """A listing in the book every platform shows (第二十一条（一）), with what remains valid to buy."""

    listing: str
    account: str
    quantity: int
    remaining: int
    price: str
    platforms: list[str]
    project: str | None
    month: str | None
    province: str | None
    status: str
    at: str


class MovedRange(TypedDict):
    """A range of certificate codes a command moved: a trade (第二十二条), a transfer, a claim, a revocation."""

    first_code: str
    last_code: str
    count: int
    project: str
    month: str


class TradeTerms(TypedDict):
    """What every answer about a trade says (第二十二条): its route and platform, who sold to whom, how many, at what
    price."""

    trade: str
    route: str
    platform: str | None
    seller: str
    buyer: str
    quantity: int
    price: str | None


class Trade(TradeTerms):
    """A trade: route, platform, the two parties, quantity and price; with its ranges when read alone."""

    ref: str | None
    kwh: int | None
    power_price: str | None
    at: str
    ranges: NotRequired[list[MovedRange]]


class ListingDetail(Listing):
    """One listing with what it sold and its trades."""

    sold: int
    trades: list[Trade]


class Delivery(TypedDict):
    """One scheduled delivery of a bilateral contract and what became of it."""

    n: int
    date: str
    quantity: int
    status: str
    trade: str | None
    note: str | None


class Contract(TypedDict):
    """A bilateral contract (第二十一条（二）) with its delivery schedule."""

    contract: str
    seller: str
    buyer: str
    quantity: int
    price: str
    platform: str
    deliveries: list[Delivery]


class Order(TypedDict):
    """A sealed order of an auction, shown once it has cleared."""

    order: int
    side: str
    account: str
    quantity: int
    price: str
    filled: int


class Auction(TypedDict):
    """An auction (第二十一条（三）): its orders counted until it clears, then its book and clearing price."""

    auction: str
    platform: str
    closes: str
    status: str
    orders: int
    clearing_price: str | None
    volume: int | None
    book: NotRequired[list[Order]]


# A command's result (outcomes.py makes a refusal's; each op's own fields are typed by its handler, service/).


class BadRow(TypedDict):
    """A bulk command's bad row: its number and why it was refused."""

    row: int
    reason: str


class Refusal(TypedDict):
    """Why a command was refused: a stable code and a message (Chinese first); a bulk command's bad rows."""

    code: str
    message: str
    rows: NotRequired[list[BadRow]]


class Result(TypedDict):
    """A command's result as the contract gives it: `ok`, then a refusal's `error`, or an applied command's `op`,
    journal `entry` and the fields its handler answers (typed per op in service/); `duplicate` on a repeat."""

    ok: bool
    error: NotRequired[Refusal]
    op: NotRequired[str]
    entry: NotRequired[int]
    duplicate: NotRequired[bool]
