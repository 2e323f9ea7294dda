"""The demo's trading history on the pages: the public book and report, auction results, an account's own trades."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests_web_support import sign_in as sign_in_page

from policyhub.gec.domain.months import BEIJING
from policyhub.gec.report import report
from policyhub.web.app import create_app
from policyhub.web.demo import load_demo

DEMO_DAY = date(2024, 10, 1)  # the demo as loaded that day: history 2023-01…2024-09-30, the dates named below


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app over a database holding the demo (loaded once for the module; the tests only read it)."""
    db: Path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    # The registry's clock on the load day: read then, the demo's certificates are all valid (第二十四条).
    app = create_app(f"sqlite:///{db}", clock=lambda: datetime(2024, 10, 1, 9, tzinfo=BEIJING))
    assert load_demo(app.state.services, quiet=True, today=DEMO_DAY)
    with TestClient(app) as c:
        yield c


def _registry(client: TestClient) -> object:
    return client.app.state.services.registry  # type: ignore[attr-defined]


def sign_in(client: TestClient, account: str) -> None:
    issued = client.app.state.services.tokens.create("account_holder", account=account)  # type: ignore[attr-defined]
    client.cookies.clear()
    assert sign_in_page(client, issued.secret, "/gec").status_code == 303


def test_the_demo_trades_on_every_route_and_keeps_an_open_book(demo: TestClient) -> None:
    registry = _registry(demo)
    listings = registry.listings(status=None, limit=1000)  # type: ignore[attr-defined]
    statuses = {s: sum(1 for x in listings if x["status"] == s) for s in ("open", "sold_out", "delisted", "withdrawn")}
    assert len(listings) == 40 and all(statuses.values()), statuses
    assert all(x["remaining"] > 0 for x in listings if x["status"] == "open")  # nothing in the demo has expired
    assert all(x["status"] == "withdrawn" for x in listings if x["account"] == "S12")  # S12 was frozen
    trades = registry.trades(limit=1000)  # type: ignore[attr-defined]
    assert {t["route"] for t in trades} == {"listing", "bilateral", "auction", "green_power"}
    assert {t["platform"] for t in trades} >= {"CGEC", "BJ", "GZ", "NM", "PX-YN"}
    assert sum(t["route"] == "listing" for t in trades) >= 60
    assert all("2024-02" <= t["at"][:7] <= "2024-09" for t in trades)
    [contract] = registry.contracts("S12")  # type: ignore[attr-defined]
    assert [d["status"] for d in contract["deliveries"]] == ["delivered", "delivered", "failed"]
    assert registry.auction("CGEC-A2409")["status"] == "cleared"  # type: ignore[attr-defined]
    assert registry.claims("B1")  # type: ignore[attr-defined]


def test_the_report_page_shows_the_figures_of_the_report_for_the_chosen_month(demo: TestClient) -> None:
    for month, platform in (("2024-06", None), ("2024-05", "BJ"), ("2024-08", "PX-YN")):
        rep = report(_registry(demo), month, platform)  # type: ignore[arg-type]
        page = demo.get("/gec/report", params={"month": month, "platform": platform or ""})
        assert page.status_code == 200
        assert f"报告 · {month}" in page.text
        assert f'id="issued">{rep["issued"]:,}<' in page.text
        assert f'id="traded">{rep["traded"]:,}<' in page.text
        assert f'id="average-price">{rep["average_price"] or "—"}<' in page.text
        assert f'id="cancelled">{rep["cancelled"]:,}<' in page.text
        assert f'<option value="{month}" selected>' in page.text


def test_the_report_page_opens_on_the_latest_month_with_trades_or_issuance(demo: TestClient) -> None:
    page = demo.get("/gec/report")
    assert page.status_code == 200 and "报告 · 2024-09" in page.text
    months = re.findall(r'<option value="(\d{4}-\d{2})"', page.text)
    assert months[0] == "2024-09" and "2023-01" in months  # every month with journal entries, newest first
    assert '<option value="PX-YN">' in page.text  # a green-power venue with trades can be chosen too


