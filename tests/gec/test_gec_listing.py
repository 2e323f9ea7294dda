"""挂牌交易 (第二十一条（一）): one listing on several platforms, one inventory, taken in part or whole."""

from __future__ import annotations

from gec_helpers import AT, refused, snapshot
from trading_helpers import buy, list_, market, no_serial_twice, ok, serials, traded_serials

from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry


def test_listing_reserves_the_quantity_and_every_platform_shows_the_same_remaining(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        res = ok(list_(r, quantity=100))
        assert res["remaining"] == 100
        assert r.state()["accounts"]["S1"]["listed"] == 100
        assert r.state()["accounts"]["S1"]["tradable"] == 2245
        ok(buy(r, 30, platform="BJ"))
        ok(buy(r, 20, platform="GZ", account="B2"))
        for platform in ("CGEC", "BJ", "GZ"):
            (shown,) = r.listings(platform=platform)
            assert shown["remaining"] == 50
        assert r.listings(platform="NM") == []


def test_buying_part_of_a_listing_moves_exactly_that_many_serials_to_the_buyer(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100))
        res = ok(buy(r, 37))
        assert res["quantity"] == 37 and res["remaining"] == 63 and res["price"] == "5.00"
        assert sum(x["count"] for x in res["ranges"]) == 37
        assert sum(e - s for s, e in serials(r, "B1")) == 37
        assert serials(r, "B1") == traded_serials(r, [res["trade"]])
        trade = r.trade(res["trade"])
        assert (trade["seller"], trade["buyer"], trade["platform"], trade["quantity"]) == ("S1", "B1", "BJ", 37)
        assert trade["at"] == "2024-09-25T10:00:00+08:00"
        no_serial_twice(r)


def test_buying_the_rest_sells_the_listing_out(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100))
        ok(buy(r, 60))
        ok(buy(r, 40, platform="CGEC", account="B2"))
        assert r.listing("L1")["status"] == "sold_out"
        assert r.listing("L1")["sold"] == 100
        refused(buy(r, 1, platform="GZ"), "insufficient_quantity")


def test_buying_more_than_remains_is_refused_and_changes_nothing(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100))
        ok(buy(r, 60))
        before = snapshot(r)
        refused(buy(r, 41, account="B2"), "insufficient_quantity")
        assert snapshot(r) == before


def test_buying_on_a_platform_the_listing_is_not_on_is_refused(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100, platforms=["CGEC"]))
        refused(buy(r, 10, platform="BJ"), "platform_not_listed")


def test_a_frozen_buyer_cannot_buy(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r))
        ok(r.apply({"op": "freeze", "account": "B1", "reason": "司法冻结", "at": AT}))
        refused(buy(r, 10), "account_frozen")


def test_freezing_the_seller_withdraws_its_listings_from_every_platform(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100))
        ok(buy(r, 10))
        res = ok(r.apply({"op": "freeze", "account": "S1", "reason": "数据造假", "at": AT}))
        assert res["withdrawn_listings"] == ["L1"]
        assert r.listings() == []
        assert r.listing("L1")["status"] == "withdrawn"
        assert r.state()["accounts"]["S1"]["listed"] == 0
        refused(buy(r, 1, account="B2"), "account_frozen")


def test_listing_non_tradable_or_bought_certificates_is_refused_as_not_tradable(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        # S1's one self-consumed certificate is non-tradable (第十四条): 2,345 may be sold, not 2,346.
        refused(list_(r, quantity=2346), "not_tradable")
        ok(list_(r, quantity=100))
        ok(buy(r, 100))
        # 第二十条: traded once, never again — B1 may hold or claim them, not list them.
        relist = {"op": "list", "listing": "L2", "account": "B1", "quantity": 1, "price": "9.00",
                  "platforms": ["CGEC"], "at": AT}  # fmt: skip
        refused(r.apply(relist), "not_tradable")
        claim = {"op": "claim", "account": "B1", "quantity": 100, "beneficiary": "买方", "period": "2024", "at": AT}
        ok(r.apply(claim))


def test_listing_more_than_held_is_refused_as_insufficient(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        refused(list_(r, quantity=5000), "insufficient_quantity")


def test_listing_on_an_unknown_platform_is_refused(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        refused(list_(r, platforms=["CGEC", "SH"]), "unknown_platform")


def test_listing_can_be_restricted_to_a_project_and_month(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        refused(list_(r, month="2024-07"), "insufficient_quantity")
        refused(list_(r, project="P9"), "unknown_project")
        res = ok(list_(r, quantity=10, project="P1", month="2024-08", province="河北"))
        assert res["remaining"] == 10
        refused(list_(r, listing="L2", quantity=10, province="云南"), "insufficient_quantity")


def test_delisting_releases_what_is_left_and_keeps_what_was_sold(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100))
        ok(buy(r, 30))
        res = ok(r.apply({"op": "delist", "listing": "L1", "at": AT}))
        assert (res["released"], res["sold"]) == (70, 30)
        assert r.state()["accounts"]["S1"]["listed"] == 0
        assert r.state()["accounts"]["S1"]["tradable"] == 2345 - 30
        refused(buy(r, 1), "insufficient_quantity")
        refused(r.apply({"op": "delist", "listing": "L1", "at": AT}), "listing_closed")


def test_a_seller_cannot_buy_its_own_listing(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r))
        refused(buy(r, 1, account="S1"), "self_trade")


def test_expired_listed_certificates_can_no_longer_be_bought(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100))
        # 2024-08 electricity is valid two years from its month (第二十四条): to 2026-07-31.
        late = {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 1,
                "at": "2026-08-01T09:00:00+08:00"}  # fmt: skip
        refused(r.apply(late), "insufficient_quantity")
        ok(r.apply({"op": "expire", "as_of": "2026-08-01", "at": "2026-08-01T00:00:00+08:00"}))
        assert r.listing("L1")["remaining"] == 0
        assert r.state()["accounts"]["S1"]["expired"] == 2346


def test_listing_name_is_an_idempotency_key(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        first = ok(list_(r, quantity=100))
        again = ok(list_(r, quantity=100))
        assert again["duplicate"] is True and again["entry"] == first["entry"]
        refused(list_(r, quantity=99), "already_exists")
        assert r.state()["accounts"]["S1"]["listed"] == 100


def test_trading_history_replays_exactly(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=100))
        ok(buy(r, 30))
        ok(r.apply({"op": "delist", "listing": "L1", "at": AT}))
        report = audit(r)
        assert report["ok"], report["problems"]


def test_buying_from_an_unknown_listing_is_refused(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        refused(buy(r, 1, listing="NOPE"), "unknown_listing")
        refused(r.apply({"op": "delist", "listing": "NOPE", "at": AT}), "unknown_listing")
        refused(r.apply({"op": "auction_clear", "auction": "NOPE", "at": AT}), "unknown_auction")
