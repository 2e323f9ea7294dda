"""Where an account's movements come from: each kind read from the record that holds it exactly.

Every movement is one journal entry's effect on the account (a trade is one movement even when an entry makes
several). Trades (`gec_trades`), claims (`gec_claims`), revocations (`gec_blocks`, status `revoked`, holder and
entry kept) and expiries (`gec_blocks`, status `expired`) are indexed by account. Issuance goes to the project's
owner at the time (`gec_issuance` rows of the account's projects), and two kinds live in the journal alone:
legacy hydro transfers (第二十二条) and project transfers (which decide who owned a project when). Those are few;
they are found by their `op`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, NotRequired, TypedDict

import sqlalchemy as sa

from .adapters import tables as t
from .domain.money import yuan
from .domain.months import first_day, last_day
from .journal_ops import STREAM, rare_entries
from .service.market import trade_id

_j, _i, _b, _tr, _c, _p = t.journal.c, t.issuance.c, t.blocks.c, t.trades.c, t.claims.c, t.projects.c
_EXPIRED = sa.literal_column("'expired'", sa.String)
_REVOKED = sa.literal_column("'revoked'", sa.String)
_MONTH = sa.func.substr


@dataclass(frozen=True)
class Period:
    """One account's statement period: calendar months of Beijing time, lapses judged up to the registry's date."""

    account: str
    first: str  # YYYY-MM
    last: str  # YYYY-MM
    today: str  # the registry's date (ISO): nothing lapses after it

    @property
    def lapse_from(self) -> str:
        """A certificate lapses the day after its last valid day: in the period iff valid_until ≥ this."""
        return (first_day(self.first) - timedelta(days=1)).isoformat()

    @property
    def lapse_to(self) -> str:
        """… and valid_until < this (the end of the period, or the registry's date if earlier)."""
        return min(last_day(self.last).isoformat(), self.today)

    def when(self, at_month: Any) -> Any:
        """SQL: -1 before the period, 0 within it, 1 after it, for a column holding YYYY-MM."""
        return sa.case((at_month < self.first, -1), (at_month <= self.last, 0), else_=1)

    def side(self, month: str) -> int:
        """The same in Python."""
        return -1 if month < self.first else 0 if month <= self.last else 1


@dataclass
class Total:
    """What one kind added up to before the period and within it, and how many movements it had within."""

    before: int = 0
    within: int = 0
    count: int = 0

    def add(self, side: int, quantity: int, count: int = 1) -> None:
        if side < 0:
            self.before += quantity
        elif side == 0:
            self.within += quantity
            self.count += count


class Movement(TypedDict):
    """One journal entry's effect on the account: its kind and signed quantity, and what the kind records.

    Issuance: month, tradable, non_tradable, projects. A trade: trade, route, platform, counterparty, price. A claim:
    claim, code, beneficiary, period, purpose, consumer_province, site. A transfer: counterparty, project, month.
    A revocation: project, month. A lapse: valid_until (entry null until `expire` cancels it).
    """

    entry: int | None
    at: str
    kind: str
    quantity: int
    month: NotRequired[str | None]
    tradable: NotRequired[int]
    non_tradable: NotRequired[int]
    projects: NotRequired[int]
    trade: NotRequired[str]
    route: NotRequired[str]
    platform: NotRequired[str | None]
    counterparty: NotRequired[str]
    price: NotRequired[str | None]
    claim: NotRequired[str]
    code: NotRequired[str]
    beneficiary: NotRequired[str]
    period: NotRequired[str]
    purpose: NotRequired[str]
    consumer_province: NotRequired[str | None]
    site: NotRequired[str | None]
    project: NotRequired[str | None]
    valid_until: NotRequired[str]


Totals = dict[str, Total]
Keyed = tuple[tuple[str, int], Movement]  # (sort key: time, entry), the movement


def add_total(totals: Totals, kind: str, side: int, quantity: int, count: int = 1) -> None:
    totals.setdefault(kind, Total()).add(side, quantity, count)


def _grouped(rows: Any, *keys: str) -> Any:
    """Σ quantity and a count per `keys` of a select (grouped outside it: PostgreSQL matches no bound expression)."""
    inner = rows.subquery()
    cols = [inner.c[k] for k in keys]
    return sa.select(*cols, sa.func.sum(inner.c.quantity), sa.func.count()).group_by(*cols)


# Trades (第二十二条): every route writes one row per trade with its seller, buyer and month.


def _trade_cond(p: Period) -> Any:
    return sa.and_(sa.or_(_tr.seller == p.account, _tr.buyer == p.account), _tr.month <= p.last)


def trade_totals(conn: sa.Connection, p: Period, totals: Totals) -> None:
    rows = sa.select((_tr.seller == p.account).label("sold"), p.when(_tr.month).label("side"), _tr.quantity)
    for sold, s, quantity, count in conn.execute(_grouped(rows.where(_trade_cond(p)), "sold", "side")):
        kind, sign = ("sold", -1) if sold else ("bought", 1)
        add_total(totals, kind, int(s), sign * int(quantity), int(count))


def trades(conn: sa.Connection, p: Period) -> Iterator[Keyed]:
    q = sa.select(t.trades).where(_trade_cond(p), _tr.month >= p.first).order_by(_tr.trade)
    for r in conn.execute(q.execution_options(yield_per=STREAM)):
        sold = r.seller == p.account
        yield (
            (r.at, int(r.entry)),
            {
                "entry": int(r.entry),
                "at": r.at,
                "kind": "sold" if sold else "bought",
                "quantity": -int(r.quantity) if sold else int(r.quantity),
                "trade": trade_id(int(r.trade)),
                "route": r.route,
                "platform": r.platform,
                "counterparty": r.buyer if sold else r.seller,
                "price": None if r.price_fen is None else yuan(int(r.price_fen)),
            },
        )


# Claims (第二十四条): the claim record holds its account, quantity, entry and time.


def claim_totals(conn: sa.Connection, p: Period, totals: Totals) -> None:
    month = _MONTH(_c.at, 1, 7)
    rows = sa.select(p.when(month).label("side"), _c.quantity.label("quantity"))
    for s, quantity, count in conn.execute(_grouped(rows.where(_c.account == p.account, month <= p.last), "side")):
        add_total(totals, "claimed", int(s), -int(quantity), int(count))


def claims(conn: sa.Connection, p: Period) -> Iterator[Keyed]:
    month = _MONTH(_c.at, 1, 7)
    q = sa.select(t.claims).where(_c.account == p.account, month >= p.first, month <= p.last).order_by(_c.number)
    for r in conn.execute(q.execution_options(yield_per=STREAM)):
        yield (
            (r.at, int(r.entry)),
            {
                "entry": int(r.entry),
                "at": r.at,
                "kind": "claimed",
                "quantity": -int(r.quantity),
                "claim": r.claim,
                "code": r.code,
                "beneficiary": r.beneficiary,
                "period": r.period,
                "purpose": r.purpose,
                "consumer_province": r.consumer_province,
                "site": r.site,
            },
        )


# Revocations (第三十二条): a revoked block keeps its holder and the correcting entry, and never changes again.


def _revoked(p: Period) -> Any:
    month = _MONTH(_j.at, 1, 7)
    return (
        sa.select(_b.entry, _j.at, _b.project, _b.month, sa.func.sum(_b.serial_end - _b.serial_start).label("n"))
        .join(t.journal, _j.seq == _b.entry)
        .where(_b.holder == p.account, _b.status == _REVOKED, month <= p.last)
        .group_by(_b.entry, _j.at, _b.project, _b.month)
    )


def revoked_totals(conn: sa.Connection, p: Period, totals: Totals) -> None:
    for r in conn.execute(_revoked(p)):
        add_total(totals, "revoked", p.side(str(r.at)[:7]), -int(r.n))


def revoked(conn: sa.Connection, p: Period) -> Iterator[Keyed]:
    q = _revoked(p).where(_MONTH(_j.at, 1, 7) >= p.first).order_by(_b.entry, _b.project, _b.month)
    for r in conn.execute(q):
        yield (
            (r.at, int(r.entry)),
            {
                "entry": int(r.entry),
                "at": r.at,
                "kind": "revoked",
                "quantity": -int(r.n),
                "project": r.project,
                "month": r.month,
            },
        )


# Expiry (第二十四条): a certificate lapses the day after its last valid day. Cancelled ones carry the `expire` entry
# that cancelled them; one past its validity that `expire` has not reached yet lapses all the same (entry null), as
# every other view reads it (gec/validity.py).


def _lapsed(p: Period, upper: str) -> Any:
    entry = sa.case((_b.status == _EXPIRED, _b.entry), else_=None)
    lapsed = sa.or_(_b.status == _EXPIRED, sa.and_(_b.status == t.LIVE, _b.valid_until < p.today))
    return (
        sa.select(_b.valid_until, entry.label("entry"), sa.func.sum(_b.serial_end - _b.serial_start).label("n"))
        .where(_b.holder == p.account, lapsed, _b.valid_until < upper)
        .group_by(_b.valid_until, entry)
    )


def expired_totals(conn: sa.Connection, p: Period, totals: Totals) -> None:
    for r in conn.execute(_lapsed(p, p.lapse_to)):
        side = -1 if r.valid_until < p.lapse_from else 0
        add_total(totals, "expired", side, -int(r.n))


def expired(conn: sa.Connection, p: Period) -> Iterator[Keyed]:
    q = _lapsed(p, p.lapse_to).where(_b.valid_until >= p.lapse_from).order_by(_b.valid_until, "entry")
    for r in conn.execute(q):
        at = (date.fromisoformat(r.valid_until) + timedelta(days=1)).isoformat() + "T00:00:00+08:00"
        entry = None if r.entry is None else int(r.entry)
        # At the same moment as an entry, a lapse comes first: it happened at midnight.
        yield (
            (at, -1 if entry is None else entry),
            {
                "entry": entry,
                "at": at,
                "kind": "expired",
                "quantity": -int(r.n),
                "valid_until": r.valid_until,
            },
        )


# Legacy hydro transfers (第二十二条): in the journal alone, found by their op.


def transfers(conn: sa.Connection, p: Period, totals: Totals) -> list[Keyed]:
    """The account's legacy hydro transfers up to the period's end (第二十二条); totals added, the period's returned."""
    out: list[Keyed] = []
    for r in rare_entries(conn, ("transfer",), p.last):
        res = json.loads(r.result)
        if p.account not in (res["from"], res["to"]):
            continue
        out_, moved = res["from"] == p.account, int(res["quantity"])
        kind, quantity = ("transferred_out", -moved) if out_ else ("transferred_in", moved)
        side = p.side(str(r.at)[:7])
        add_total(totals, kind, side, quantity)
        if side == 0:
            cmd = json.loads(r.command)
            out.append(((r.at, int(r.seq)), {
                "entry": int(r.seq), "at": r.at, "kind": kind, "quantity": quantity,
                "counterparty": res["to"] if out_ else res["from"], "project": cmd.get("project"),
                "month": cmd.get("month"),
            }))  # fmt: skip
    return out
