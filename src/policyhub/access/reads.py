"""The read policy: what each role sees of each view of the registry, as one decision table.

Public reads show market facts (第二十一条 prices, volumes, remaining quantity, platform; 第二十八条–第二十九条 the
monthly figures; 第二十七条 a certificate's public fields) and never who bought, who bid, at what limit, or who
holds a certificate. Routes and pages ask `admits` (may this role read the view at all) and `sees` (does it see this
record in full); the `*_as_read_by` helpers give a record as a reader may see it. The table is repeated in
docs/security.md and tests/access/test_access_reads.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import TypeVar, cast

from policyhub.access.roles import Actor, Role

V = TypeVar("V")  # a record's values: a reader gets them as they are, some keys left out


class View(StrEnum):
    """What a route or page shows; each row of the table."""

    certificate = "certificate"  # /api/gec/verify/{code}, /verify/{code}: a certificate by its code (第二十七条)
    claim = "claim"  # /api/gec/claims/{code}, /gec/claims/{code}[.pdf]: a green-consumption claim
    listing = "listing"  # /api/gec/listings[/{id}], /gec/market: the book (第二十一条（一）)
    trade = "trade"  # a trade: inside a listing, /api/gec/trades[/{id}] (第二十二条)
    order = "order"  # an auction order: /api/gec/auctions/{id}, /gec/market/auctions/{id} (第二十一条（三）)
    account = "account"  # holdings, claims, contracts, statements, the account page and the account list (第八条)
    registry = "registry"  # /api/gec/state, /api/gec/journal: the whole registry (第三十条, 第三十一条)
    report = "report"  # /api/gec/report, /gec/report, the market figures: totals only (第二十八条–第二十九条)


class Reach(StrEnum):
    """How much of a view a role sees."""

    none = "none"  # not at all: the route refuses (401/403), a list leaves the record out
    public = "public"  # market facts: the view's private fields are left out
    parties = "parties"  # in full where the reader's account is a party, market facts otherwise
    platform = "platform"  # in full where the record is on the reader's platform, market facts otherwise
    all = "all"  # in full


_OP, _RG, _DP, _IC, _PF, _AH, _PUB, _FM = (Role.operator, Role.regulator, Role.data_provider, Role.info_centre,
                                           Role.platform, Role.account_holder, Role.public, Role.firm)  # fmt: skip
_N, _P, _PT, _PF_, _A = Reach.none, Reach.public, Reach.parties, Reach.platform, Reach.all


def _row(op: Reach, rg: Reach, dp: Reach, ic: Reach, pf: Reach, ah: Reach, pub: Reach) -> dict[Role, Reach]:
    # A firm's credential (its self-assessments) reads the registry as the public does.
    return {_OP: op, _RG: rg, _DP: dp, _IC: ic, _PF: pf, _AH: ah, _PUB: pub, _FM: pub}


# view × role → reach. Columns: operator, regulator, data provider, info centre, platform, account holder, public.
# The operator (第五条) and the regulator (第三十一条) read everything; a holder reads its own (第八条); a platform
# what happened on it (第二十九条: each platform discloses its own); anyone the market facts (第二十一条, 第二十七条).
READS: dict[View, dict[Role, Reach]] = {
    View.certificate: _row(_A, _A, _P, _P, _P, _PT, _P),
    View.claim: _row(_A, _A, _P, _P, _P, _PT, _P),
    View.listing: _row(_P, _P, _P, _P, _P, _P, _P),  # the seller's account id is a market fact; no field is private
    View.trade: _row(_A, _A, _P, _P, _PF_, _PT, _P),
    View.order: _row(_A, _A, _P, _P, _PF_, _PT, _P),
    View.account: _row(_A, _A, _N, _N, _N, _PT, _N),
    View.registry: _row(_A, _A, _N, _N, _N, _N, _N),
    View.report: _row(_P, _P, _P, _P, _P, _P, _P),
}

# What a reader who does not see a record in full never gets.
PRIVATE: dict[View, tuple[str, ...]] = {
    View.certificate: ("holder", "account"),
    View.claim: ("holder", "account"),
    View.listing: (),
    View.trade: ("buyer",),
    View.order: ("account", "price"),  # who placed it and its limit price
    View.account: (),
    View.registry: (),
    View.report: (),
}


def reach(view: View, actor: Actor) -> Reach:
    """The table's cell; a role missing from a row reads nothing (default deny)."""
    return READS[view].get(actor.role, Reach.none)


def admits(view: View, actor: Actor) -> bool:
    """May this role read the view at all (otherwise the route answers 401/403)."""
    return reach(view, actor) is not Reach.none


def sees(view: View, actor: Actor, parties: Iterable[str | None] = (), platform: str | None = None) -> bool:
    """Does this reader see a record of the view in full, given the record's parties and platform."""
    cell = reach(view, actor)
    if cell is Reach.all:
        return True
    if cell is Reach.parties:
        return actor.account is not None and actor.account in set(parties)
    if cell is Reach.platform:
        return actor.platform is not None and actor.platform == platform
    return False


def may_read_account(actor: Actor, account: str) -> bool:
    """Holdings are private: the holder, the operator and the regulator read them."""
    return sees(View.account, actor, [account])


def may_read_all(actor: Actor) -> bool:
    """The whole registry state: operator and regulator."""
    return admits(View.registry, actor)


def shown(view: View, record: Mapping[str, V], full: bool) -> dict[str, V]:
    """The record, or without the view's private fields."""
    return dict(record) if full else {k: v for k, v in record.items() if k not in PRIVATE[view]}


def _records(value: object) -> list[Mapping[str, object]]:
    """A record's list of records (ranges, trades, orders) as read from the registry."""
    return cast(list[Mapping[str, object]], value)


def verification_as_read_by(actor: Actor, record: Mapping[str, V]) -> dict[str, V]:
    """A certificate or claim record: its holder (or claiming account) only for those who may see it."""
    view = View.certificate if record["kind"] == "certificate" else View.claim
    owner = record.get("holder") if view is View.certificate else record.get("account")
    full = sees(view, actor, [_text(owner)])
    out = shown(view, record, full)
    if not full and "ranges" in out:
        out["ranges"] = cast(V, [shown(view, r, False) for r in _records(out["ranges"])])
    return out


def trade_as_read_by(actor: Actor, trade: Mapping[str, V]) -> dict[str, V]:
    """A trade: the buyer for its parties, its platform, the operator and the regulator."""
    parties, platform = [_text(trade["seller"]), _text(trade["buyer"])], _text(trade["platform"])
    return shown(View.trade, trade, sees(View.trade, actor, parties, platform))


def listing_as_read_by(actor: Actor, listing: Mapping[str, V]) -> dict[str, V]:
    """A listing and its trades, each trade as this reader may see it."""
    out = shown(View.listing, listing, full=True)
    if "trades" in out:
        out["trades"] = cast(V, [trade_as_read_by(actor, t) for t in _records(out["trades"])])
    return out


def auction_as_read_by(actor: Actor, auction: Mapping[str, V]) -> dict[str, V]:
    """An auction: clearing price and volume for anyone; each order's account and limit only where the policy says."""
    out = dict(auction)
    if "book" in out:
        platform = str(auction["platform"])
        book = [shown(View.order, o, sees(View.order, actor, [_text(o["account"])], platform))
                for o in _records(out["book"])]  # fmt: skip
        out["book"] = cast(V, book)
    return out


def _text(value: object) -> str | None:
    """An account or platform name as the record holds it (None when absent)."""
    return cast(str | None, value)
