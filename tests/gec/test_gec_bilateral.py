"""双边协商 (第二十一条（二）) with scheduled deliveries, and green-power settlement (第二十三条)."""

from __future__ import annotations

from typing import Any

from gec_helpers import AT, meter, project, refused, snapshot
from trading_helpers import buy, list_, market, no_serial_twice, ok, serials

from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry


def bilateral(r: Registry, quantity: int = 100, **extra: Any) -> dict[str, Any]:
    cmd = {"op": "bilateral", "seller": "S1", "buyer": "B1", "quantity": quantity, "price": "4.50",
           "platform": "BJ", "at": AT, **extra}  # fmt: skip
    return r.apply(cmd)


def deliver(r: Registry, as_of: str, **extra: Any) -> dict[str, Any]:
    return r.apply({"op": "deliver", "as_of": as_of, "at": f"{as_of}T09:00:00+08:00", **extra})


def test_bilateral_without_deliveries_trades_at_once(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        res = ok(bilateral(r, 120))
        assert (res["route"], res["platform"], res["price"], res["quantity"]) == ("bilateral", "BJ", "4.50", 120)
        assert sum(e - s for s, e in serials(r, "B1")) == 120
        assert r.trade(res["trade"])["buyer"] == "B1"


def test_bilateral_needs_a_certificate_platform_and_enough_certificates(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        refused(bilateral(r, platform="NM"), "unknown_platform")
        refused(bilateral(r, 3000), "insufficient_quantity")
        refused(bilateral(r, buyer="S1"), "self_trade")
        refused(bilateral(r, buyer="B9"), "unknown_account")


def test_deliveries_are_made_when_due_each_whole(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        schedule = [{"date": "2024-10-01", "quantity": 50}, {"date": "2024-11-01", "quantity": 70}]
        res = ok(bilateral(r, 120, contract="C1", deliveries=schedule))
        assert res["delivered"] == []  # nothing due at signing (2024-09-25)
        assert serials(r, "B1") == []
        first = ok(deliver(r, "2024-10-15"))
        assert (first["delivered"], first["failed"]) == (1, 0)
        assert sum(e - s for s, e in serials(r, "B1")) == 50
        ok(deliver(r, "2024-11-01"))
        (contract,) = r.contracts("B1")
        assert [d["status"] for d in contract["deliveries"]] == ["delivered", "delivered"]
        assert sum(e - s for s, e in serials(r, "B1")) == 120
        assert ok(deliver(r, "2024-12-01"))["deliveries"] == []  # a delivery is made once


def test_a_delivery_the_seller_cannot_cover_is_reported_and_moves_nothing(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        schedule = [{"date": "2024-10-01", "quantity": 2000}, {"date": "2024-11-01", "quantity": 1000}]
        ok(bilateral(r, 3000, contract="C1", deliveries=schedule))
        ok(deliver(r, "2024-10-01"))
        res = ok(deliver(r, "2024-11-01"))
        (failed,) = res["deliveries"]
        assert failed["status"] == "failed" and "345" in failed["note"]
        assert sum(e - s for s, e in serials(r, "B1")) == 2000  # not 2,345: never half-done
        assert r.contracts("S1")[0]["deliveries"][1]["status"] == "failed"


def test_scheduled_deliveries_after_the_certificates_expire_fail(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        # 2024-08 certificates are valid to 2026-07-31 (第二十四条): the second delivery comes after that.
        schedule = [{"date": "2026-07-31", "quantity": 10}, {"date": "2026-08-01", "quantity": 10}]
        ok(bilateral(r, 20, contract="C1", deliveries=schedule))
        assert [d["status"] for d in ok(deliver(r, "2026-07-31"))["deliveries"]] == ["delivered"]
        (late,) = ok(deliver(r, "2026-08-01"))["deliveries"]
        assert late["status"] == "failed" and "0 sellable" in late["note"]
        # B1 got the first 10; on 2026-08-01 (the registry's date now) they are past validity too.
        assert [(b["count"], b["status"]) for b in r.holdings("B1")] == [(10, "expired")]


def test_deliveries_already_due_at_signing_are_made_at_once(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        schedule = [{"date": "2024-09-01", "quantity": 5}, {"date": "2025-01-01", "quantity": 5}]
        res = ok(bilateral(r, 10, deliveries=schedule))
        assert [d["status"] for d in res["delivered"]] == ["delivered"]


def test_a_delivery_schedule_must_add_up_and_run_forward(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        refused(bilateral(r, 10, deliveries=[{"date": "2024-10-01", "quantity": 5}]), "invalid_command")
        backwards = [{"date": "2024-11-01", "quantity": 5}, {"date": "2024-10-01", "quantity": 5}]
        refused(bilateral(r, 10, deliveries=backwards), "invalid_command")
        refused(deliver(r, "2024-10-01", contract="nope"), "unknown_contract")


def test_a_frozen_party_fails_its_delivery(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(bilateral(r, 10, contract="C1", deliveries=[{"date": "2024-10-01", "quantity": 10}]))
        ok(r.apply({"op": "freeze", "account": "B1", "reason": "司法冻结", "at": AT}))
        (d,) = ok(deliver(r, "2024-10-01"))["deliveries"]
        assert d["status"] == "failed" and "frozen" in d["note"]


def gps(r: Registry, kwh: int = 500_000, **extra: Any) -> dict[str, Any]:
    cmd = {"op": "green_power_settlement", "seller": "S1", "buyer": "B1", "project": "P1", "month": "2024-08",
           "kwh": kwh, "price": "0.35", "at": AT, **extra}  # fmt: skip
    return r.apply(cmd)


def test_green_power_settlement_moves_one_certificate_per_1000_kwh(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        res = ok(gps(r, 500_999, platform="PX-HE"))
        assert (res["quantity"], res["kwh_not_certified"], res["route"]) == (500, 999, "green_power")
        assert res["power_price"] == "0.35" and res["price"] is None
        assert sum(e - s for s, e in serials(r, "B1")) == 500
        refused(gps(r, 999), "insufficient_quantity")
        refused(gps(r, platform="CGEC"), "unknown_platform")


def test_green_power_settlement_takes_listed_certificates_last_and_shrinks_the_listing(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=2000))
        ok(gps(r, 400_000, certificate_price="8.00"))
        assert r.listing("L1")["remaining"] == 2000 - 55  # 345 free first, then 55 of the listed
        refused(gps(r, 3_000_000), "insufficient_quantity")
        no_serial_twice(r)


def test_green_power_of_legacy_hydro_is_not_tradable(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        project(r, "H1", type_="hydro", commissioned="2010-01-01")
        ok(meter(r, "H1", "2024-08", 100_000))
        ok(r.apply({"op": "issue", "month": "2024-08", "at": AT}))
        before = snapshot(r)
        refused(gps(r, 50_000, project="H1"), "not_tradable")
        assert snapshot(r) == before


def test_certificates_trade_once_across_every_route(reg_url: str) -> None:
    with Registry.open(reg_url) as r:
        market(r)
        ok(list_(r, quantity=10))
        ok(buy(r, 10))  # B1 now holds 10 bought certificates and nothing else
        for cmd in (
            {"op": "list", "listing": "L2", "account": "B1", "quantity": 1, "price": "6.00", "platforms": ["BJ"]},
            {"op": "bilateral", "seller": "B1", "buyer": "B2", "quantity": 1, "price": "6.00", "platform": "BJ"},
            {"op": "green_power_settlement", "seller": "B1", "buyer": "B2", "project": "P1", "month": "2024-08",
             "kwh": 1000, "price": "0.3"},
            {"op": "auction_open", "auction": "A1", "platform": "CGEC", "closes": "2024-09-30T15:00:00+08:00"},
        ):  # fmt: skip
            res = r.apply({**cmd, "at": AT})
            if cmd["op"] == "auction_open":
                ok(res)
            else:
                refused(res, "not_tradable")
        ask = {"op": "ask", "auction": "A1", "account": "B1", "quantity": 1, "price": "1.00", "at": AT}
        refused(r.apply(ask), "not_tradable")
        assert all(b["traded"] for b in r.holdings("B1"))
        report = audit(r)
        assert report["ok"], report["problems"]
