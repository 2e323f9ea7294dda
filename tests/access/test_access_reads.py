"""The read policy is exactly this table (view × role → what it shows), and each cell does what it says.

The same table is in docs/security.md. Columns: OP operator (资质中心), RG regulator (派出机构), DP data_provider,
IC info_centre, PF platform (交易平台), AH account_holder (交易主体), PUB public (no token).
"""

from __future__ import annotations

import pytest

from policyhub.access.reads import (
    PRIVATE,
    READS,
    Reach,
    View,
    admits,
    auction_as_read_by,
    listing_as_read_by,
    reach,
    sees,
    trade_as_read_by,
    verification_as_read_by,
)
from policyhub.access.roles import Actor, Role

OP, RG, DP, IC, PF, AH, PUB = (Role.operator, Role.regulator, Role.data_provider, Role.info_centre, Role.platform,
                               Role.account_holder, Role.public)  # fmt: skip
N, P, PT, PL, A = Reach.none, Reach.public, Reach.parties, Reach.platform, Reach.all
FM = Role.firm
COLUMNS = (OP, RG, DP, IC, PF, AH, PUB, FM)

# view → (the reach of each column, what only a full reader gets)
TABLE: dict[View, tuple[tuple[Reach, ...], set[str]]] = {
    View.certificate: ((A, A, P, P, P, PT, P, P), {"holder", "account"}),  # 第二十七条: certificates, not holders
    View.claim: ((A, A, P, P, P, PT, P, P), {"holder", "account"}),  # a claim publishes beneficiary and period
    View.listing: ((P, P, P, P, P, P, P, P), set()),  # 第二十一条（一）: the book is public, the seller's id with it
    View.trade: ((A, A, P, P, PL, PT, P, P), {"buyer"}),  # 第二十二条: the trade record is for its parties
    View.order: ((A, A, P, P, PL, PT, P, P), {"account", "price"}),  # 第二十一条（三）: one clearing price for all
    View.account: ((A, A, N, N, N, PT, N, N), set()),  # 第八条: a holder its own account
    View.registry: ((A, A, N, N, N, N, N, N), set()),  # 第三十条–第三十一条: the journal and every account
    View.report: ((P, P, P, P, P, P, P, P), set()),  # 第二十八条–第二十九条: totals only
}

ACTORS = {
    OP: Actor(OP),
    RG: Actor(RG),
    DP: Actor(DP),
    IC: Actor(IC),
    PF: Actor(PF, platform="BJ"),
    AH: Actor(AH, account="B1"),
    PUB: Actor(PUB),
    FM: Actor(FM, firm=1),
}


def test_every_view_has_a_row_and_every_row_a_cell_for_each_role() -> None:
    assert set(READS) == set(View) == set(TABLE) == set(PRIVATE)
    assert all(set(row) == set(Role) for row in READS.values())


@pytest.mark.parametrize("view", list(View))
@pytest.mark.parametrize("role", COLUMNS)
def test_each_view_and_role_is_decided_as_the_table_says(view: View, role: Role) -> None:
    cells, private = TABLE[view]
    expected = cells[COLUMNS.index(role)]
    actor = ACTORS[role]
    assert reach(view, actor) is expected, f"{view.value} × {role.value}"
    assert admits(view, actor) is (expected is not N)
    assert set(PRIVATE[view]) == private
    # A record of someone else's on another platform: only "all" sees it in full.
    assert sees(view, actor, ["S9"], "GZ") is (expected is A)
    # The reader's own record: "parties" sees it in full too; on the reader's platform, "platform" does.
    assert sees(view, actor, ["B1"], "GZ") is (expected in (A, PT))
    assert sees(view, actor, ["S9"], "BJ") is (expected in (A, PL))


def test_the_public_never_sees_a_record_in_full() -> None:
    public = ACTORS[PUB]
    assert not any(sees(view, public, ["B1", None], "BJ") for view in View)


TRADE = {"trade": "T1", "route": "listing", "platform": "BJ", "seller": "S1", "buyer": "B7", "quantity": 5,
         "price": "5.00"}  # fmt: skip


