"""Account statements: every movement of an account over a period, with opening and closing balances.

Like a bank's: the holder (第八条), the operator (第五条) and the regulator (第三十一条) read what came in and went
out — issued, bought, sold, transferred in and out, claimed, expired, revoked, corrected — each with its journal
entry, and the journal head the statement was drawn at (`gec audit --anchor SEQ:HASH` later proves that history
was not rewritten, 第三十条). Months are calendar months of Beijing time, as the monthly report's.

Balances are sums of movements, so `closing.live = opening.live + Σ quantity` and each cancelled status grows by
what its movements took from `live`. Everything is read in one snapshot; movements stream in time order.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TypedDict

import sqlalchemy as sa

from policyhub.errors import InputError, NotFound
from policyhub.limits import STATEMENT_MONTHS, STATEMENT_MOVEMENTS

from . import statement_sources as src
from .adapters import tables as t
from .adapters.snapshot import snapshot
from .answers import Head
from .domain.months import parse_month
from .registry import Registry
from .statement_issuance import issuance
from .statement_sources import Keyed, Movement, Period, Totals

KINDS = ("issued", "corrected", "bought", "sold", "transferred_in", "transferred_out", "claimed", "expired", "revoked")
CANCELLED = ("claimed", "expired", "revoked")  # statuses a certificate leaves `live` for, for good
BALANCES = ("live", *CANCELLED)


class Balances(TypedDict):
    """An account's certificates by standing: live, and each cancelled status (第二十四条, 第三十二条)."""

    live: int
    claimed: int
    expired: int
    revoked: int


class Line(Movement):
    """A movement with the account's balances after it."""

    balance: Balances


# `from` is a keyword: the header is spelled as the contract has it (the document adds its movements).
Header = TypedDict(
    "Header",
    {
        "account": str,
        "name": str,
        "kind": str,
        "from": str,
        "to": str,
        "as_of": str,
        "opening": Balances,
        "closing": Balances,
        "totals": dict[str, int],  # per movement kind (KINDS): the signed sum within the period
        "count": int,
        "anchor": Head,  # the journal head the statement was drawn at (`gec audit --anchor SEQ:HASH`)
    },
)


class Document(Header):
    """The whole statement: its header and every movement in the period."""

    movements: list[Line]


def check_period(first: str, last: str, today: str) -> None:
    """Two months, in order, ended or current (the registry's date), at most STATEMENT_MONTHS apart; else 400."""
    y1, m1 = parse_month(first)
    y2, m2 = parse_month(last)
    months = (y2 * 12 + m2) - (y1 * 12 + m1) + 1
    if months < 1:
        raise InputError(f"起始月份 {first} 晚于截止月份 {last} `from` is after `to`", "invalid_period")
    if months > STATEMENT_MONTHS:
        raise InputError(
            f"对账期间最长 {STATEMENT_MONTHS} 个月，{first}–{last} 为 {months} 个月 "
            f"a statement covers at most {STATEMENT_MONTHS} months, not {months}",
            "invalid_period",
        )
    if last > today[:7]:
        raise InputError(
            f"截止月份 {last} 尚未到来（登记系统日期 {today}）`to` is after the current month", "invalid_period"
        )


class Statement:
    """A statement drawn in one read snapshot: `header` at once, `movements()` streamed while it stays open."""

    def __init__(self, conn: sa.Connection, period: Period) -> None:
        self.conn, self.period = conn, period
        head = conn.execute(sa.select(t.meta.c.head_seq, t.meta.c.head_hash).where(t.meta.c.id == 1)).one()
        acc = conn.execute(sa.select(t.accounts).where(t.accounts.c.account == period.account)).first()
        if acc is None:
            raise NotFound(f"账户不存在 no account {period.account!r}", "unknown_account")
        self.totals: Totals = {}
        for add in (src.trade_totals, src.claim_totals, src.revoked_totals, src.expired_totals):
            add(conn, period, self.totals)
        # Issuance and transfers are few per account: read whole (their period's movements kept for the stream).
        self._kept = issuance(conn, period, self.totals) + src.transfers(conn, period, self.totals)
        self.count = sum(x.count for x in self.totals.values())
        opening = _balances({k: v.before for k, v in self.totals.items()})
        self.header: Header = {
            "account": period.account,
            "name": acc.name,
            "kind": acc.kind,
            "from": period.first,
            "to": period.last,
            "as_of": period.today,
            "opening": opening,
            "closing": _balances({k: v.before + v.within for k, v in self.totals.items()}),
            "totals": {k: self.totals[k].within if k in self.totals else 0 for k in KINDS},
            "count": self.count,
            "anchor": {"seq": int(head.head_seq), "hash": str(head.head_hash)},
        }

    def movements(self) -> Iterator[Line]:
        """The period's movements in time order, each with the four balances after it."""
        p, conn = self.period, self.conn
        streams: list[Iterator[Keyed]] = [
            iter(sorted(self._kept, key=lambda m: m[0])),
            src.trades(conn, p),
            src.claims(conn, p),
            src.revoked(conn, p),
            src.expired(conn, p),
        ]
        o = self.header["opening"]
        balance = {"live": o["live"], "claimed": o["claimed"], "expired": o["expired"], "revoked": o["revoked"]}
        for _, m in heapq.merge(*streams, key=lambda m: m[0]):
            balance["live"] += m["quantity"]
            if m["kind"] in CANCELLED:
                balance[m["kind"]] -= m["quantity"]
            yield {**m, "balance": _as_balances(balance)}


def _as_balances(b: dict[str, int]) -> Balances:
    return {"live": b["live"], "claimed": b["claimed"], "expired": b["expired"], "revoked": b["revoked"]}


def _balances(sums: dict[str, int]) -> Balances:
    """Balances from the signed sums of each kind: live is all of them, each cancelled status what it took."""
    claimed, expired, revoked = (-sums.get(k, 0) for k in CANCELLED)
    return {"live": sum(sums.values()), "claimed": claimed, "expired": expired, "revoked": revoked}


@contextmanager
def open_statement(registry: Registry, account: str, first: str, last: str) -> Iterator[Statement]:
    """Read a statement in one snapshot (PostgreSQL: REPEATABLE READ; SQLite: one read transaction)."""
    today = registry.today()
    check_period(first, last, today)
    with snapshot(registry.engine) as conn:
        yield Statement(conn, Period(account, first, last, today))


def statement(registry: Registry, account: str, first: str, last: str, limit: int = STATEMENT_MOVEMENTS) -> Document:
    """The whole statement as one document, refused (400) when the period holds more than `limit` movements."""
    with open_statement(registry, account, first, last) as st:
        if st.count > limit:
            raise InputError(
                f"该期间有 {st.count:,} 笔变动，超过 {limit:,} 笔：请缩短对账期间 the period holds {st.count:,} "
                f"movements, more than {limit:,}: ask for fewer months (the CLI streams any number)",
                "too_many_movements",
            )
        movements = list(st.movements())
        h = st.header
        return {"account": h["account"], "name": h["name"], "kind": h["kind"], "from": h["from"], "to": h["to"],
                "as_of": h["as_of"], "opening": h["opening"], "movements": movements, "closing": h["closing"],
                "totals": h["totals"], "count": h["count"], "anchor": h["anchor"]}  # fmt: skip
