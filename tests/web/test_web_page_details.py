"""The small things a new user met on the pages (issue 27): dates as people write them, no internal scores, a chart
with exactly its table's axes, status words that follow validity, distinguishable series, a code to try."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pypdfium2
import pytest
from fastapi.testclient import TestClient
from test_web_gec import clock, populate, send
from tests.digital.digital_helpers import firm

from policyhub.digital.report import result_and_plan
from policyhub.firms.chart import history_chart
from policyhub.gec.headcache import cache_for
from policyhub.gec.labels import listing_status
from policyhub.web.app import create_app
from policyhub.web.pages.digital import result_context
from policyhub.web.templating import as_people_write_it


@pytest.fixture
def api(migrated_sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(migrated_sqlite_url, clock=clock())) as c:
        yield c


def test_a_time_is_written_as_people_write_it_in_beijing_time() -> None:
    assert as_people_write_it("2026-12-03T16:01:00+08:00") == "2026年12月3日 16:01"
    assert as_people_write_it("2026-12-03T08:01:00+00:00") == "2026年12月3日 16:01"
    assert as_people_write_it("不是时间") == "不是时间"


def test_the_claim_page_and_its_pdf_date_the_claim_as_people_write_it(api: TestClient) -> None:
    h = populate(api)
    claim = {"op": "claim", "claim": "C1", "account": "S1", "quantity": 7, "beneficiary": "某企业", "period": "2024"}
    code = send(api, h["s1"], claim).json()["code"]
    page = api.get(f"/gec/claims/{code}").text
    assert "2024年9月25日 10:00" in page and "2024-09-25T10:00" not in page
    pdf = pypdfium2.PdfDocument(io.BytesIO(api.get(f"/gec/claims/{code}.pdf").content))
    text = "".join(p.get_textpage().get_text_range() for p in pdf)
    pdf.close()
    assert "2024年9月25日 10:00" in text and "+08:00" not in text


def test_search_results_show_no_internal_score(api: TestClient) -> None:
    page = api.get("/library/search", params={"q": "绿证 有效期"}).text
    assert 'class="hit"' in page
    assert not re.search(r"score \d", page)


def test_the_digital_radar_has_exactly_the_axes_of_its_score_table() -> None:
    result, _ = result_and_plan(firm())
    names = [d["name"] for d in result["dimensions"]]
    chart = result_context(firm(), None)["chart"]
    labels = [t for t in re.findall(r"<text[^>]*>([^<]+)</text>", chart) if not re.fullmatch(r"[\d.\s]+", t)]
    assert sorted(labels) == sorted(names), labels
    assert "数字化经营" not in chart


def test_an_open_listing_with_nothing_left_is_not_called_listed() -> None:
    assert listing_status({"status": "open", "remaining": 0}).startswith("已过期")
    assert listing_status({"status": "open", "remaining": 3}) == "挂牌中"
    assert listing_status({"status": "sold_out", "remaining": 0}) == "已售完"


def test_two_series_with_equal_values_are_told_apart_by_marker_and_dash() -> None:
    same = [("2024-01-10", 50.0), ("2024-07-10", 60.0)]
    svg = history_chart({"甲": same, "乙": same}, "测试")
    paths = re.findall(r'<g id="line2d_\d+">\s*<path[^>]*style="([^"]*)"', svg)
    # One solid line, one dashed: where they coincide both still show.
    assert any("stroke-dasharray" in s for s in paths) and any("stroke-dasharray" not in s for s in paths), paths
    assert len(set(re.findall(r'<path id="(m[0-9a-f]+)"', svg))) >= 4  # two tick marks and two marker shapes


def test_the_home_page_offers_a_live_certificate_code_to_try(api: TestClient) -> None:
    assert 'id="try-code"' not in api.get("/").text  # an empty registry has none
    populate(api)
    page = api.get("/").text
    [code] = re.findall(r'id="try-code">[^<]*<a href="/verify/([^"]+)"', page)
    verified = api.get(f"/verify/{code}")
    assert verified.status_code == 200 and "有效" in verified.text
    # Read once per journal head: the front page's later readers get the same code without reading the blocks.
    renders = cache_for(api.app.state.services.registry).renders  # type: ignore[attr-defined]
    again = [re.findall(r'id="try-code">[^<]*<a href="/verify/([^"]+)"', api.get("/").text) for _ in range(3)]
    assert again == [[code]] * 3
    assert cache_for(api.app.state.services.registry).renders == renders  # type: ignore[attr-defined]
