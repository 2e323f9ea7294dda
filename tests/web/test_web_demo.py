"""`serve --demo` is alive on whatever day it is loaded: its history ends the day before, in Beijing time."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from policyhub.gec.registry import Registry
from policyhub.web.demo import load_demo
from policyhub.web.demo_trading import BEIJING, Calendar, auction_name, contract_name, month_add
from policyhub.web.services import Services

DAYS = [date(2026, 12, 1), date(2027, 3, 31), date(2030, 1, 15)]


def _load(tmp_path: Path, day: date | None) -> Services:
    services = Services(f"sqlite:///{tmp_path / 'demo.sqlite'}")
    assert load_demo(services, quiet=True, today=day)
    return services


def _journal(registry: Registry) -> list[dict[str, Any]]:
    return registry.journal(after=0, limit=100_000)


def _command(entry: dict[str, Any]) -> dict[str, Any]:
    return dict(entry["command"])


@pytest.fixture(scope="module", params=DAYS, ids=str)
def demo(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    day: date = request.param
    services = _load(tmp_path_factory.mktemp("demo"), day)
    yield day, services.registry
    services.registry.close()


def test_every_command_is_dated_before_the_load_day_and_the_journal_never_goes_back(demo: Any) -> None:
    day, registry = demo
    loaded = datetime(day.year, day.month, day.day, tzinfo=BEIJING)
    journal = _journal(registry)
    ats = [datetime.fromisoformat(e["at"]) for e in journal]
    assert len(ats) > 500
    assert all(a <= b for a, b in itertools.pairwise(ats)), "journal times go backwards"
    assert ats[-1] < loaded and ats[-1].date() == day - timedelta(days=1)  # ends the day before
    assert [e["op"] for e in journal].count("grant_token") == 5  # the five tokens it prints, journaled too


def test_production_months_are_the_twenty_complete_before_the_last_day(demo: Any) -> None:
    day, registry = demo
    issued = [_command(e)["month"] for e in _journal(registry) if e["op"] == "issue"]
    last = month_add((day - timedelta(days=1)).isoformat()[:7], -1)
    assert issued == [month_add(last, n) for n in range(-19, 1)] == Calendar(day).months


def test_certificates_are_live_and_b1_can_claim_as_the_readme_shows(demo: Any) -> None:
    day, registry = demo
    counts = registry.state()["accounts"]
    assert sum(c["live"] for c in counts.values()) > 50_000_000  # ≈60 million in blocks
    assert sum(c["expired"] for c in counts.values()) == 0  # nothing is past validity yet
    [expiry] = [e for e in _journal(registry) if e["op"] == "expire"]
    assert _command(expiry)["as_of"] == (day - timedelta(days=1)).isoformat()
    oldest = min(h["valid_until"] for h in registry.holdings("B1"))
    assert oldest >= day.isoformat()
    morning = datetime(day.year, day.month, day.day, 9, tzinfo=BEIJING)  # the registry's clock on the load day
    on_the_day = Registry(registry.engine, registry.public_url, clock=lambda: morning)
    claim = {"op": "claim", "claim": "C9", "account": "B1", "quantity": 10, "beneficiary": "某制造企业",
             "period": f"{day.year - 2}/{day.year}"}  # fmt: skip
    result = on_the_day.apply(claim)
    assert result["ok"] and result["quantity"] == 10, result


def test_the_book_is_open_the_auction_cleared_and_the_last_delivery_failed(demo: Any) -> None:
    day, registry = demo
    cal = Calendar(day)
    listings = registry.listings(status=None, limit=1000)
    statuses = {x["status"] for x in listings}
    assert len(listings) == 40 and statuses == {"open", "sold_out", "delisted", "withdrawn"}
    assert all(x["remaining"] > 0 for x in listings if x["status"] == "open")
    assert len(registry.listings(status="open", limit=1000)) == 15
    trades = registry.trades(limit=10_000)
    assert {t["route"] for t in trades} == {"listing", "bilateral", "auction", "green_power"}
    assert sum(t["route"] == "listing" for t in trades) == 75
    year_ago = (day - timedelta(days=365)).isoformat()
    assert all(year_ago <= t["at"][:10] < day.isoformat() for t in trades)  # trading in the last year
    auction = registry.auction(auction_name(cal))
    assert auction["status"] == "cleared" and auction["volume"] > 0
    [contract] = registry.contracts("S12")
    assert contract["contract"] == contract_name(cal)
    assert [d["status"] for d in contract["deliveries"]] == ["delivered", "delivered", "failed"]
    assert registry.account("S12")["frozen"]
    assert registry.claims("B1") and sum(c["claim"].startswith("DEMO-") for c in registry.claims()) == 10


def test_the_same_day_gives_the_same_demo_and_its_journal_replays(tmp_path: Path) -> None:
    from policyhub.gec.audit import audit

    day = date(2027, 3, 31)
    heads = []
    for n in (1, 2):
        (tmp_path / str(n)).mkdir()
        services = _load(tmp_path / str(n), day)
        history = [e for e in _journal(services.registry) if e["op"] != "grant_token"]  # secrets differ
        heads.append(history[-1]["hash"])
        if n == 1:
            report = audit(services.registry)
            assert report["ok"], report["problems"][:3]
        services.registry.close()
    assert heads[0] == heads[1]


def test_by_default_the_demo_ends_yesterday_in_beijing(tmp_path: Path) -> None:
    before = datetime.now(BEIJING).date()
    services = _load(tmp_path, None)
    after = datetime.now(BEIJING).date()
    history = [e for e in _journal(services.registry) if e["op"] != "grant_token"]  # granted now
    last = datetime.fromisoformat(history[-1]["at"])
    assert last.date() + timedelta(days=1) in (before, after)
    assert last < datetime.now(BEIJING)
    services.registry.close()
