"""Issue 12: validity at read time, expire never ahead of the registry's date, emptied listings close, and the
server's daily expiry round. Every test runs on SQLite and PostgreSQL (`reg_url`)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

import pytest
from gec_helpers import AT, ok, refused, world
from trading_helpers import buy, list_, market

from policyhub.errors import InputError, NotFound
from policyhub.gec import expiry
from policyhub.gec.registry import Registry
from policyhub.gec.report import report
from policyhub.gec.stats import overview

# 2024-08 certificates are valid through 2026-07-31 (第二十四条); S1 holds 2,345 tradable + 1 non-tradable.
LAST_DAY = "2026-07-31"
AFTER = "2026-08-01T09:00:00+08:00"


class Clock:
    """A registry clock a test moves by hand."""

    def __init__(self, at: str) -> None:
        self.now = datetime.fromisoformat(at)

    def set(self, at: str) -> None:
        self.now = datetime.fromisoformat(at)

    def __call__(self) -> datetime:
        return self.now


def _open(reg_url: str, at: str = AT) -> tuple[Registry, Clock]:
    clock = Clock(at)
    return Registry.open(reg_url, clock=clock), clock


def test_past_its_last_valid_day_a_certificate_reads_expired_before_expire_runs(reg_url: str) -> None:
    r, clock = _open(reg_url)
    with r:
        world(r)
        code = r.holdings("S1")[0]["first_code"]
        assert r.verify(code)["status"] == "live" and r.state()["accounts"]["S1"]["live"] == 2346
        clock.set(AFTER)  # nobody has run `expire`
        assert r.verify(code)["status"] == "expired" and r.verify(code)["as_of"] == "2026-08-01"
        assert r.state()["accounts"]["S1"] == {
            "live": 0, "tradable": 0, "listed": 0, "claimed": 0, "expired": 2346, "revoked": 0,
        }  # fmt: skip
        assert {b["status"] for b in r.holdings("S1")} == {"expired"}
        assert r.account("S1")["expired"] == 2346
        assert overview(r)["by_status"] == {"expired": 2346}
        # Read as of a day: the last valid day itself still reads live.
        assert r.verify(code, as_of=LAST_DAY)["status"] == "live"
        assert r.state(as_of=LAST_DAY)["accounts"]["S1"]["live"] == 2346
        assert {b["status"] for b in r.holdings("S1", as_of=LAST_DAY)} == {"live"}
        # The stored rows did not change: expiry is still the journal's job.
        assert r.journal(limit=1000)[-1]["op"] == "issue"


def test_before_its_issue_a_certificate_did_not_exist_yet(reg_url: str) -> None:
    r, _ = _open(reg_url, "2024-10-02T09:00:00+08:00")
    with r:
        world(r)  # issued 2024-09-25
        code = r.holdings("S1")[0]["first_code"]
        with pytest.raises(NotFound) as exc:
            r.verify(code, as_of="2024-09-24")
        assert exc.value.code == "not_yet_issued"
        assert r.verify(code, as_of="2024-09-25")["status"] == "live"
        assert r.state(as_of="2024-09-24")["accounts"]["S1"]["live"] == 0
        assert r.holdings("S1", as_of="2024-09-24") == []
        assert len(r.holdings("S1", as_of="2024-09-25")) == 2


@pytest.mark.parametrize("bad", ["2024-13-01", "2024-9-1", "yesterday", "2024-02-30", "20240901"])
def test_a_bad_day_is_refused(reg_url: str, bad: str) -> None:
    r, _ = _open(reg_url)
    with r:
        world(r)
        for read in (lambda: r.state(as_of=bad), lambda: r.holdings("S1", as_of=bad)):
            with pytest.raises(InputError) as exc:
                read()
            assert exc.value.code == "invalid_as_of"


def test_a_listing_past_validity_shows_none_remaining_and_cannot_be_bought(reg_url: str) -> None:
    r, clock = _open(reg_url)
    with r:
        market(r)
        ok(list_(r, quantity=100))
        assert r.listings()[0]["remaining"] == 100 and r.listing("L1")["remaining"] == 100
        clock.set(AFTER)
        assert r.listings()[0]["remaining"] == 0 and r.listing("L1")["remaining"] == 0
        assert r.listing("L1", as_of=LAST_DAY)["remaining"] == 100
        late = {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 1, "at": AFTER}
        refused(r.apply(late), "insufficient_quantity")


def test_the_report_counts_lapsed_certificates_as_expired_in_the_month_validity_ended(reg_url: str) -> None:
    r, clock = _open(reg_url)
    with r:
        world(r)
        clock.set("2026-08-20T09:00:00+08:00")
        assert report(r, "2026-08")["expired"] == 2346 and report(r, "2026-07")["expired"] == 0
        ok(r.apply({"op": "expire"}))  # the journal catches up: same figure, now stored
        assert report(r, "2026-08")["expired"] == 2346


def test_expire_may_not_run_ahead_of_the_registry_date(reg_url: str) -> None:
    r, clock = _open(reg_url, "2024-09-26T10:00:00+08:00")
    with r:
        world(r)
        before = r.state()
        refused(r.apply({"op": "expire", "as_of": "2026-08-01"}), "as_of_in_future")
        refused(r.apply({"op": "expire", "as_of": "2024-09-27"}), "as_of_in_future")
        # The local tool's own `at` is its date: as_of may not pass it either.
        refused(r.apply({"op": "expire", "as_of": "2024-09-26", "at": "2024-09-25T23:00:00+08:00"}), "as_of_in_future")
        assert r.state() == before
        assert ok(r.apply({"op": "expire", "as_of": "2024-09-26"}))["expired"] == 0
        assert ok(r.apply({"op": "expire"}))["as_of"] == "2024-09-26"
        clock.set(AFTER)
        assert ok(r.apply({"op": "expire", "as_of": "2026-08-01"}))["expired"] == 2346


def test_a_correction_that_revokes_a_listings_certificates_closes_it(reg_url: str) -> None:
    r, _ = _open(reg_url)
    with r:
        market(r)
        ok(list_(r, quantity=2345))  # every tradable certificate of P1 2024-08
        fix = {"op": "correct", "project": "P1", "month": "2024-08", "grid_kwh": 0, "self_kwh": 1_500,
               "reason": "表计倍率错误", "at": AT}  # fmt: skip
        assert ok(r.apply(fix))["revoked"] == 2345
        found = r.listing("L1")
        assert (found["status"], found["remaining"]) == ("sold_out", 0)
        assert r.listings() == []  # off the open book
        refused(buy(r, 1), "insufficient_quantity")


def test_a_correction_that_leaves_some_keeps_the_listing_open(reg_url: str) -> None:
    r, _ = _open(reg_url)
    with r:
        market(r)
        ok(list_(r, quantity=2345))
        fix = {"op": "correct", "project": "P1", "month": "2024-08", "grid_kwh": 1_345_678, "self_kwh": 1_500,
               "reason": "表计倍率错误", "at": AT}  # fmt: skip
        assert ok(r.apply(fix))["revoked"] == 1000
        assert (r.listing("L1")["status"], r.listing("L1")["remaining"]) == ("open", 1345)


def test_a_green_power_settlement_that_takes_a_whole_listing_closes_it(reg_url: str) -> None:
    r, _ = _open(reg_url)
    with r:
        market(r)
        ok(list_(r, quantity=2345))
        gps = {"op": "green_power_settlement", "seller": "S1", "buyer": "B1", "project": "P1", "month": "2024-08",
               "kwh": 2_345_000, "price": "0.35", "at": AT}  # fmt: skip
        assert ok(r.apply(gps))["quantity"] == 2345
        assert (r.listing("L1")["status"], r.listing("L1")["remaining"]) == ("sold_out", 0)


def test_the_expiry_round_expires_once_on_the_registry_date_as_the_local_tool(
    reg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    r, clock = _open(reg_url)
    with r, caplog.at_level(logging.INFO, logger="policyhub.gec.expiry"):
        world(r)
        assert expiry.expire_round(r)["expired"] == 0  # nothing past validity: no journal entry
        assert r.journal(limit=1000)[-1]["op"] == "issue"
        clock.set("2026-08-01T00:05:00+08:00")
        done = ok(expiry.expire_round(r))
        assert (done["as_of"], done["expired"]) == ("2026-08-01", 2346)
        entry = r.journal(limit=1000)[-1]
        assert entry["op"] == "expire" and entry["actor"]["role"] == "operator" and entry["actor"]["token"] is None
        assert entry["command"]["as_of"] == "2026-08-01"
        again = expiry.expire_round(r)  # idempotent: nothing more to cancel, nothing journaled
        assert again["expired"] == 0 and r.journal(limit=1000)[-1]["seq"] == entry["seq"]
        assert r.state()["accounts"]["S1"]["expired"] == 2346
    assert "2346 expired" in caplog.text


def test_a_failing_expiry_round_is_logged_and_does_not_raise(
    reg_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    r, clock = _open(reg_url)
    with r:
        world(r)
        clock.set(AFTER)

        def broken(*_: Any, **__: Any) -> dict[str, Any]:
            raise RuntimeError("database went away")

        monkeypatch.setattr(r, "apply", broken)
        with caplog.at_level(logging.ERROR, logger="policyhub.gec.expiry"):
            result = expiry.expire_round(r)
        assert result["ok"] is False and result["error"]["code"] == "expiry_failed"
        assert "expiry round failed" in caplog.text


@pytest.mark.parametrize(
    ("now", "seconds"),
    [
        ("2026-08-01T00:05:00+08:00", 24 * 3600),
        ("2026-07-31T23:59:00+08:00", 6 * 60),
        ("2026-07-31T16:00:00+00:00", 5 * 60),  # 00:00 in Beijing
    ],
)
def test_the_next_round_is_shortly_after_beijing_midnight(now: str, seconds: int) -> None:
    assert expiry.seconds_to_next_round(datetime.fromisoformat(now)) == seconds


def test_run_daily_does_one_round_then_stops(reg_url: str) -> None:
    import threading

    r, clock = _open(reg_url)
    with r:
        world(r)
        clock.set(AFTER)
        stop = threading.Event()
        stop.set()  # the wait returns at once: exactly one round
        expiry.run_daily(r, stop)
        assert r.state()["accounts"]["S1"]["expired"] == 2346