def test_a_listing_shows_each_trade_without_its_buyer_unless_the_reader_may_see_it() -> None:
    listing = {"listing": "L1", "account": "S1", "price": "5.00", "remaining": 5, "trades": [TRADE]}
    public = listing_as_read_by(ACTORS[PUB], listing)
    assert public["account"] == "S1" and public["price"] == "5.00" and public["remaining"] == 5
    assert public["trades"] == [{k: v for k, v in TRADE.items() if k != "buyer"}]
    assert listing_as_read_by(Actor(AH, account="B7"), listing)["trades"][0]["buyer"] == "B7"  # its buyer
    assert listing_as_read_by(Actor(AH, account="S1"), listing)["trades"][0]["buyer"] == "B7"  # its seller
    assert "buyer" not in listing_as_read_by(Actor(AH, account="B8"), listing)["trades"][0]  # another buyer
    assert listing_as_read_by(ACTORS[PF], listing)["trades"][0]["buyer"] == "B7"  # BJ, where it traded
    assert "buyer" not in listing_as_read_by(Actor(PF, platform="GZ"), listing)["trades"][0]
    assert listing_as_read_by(ACTORS[RG], listing)["trades"][0]["buyer"] == "B7"
    assert "buyer" in TRADE and trade_as_read_by(ACTORS[DP], TRADE).keys() == TRADE.keys() - {"buyer"}


def test_an_auction_shows_orders_without_account_or_limit_but_its_result_to_anyone() -> None:
    book = [
        {"order": 1, "side": "bid", "account": "B7", "quantity": 10, "price": "6.10", "filled": 10},
        {"order": 2, "side": "ask", "account": "S1", "quantity": 10, "price": "4.90", "filled": 10},
    ]
    auction = {"auction": "A1", "platform": "BJ", "status": "cleared", "clearing_price": "5.50", "volume": 10,
               "orders": 2, "book": book}  # fmt: skip
    public = auction_as_read_by(ACTORS[PUB], auction)
    assert (public["clearing_price"], public["volume"], public["platform"]) == ("5.50", 10, "BJ")
    assert public["book"] == [{"order": 1, "side": "bid", "quantity": 10, "filled": 10},
                              {"order": 2, "side": "ask", "quantity": 10, "filled": 10}]  # fmt: skip
    mine = auction_as_read_by(Actor(AH, account="B7"), auction)["book"]
    assert mine[0] == book[0] and "account" not in mine[1] and "price" not in mine[1]
    assert auction_as_read_by(ACTORS[PF], auction)["book"] == book  # the auction's own platform
    assert auction_as_read_by(ACTORS[OP], auction)["book"] == book
    assert "price" not in auction_as_read_by(Actor(PF, platform="GZ"), auction)["book"][0]
    sealed = {k: v for k, v in auction.items() if k != "book"}
    assert auction_as_read_by(ACTORS[PUB], sealed) == sealed  # not cleared: no orders to show


def test_a_certificate_or_claim_names_its_holder_only_to_those_who_may_see_it() -> None:
    certificate = {"kind": "certificate", "code": "GEC1", "holder": "B7", "project": "P1"}
    assert verification_as_read_by(ACTORS[PUB], certificate) == {"kind": "certificate", "code": "GEC1", "project": "P1"}
    assert verification_as_read_by(Actor(AH, account="B7"), certificate) == certificate
    assert "holder" not in verification_as_read_by(ACTORS[PF], certificate)
    claim = {"kind": "claim", "code": "GECC1", "account": "B7", "beneficiary": "某公司",
             "ranges": [{"first_code": "GEC1", "holder": "B7", "account": "B7"}]}  # fmt: skip
    public = verification_as_read_by(ACTORS[PUB], claim)
    assert public == {"kind": "claim", "code": "GECC1", "beneficiary": "某公司", "ranges": [{"first_code": "GEC1"}]}
    assert verification_as_read_by(ACTORS[RG], claim) == claim
