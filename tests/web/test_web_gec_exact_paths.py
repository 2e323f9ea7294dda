"""Paths are matched exactly, nothing user-given reaches a header raw, claim PDFs render once, months are real.

The claim pages answer 404 for a code with a newline, a space or any extra character (before, `%0a` matched after
stripping and put the newline into Content-Disposition: the connection died with no answer).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_web_gec import bearer, clock, populate, send
from tests_web_support import sign_in

from policyhub.web.app import create_app


@pytest.fixture
def site(migrated_sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(migrated_sqlite_url, clock=clock())) as c:
        yield c


def _claim(client: TestClient) -> str:
    h = populate(client)
    claim = {"op": "claim", "claim": "C1", "account": "S1", "quantity": 7, "beneficiary": "某企业", "period": "2024"}
    return str(send(client, h["s1"], claim).json()["code"])


def _near_misses(code: str) -> list[str]:
    """`code` with a newline, a CR, a space, a tab or one more character around it, or in lower case."""
    around = [f"{code}%0a", f"%0a{code}", f"{code}%0d", f"{code}%20", f"%20{code}", f"{code}%09", f"{code}X"]
    return [*around, code.lower()]


def test_a_claim_page_answers_only_its_exact_code_or_name(site: TestClient) -> None:
    code = _claim(site)
    assert site.get(f"/gec/claims/{code}").status_code == 200
    assert site.get("/gec/claims/C1").status_code == 200  # the caller-given name
    for wrong in [*_near_misses(code), "C1%0a", "C1%20", "c1"]:
        res = site.get(f"/gec/claims/{wrong}")
        assert res.status_code == 404 and "消费声明不存在" in res.text, wrong
        assert site.get(f"/api/gec/claims/{wrong}").status_code == 404, wrong
    assert site.get(f"/api/gec/claims/{code}").json()["code"] == code


def test_a_claim_pdf_answers_only_its_exact_code_and_is_rendered_once(site: TestClient) -> None:
    code = _claim(site)
    for wrong in [*_near_misses(code), "C1%0a"]:
        res = site.get(f"/gec/claims/{wrong}.pdf")  # an answer, never a dropped connection
        assert res.status_code == 404 and res.headers["content-type"].startswith("text/html"), wrong
        assert "content-disposition" not in res.headers
    res = site.get(f"/gec/claims/{code}.pdf%0a")  # the route's `$` would take this as `{code}.pdf`
    assert res.status_code == 404
    first = site.get(f"/gec/claims/{code}.pdf")
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    assert first.headers["content-disposition"] == f'inline; filename="{code}.pdf"'
    again = site.get("/gec/claims/C1.pdf")  # by its name: the same statement, from the cache
    assert again.content == first.content
    assert site.app.state.claim_pdfs.renders == 1  # type: ignore[attr-defined]
    # The claiming account's own view names the account: a second rendering, kept apart from the public one.
    sign_in(site, bearer(site, "account_holder", account="S1")["Authorization"].split()[1])
    own = site.get(f"/gec/claims/{code}.pdf")
    assert own.status_code == 200 and own.content != first.content
    assert site.app.state.claim_pdfs.renders == 2  # type: ignore[attr-defined]


def test_a_month_before_2000_is_refused_with_a_chinese_first_message(site: TestClient) -> None:
    populate(site)
    for month in ("0000-01", "1999-12", "2024-00", "2024-13"):
        page = site.get(f"/gec/report?month={month}")
        assert page.status_code == 400 and "月份应为" in page.text, month
        res = site.get(f"/api/gec/report?month={month}")
        assert res.status_code == 400 and res.headers["content-type"] == "application/problem+json", month
        assert res.json()["code"] == "invalid_month" and res.json()["detail"].startswith("月份应为"), month
    assert site.get("/api/gec/report?month=2000-01").status_code == 200
    assert site.get("/gec/report?month=2024-09").status_code == 200


def test_the_report_csv_is_named_in_a_plain_header(site: TestClient) -> None:
    populate(site)
    res = site.get("/api/gec/report?month=2024-09&platform=BJ&format=csv")
    assert res.headers["content-disposition"] == 'attachment; filename="gec-report-2024-09-BJ.csv"'


def test_no_header_carries_a_raw_newline_from_the_request(site: TestClient) -> None:
    populate(site)
    for url in ("/verify?code=GEC1%0d%0aSet-Cookie:%20x=1", "/gec/accounts/S1%0d%0aSet-Cookie:%20x=1",
                "/gec/claims/C1%0d%0aSet-Cookie:%20x=1.pdf"):  # fmt: skip
        res = site.get(url, follow_redirects=False)
        assert res.status_code in (303, 404), url
        assert "set-cookie" not in res.headers, url
        assert all("\r" not in v and "\n" not in v for v in res.headers.values()), url