def test_the_report_page_refuses_a_bad_month_and_an_unknown_platform_with_a_page(demo: TestClient) -> None:
    for params, status in (({"month": "2024-13"}, 400), ({"month": "Sept"}, 400), ({"platform": "SH"}, 404)):
        page = demo.get("/gec/report", params=params)
        assert page.status_code == status and "<html" in page.text, params


def test_the_market_shows_a_listing_with_one_remaining_figure_on_each_of_its_platforms(demo: TestClient) -> None:
    book = _registry(demo).listings(status="open")  # type: ignore[attr-defined]
    listing = next(x for x in book if len(x["platforms"]) > 1)
    row = f'<tr id="listing-{listing["listing"]}">'
    figure = f"{listing['remaining']:,} / {listing['quantity']:,}"
    page = demo.get("/gec/market")
    assert row in page.text and figure in page.text
    for platform in ("CGEC", "BJ", "GZ"):
        shown = demo.get("/gec/market", params={"platform": platform}).text
        assert (row in shown) == (platform in listing["platforms"])
        if row in shown:
            assert figure in shown.split(row)[1].split("</tr>")[0]


def test_the_platform_filter_swaps_only_the_book_for_htmx(demo: TestClient) -> None:
    fragment = demo.get("/gec/market?platform=BJ", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and fragment.text.startswith('<div id="book">') and "<html" not in fragment.text
    expected = len(_registry(demo).listings(platform="BJ", status="open"))  # type: ignore[attr-defined]
    assert f"{expected} 笔挂牌" in fragment.text
    assert demo.get("/gec/market?platform=SH").status_code == 404


def test_the_market_shows_trade_figures_but_names_no_buyer(demo: TestClient) -> None:
    trades = _registry(demo).trades(limit=1000)  # type: ignore[attr-defined]
    page = demo.get("/gec/market").text
    september = [t for t in trades if t["at"][:7] == "2024-09"]
    total = sum(t["quantity"] for t in september)
    assert f'<td>2024-09</td><td class="num">{len(september)}</td><td class="num">{total:,}</td>' in page
    assert not re.search(r"\bB[1-8]\b", page)  # buyers appear on no public page
    assert 'href="/gec/market/auctions/CGEC-A2409"' in page


def test_an_auction_result_shows_clearing_price_and_volume_but_not_who_ordered(demo: TestClient) -> None:
    auction = _registry(demo).auction("CGEC-A2409")  # type: ignore[attr-defined]
    page = demo.get("/gec/market/auctions/CGEC-A2409")
    assert page.status_code == 200
    assert f'id="clearing-price">{auction["clearing_price"]}<' in page.text
    assert f'id="volume">{auction["volume"]:,}<' in page.text
    assert not re.search(r"\b[SB]\d+\b", page.text)
    assert demo.get("/gec/market/auctions/NOPE").status_code == 404


def test_the_account_page_shows_the_holders_listings_trades_and_contract_deliveries(demo: TestClient) -> None:
    registry = _registry(demo)
    demo.cookies.clear()
    assert demo.get("/gec/accounts/B4", follow_redirects=False).headers["location"] == "/login?next=/gec/accounts/B4"
    sign_in(demo, "B4")
    page = demo.get("/gec/accounts/B4").text
    trades = registry.trades(account="B4")  # type: ignore[attr-defined]
    ids = re.findall(r"<tr><td>(T\d+)</td>", page)
    assert ids and ids == [t["trade"] for t in trades] and ids == sorted(ids, key=lambda x: -int(x[1:]))  # newest first
    assert 'id="contract-BC2024-001"' in page and "交割失败" in page and "account S12 is frozen" in page
    assert demo.get("/gec/accounts/S12", follow_redirects=False).status_code == 403  # not B4's account
    seller = next(x for x in registry.listings(status="open") if x["account"] != "S12")  # type: ignore[attr-defined]
    sign_in(demo, seller["account"])
    page = demo.get(f"/gec/accounts/{seller['account']}").text
    assert f"<td>{seller['listing']}</td>" in page
    assert f"{seller['remaining']:,} / {seller['quantity']:,}" in page
    assert "卖出<span" in page
    demo.cookies.clear()


def test_the_overview_links_the_market_and_the_report(demo: TestClient) -> None:
    page = demo.get("/gec").text
    assert 'href="/gec/market"' in page and 'href="/gec/report"' in page
