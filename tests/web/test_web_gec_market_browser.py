"""The 绿证 market pages in headless Debian chromium, over the demo's trading; screenshots in tests/artifacts/."""

from __future__ import annotations

from typing import Any

import pytest
from tests_web_support import shot

from policyhub.gec.report import report

pytestmark = pytest.mark.browser


def test_a_visitor_reads_the_monthly_report_and_switches_to_another_month(live_server: Any, page: Any) -> None:
    registry = live_server.app.state.services.registry
    page.goto(f"{live_server.url}/gec")
    page.click("#to-report")
    page.wait_for_selector("#report-month")
    assert "2024-09" in page.inner_text("h1")  # the latest month with trades or issuance
    page.select_option("#report-month", "2024-06")
    page.click("#report-form button")
    page.wait_for_url("**/gec/report?month=2024-06*")
    rep = report(registry, "2024-06")
    assert "2024-06" in page.inner_text("h1")
    assert page.inner_text("#traded") == f"{rep['traded']:,}"
    assert page.inner_text("#average-price") == rep["average_price"]
    assert page.locator(".chart svg").count() >= 1
    shot(page, "gec-report")
    page.select_option("#report-platform", "BJ")
    page.click("#report-form button")
    page.wait_for_url("**platform=BJ*")
    assert page.inner_text("#traded") == f"{report(registry, '2024-06', 'BJ')['traded']:,}"


def test_a_visitor_filters_the_listing_book_to_one_platform(live_server: Any, page: Any) -> None:
    registry = live_server.app.state.services.registry
    page.goto(f"{live_server.url}/gec/market")
    everything = page.locator("#book tr[id^=listing-]").count()
    assert everything == len(registry.listings(status="open"))
    page.select_option("#platform-filter", "BJ")
    page.wait_for_function("document.querySelector('#book-count').innerText.includes('BJ')")
    rows = page.locator("#book tr[id^=listing-]")
    on_bj = registry.listings(platform="BJ", status="open")
    assert 0 < rows.count() == len(on_bj) < everything
    for listing in on_bj:
        row = page.locator(f"#listing-{listing['listing']}")
        assert "BJ" in row.inner_text()
        assert row.locator(".remaining").inner_text() == f"{listing['remaining']:,} / {listing['quantity']:,}"
    assert page.url.endswith("/gec/market?platform=BJ")  # htmx pushed the filter into the address
    assert page.locator("#auctions a").count() >= 1
    shot(page, "gec-market-bj")
    page.click("#auctions a")
    page.wait_for_selector("#clearing-price")
    assert page.inner_text("#clearing-price") == registry.auction("CGEC-A2409")["clearing_price"]
    shot(page, "gec-auction")


def test_a_buyer_signs_in_and_sees_its_trades_and_the_failed_delivery(live_server: Any, page: Any) -> None:
    services = live_server.app.state.services
    token = services.tokens.create("account_holder", account="B4", label="browser test B4").secret
    page.goto(f"{live_server.url}/gec/accounts/B4")
    page.wait_for_selector("input[name=token]")  # the public is sent to sign in first
    page.fill("input[name=token]", token)
    page.click("form button")
    page.wait_for_selector("#trades")
    latest = services.registry.trades(account="B4", limit=1)[0]
    assert page.locator("#trades tr").nth(1).locator("td").first.inner_text() == latest["trade"]
    failed = page.locator("#contract-BC2024-001 tr.failed")
    assert failed.count() == 1 and "S12" in failed.inner_text()
    shot(page, "gec-account-b4")
