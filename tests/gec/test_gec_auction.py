"""集中竞价: the call-auction clearing rule (hypothesis) and the auction route through the registry."""

from __future__ import annotations

from typing import Any

from gec_helpers import AT, refused, uscc
from hypothesis import given, settings
from hypothesis import strategies as st
from trading_helpers import market, no_serial_twice, ok, serials

from policyhub.gec.domain.auction import Order, clear, clearing_price
from policyhub.gec.registry import Registry

orders = st.lists(
    st.tuples(st.sampled_from(["bid", "ask"]), st.integers(1, 50), st.integers(100, 110)), min_size=1, max_size=12
).map(lambda xs: [Order(n, side, q, p) for n, (side, q, p) in enumerate(xs, 1)])


def _volume_at(book: list[Order], p: int) -> int:
    d = sum(o.quantity for o in book if o.side == "bid" and o.price >= p)
    s = sum(o.quantity for o in book if o.side == "ask" and o.price <= p)
    return min(d, s)


@settings(max_examples=300, deadline=None)
@given(orders)
def test_clearing_maximises_volume_and_respects_every_limit(book: list[Order]) -> None:
    out = clear(book)
    best = max((_volume_at(book, p) for p in {o.price for o in book}), default=0)
    assert out.volume == best
    if out.price is None:
        assert best == 0 and out.matches == ()
        return
    by_n = {o.n: o for o in book}
    for m in out.matches:
        assert by_n[m.bid].side == "bid" and by_n[m.bid].price >= out.price
        assert by_n[m.ask].side == "ask" and by_n[m.ask].price <= out.price
    assert sum(m.quantity for m in out.matches) == out.volume
    for n, q in out.filled.items():
        assert 0 < q <= by_n[n].quantity
        assert q == sum(m.quantity for m in out.matches if n in (m.bid if by_n[n].side == "bid" else m.ask,))


@settings(max_examples=300, deadline=None)
@given(orders)
def test_a_better_priced_order_is_never_left_while_a_worse_one_fills(book: list[Order]) -> None:
    out = clear(book)
    for side in ("bid", "ask"):
        mine = [o for o in book if o.side == side]
        for a in mine:
            for b in mine:
                better = a.price > b.price if side == "bid" else a.price < b.price
                earlier_same = a.price == b.price and a.n < b.n
                if (better or earlier_same) and out.filled.get(b.n, 0) > 0:
                    assert out.filled.get(a.n, 0) == a.quantity


def test_price_ties_go_to_the_side_with_more_left_over() -> None:
    # Demand 20 against supply 15 at both 4.00 and 5.00: buyers' pressure sets the higher price.
    book = [Order(1, "bid", 10, 600), Order(2, "bid", 10, 500), Order(3, "ask", 15, 400)]
    assert clearing_price(book) == (500, 15)
    # Supply exceeds demand at both candidate prices: sellers' pressure sets the lower.
    book = [Order(1, "bid", 10, 600), Order(2, "ask", 10, 400), Order(3, "ask", 10, 500)]
    assert clearing_price(book) == (400, 10)


def test_no_bid_meeting_an_ask_clears_nothing() -> None:
    assert clear([Order(1, "bid", 5, 300), Order(2, "ask", 5, 400)]).price is None


def _order(r: Registry, op: str, account: str, quantity: int, price: str, **extra: Any) -> dict[str, Any]:
    return r.apply({"op": op, "auction": "A1", "account": account, "quantity": quantity, "price": price,
                    "at": AT, **extra})  # fmt: skip


CLOSE = "2024-09-30T15:00:00+08:00"


def test_an_auction_clears_at_one_price_with_partial_fills(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(r.apply({"op": "open_account", "account": "B3", "kind": "buyer", "name": "丙", "at": AT,
                    "id_doc": uscc("91440300MA5FXY001")}))  # fmt: skip
        ok(r.apply({"op": "auction_open", "auction": "A1", "platform": "CGEC", "closes": CLOSE, "at": AT}))
        ok(_order(r, "bid", "B1", 100, "6.00"))
        ok(_order(r, "bid", "B2", 100, "5.00"))
        ok(_order(r, "bid", "B3", 100, "3.00"))
        ok(_order(r, "ask", "S1", 150, "4.00"))
        assert r.state()["accounts"]["S1"]["listed"] == 150  # asks are reserved until clearing
        assert "book" not in r.auction("A1")  # sealed until it clears
        res = ok(r.apply({"op": "auction_clear", "auction": "A1", "at": CLOSE}))
        assert (res["clearing_price"], res["volume"], res["closed_early"]) == ("5.00", 150, False)
        fills = [(f["buyer"], f["quantity"], f["price"]) for f in res["fills"]]
        assert fills == [("B1", 100, "5.00"), ("B2", 50, "5.00")]
        assert sum(e - s for s, e in serials(r, "B2")) == 50 and serials(r, "B3") == []
        assert r.state()["accounts"]["S1"]["listed"] == 0
        book = {o["order"]: o["filled"] for o in r.auction("A1")["book"]}
        assert book == {1: 100, 2: 50, 3: 0, 4: 150}
        no_serial_twice(r)


def test_orders_after_the_close_and_a_second_clearing_are_refused(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(r.apply({"op": "auction_open", "auction": "A1", "platform": "CGEC", "closes": CLOSE, "at": AT}))
        refused(_order(r, "bid", "B1", 10, "6.00", at=CLOSE), "auction_closed")
        ok(_order(r, "ask", "S1", 10, "4.00"))
        refused(_order(r, "bid", "S1", 10, "6.00"), "self_trade")
        refused(_order(r, "ask", "S1", 5000, "4.00"), "insufficient_quantity")
        ok(r.apply({"op": "auction_clear", "auction": "A1", "at": CLOSE}))
        refused(r.apply({"op": "auction_clear", "auction": "A1", "at": CLOSE}), "auction_closed")
        assert r.state()["accounts"]["S1"]["listed"] == 0  # the unfilled ask was released


def test_an_auction_opens_on_a_certificate_platform_and_closes_after_it_opens(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        refused(r.apply({"op": "auction_open", "auction": "A1", "platform": "NM", "closes": CLOSE, "at": AT}),
                "unknown_platform")  # fmt: skip
        refused(r.apply({"op": "auction_open", "auction": "A1", "platform": "BJ", "closes": AT, "at": AT}),
                "invalid_command")  # fmt: skip


def test_a_seller_frozen_before_clearing_drops_out(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(r.apply({"op": "auction_open", "auction": "A1", "platform": "CGEC", "closes": CLOSE, "at": AT}))
        ok(_order(r, "bid", "B1", 10, "6.00"))
        ok(_order(r, "ask", "S1", 10, "4.00"))
        assert ok(r.apply({"op": "freeze", "account": "S1", "reason": "核查", "at": AT}))["released_asks"] == 10
        res = ok(r.apply({"op": "auction_clear", "auction": "A1", "at": CLOSE}))
        assert (res["clearing_price"], res["volume"], res["fills"]) == (None, 0, [])


def test_clearing_before_the_close_ends_the_book_early(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(r.apply({"op": "auction_open", "auction": "A1", "platform": "CGEC", "closes": CLOSE, "at": AT}))
        ok(_order(r, "bid", "B1", 10, "6.00"))
        ok(_order(r, "ask", "S1", 10, "4.00"))
        res = ok(r.apply({"op": "auction_clear", "auction": "A1", "at": AT}))
        assert (res["clearing_price"], res["volume"], res["closed_early"]) == ("4.00", 10, True)
        refused(_order(r, "bid", "B2", 10, "6.00"), "auction_closed")
