"""Issue 12 over HTTP, on SQLite and PostgreSQL: public verification never names the holder (第二十七条), the holder,
operator and regulator see it with their tokens; reads take ?as_of; validity is judged at read time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from test_web_gec import AT, bearer, populate, send
from tests_web_support import sign_in

from policyhub.gec.domain.codes import certificate_code
from policyhub.web.app import create_app

PUBLIC = {"code", "kind", "project", "project_name", "project_type", "project_type_name", "province", "month",
          "as_of", "status", "valid_until", "tradable", "traded", "claim", "claim_code", "beneficiary", "period",
          "purpose", "consumer_province", "site", "block", "verify_reference"}  # fmt: skip
NAMES = ("风电1", "风电2", "买方")  # the account names populate() opens


class Clock:
    def __init__(self) -> None:
        self.now = datetime.fromisoformat(AT)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def site(db_url: str, clock: Clock) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, clock=clock)) as c:
        yield c


def _codes(site: TestClient) -> list[str]:
    rules = site.app.state.services.registry.rules  # type: ignore[attr-defined]
    return [certificate_code(n, rules) for n in range(1, 2469)]


def _claim(site: TestClient, h: dict[str, dict[str, str]]) -> str:
    cmd = {"op": "claim", "claim": "C1", "account": "S1", "quantity": 10, "beneficiary": "某数据中心", "period": "2024"}
    res = send(site, h["s1"], cmd).json()
    assert res["ok"], res
    return str(res["code"])


def test_public_verification_shows_the_article_27_fields_and_never_the_holder(site: TestClient) -> None:
    h = populate(site)
    code = site.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()[0]["first_code"]
    public = site.get(f"/api/gec/verify/{code}").json()
    assert set(public) == PUBLIC
    assert (public["project"], public["province"], public["month"]) == ("P1", "河北", "2024-08")
    assert public["status"] == "live"
    assert (public["valid_until"], public["tradable"], public["traded"]) == ("2026-07-31", True, False)
    for who in ("s1", "op", "reg"):
        assert site.get(f"/api/gec/verify/{code}", headers=h[who]).json()["holder"] == "S1"
    for who in ("s2", "b1", "bj", "grid"):
        assert "holder" not in site.get(f"/api/gec/verify/{code}", headers=h[who]).json()


def test_walking_the_codes_without_a_token_rebuilds_no_holdings(site: TestClient) -> None:
    populate(site)
    seen = []
    for code in _codes(site)[::37] + _codes(site)[-2:]:
        res = site.get(f"/api/gec/verify/{code}")
        assert res.status_code == 200, res.text
        seen.append(res.json())
        assert not any(name in res.text for name in NAMES)
        assert not re.search(r'"(S1|S2|B1)"', res.text)
    assert {v["project"] for v in seen} == {"P1", "P2"}
    assert all("holder" not in v and "account" not in v for v in seen)


def test_a_claimed_certificate_publishes_the_claim_beneficiary_and_period_not_the_account(site: TestClient) -> None:
    h = populate(site)
    claim_code = _claim(site, h)
    claimed = site.get(f"/api/gec/verify/{claim_code}").json()
    assert (claimed["beneficiary"], claimed["period"], claimed["quantity"]) == ("某数据中心", "2024", 10)
    assert "account" not in claimed and all("holder" not in r for r in claimed["ranges"])
    assert "account" not in site.get(f"/api/gec/claims/{claim_code}").json()
    assert site.get(f"/api/gec/claims/{claim_code}", headers=h["s1"]).json()["account"] == "S1"
    assert site.get(f"/api/gec/verify/{claim_code}", headers=h["reg"]).json()["account"] == "S1"
    cert = site.get(f"/api/gec/verify/{claimed['ranges'][0]['first_code']}").json()
    assert (cert["status"], cert["claim"], cert["claim_code"]) == ("claimed", "C1", claim_code)
    assert (cert["beneficiary"], cert["period"]) == ("某数据中心", "2024")
    page = site.get(f"/gec/claims/{claim_code}").text
    assert "某数据中心" in page and "声明账户" not in page and "风电1" not in page
    sign_in(site, bearer(site, "account_holder", account="S1")["Authorization"].split()[1])
    assert "声明账户" in site.get(f"/gec/claims/{claim_code}").text


def test_public_pages_list_no_account_with_its_name(site: TestClient) -> None:
    h = populate(site)
    code = site.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()[0]["first_code"]
    listing = {"op": "list", "listing": "L1", "account": "S1", "quantity": 5, "price": "5.00", "platforms": ["BJ"]}
    assert send(site, h["s1"], listing).status_code == 200
    for path in ("/gec", f"/verify/{code}", "/gec/market", "/gec/report?month=2024-09"):
        page = site.get(path)
        assert page.status_code == 200, path
        assert not any(name in page.text for name in NAMES), path
        assert 'href="/gec/accounts/' not in page.text, path
    sign_in(site, h["op"]["Authorization"].split()[1])
    assert "风电1" in site.get("/gec").text  # the operator sees the accounts


def test_validity_is_judged_at_read_time_and_a_day_can_be_named(site: TestClient, clock: Clock) -> None:
    h = populate(site)
    code = site.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()[0]["first_code"]
    clock.now = datetime.fromisoformat("2026-08-01T08:00:00+08:00")  # nobody has expired anything
    assert site.get(f"/api/gec/verify/{code}").json()["status"] == "expired"
    assert site.get(f"/api/gec/verify/{code}", params={"as_of": "2026-07-31"}).json()["status"] == "live"
    assert site.get("/api/gec/state", headers=h["op"]).json()["accounts"]["S1"]["expired"] == 1234
    day = {"as_of": "2026-07-31"}
    assert site.get("/api/gec/state", headers=h["reg"], params=day).json()["accounts"]["S1"]["live"] == 1234
    holdings = site.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()
    assert {b["status"] for b in holdings} == {"expired"}
    assert "已过期" in site.get(f"/verify/{code}").text
    before = site.get(f"/api/gec/verify/{code}", params={"as_of": "2024-09-24"})
    assert before.status_code == 404 and before.json()["code"] == "not_yet_issued"


@pytest.mark.parametrize("bad", ["2024-13-01", "yesterday", "2024-9-1"])
def test_a_bad_as_of_is_a_400_problem(site: TestClient, bad: str) -> None:
    h = populate(site)
    code = site.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()[0]["first_code"]
    for path, headers in (
        (f"/api/gec/verify/{code}", {}),
        ("/api/gec/state", h["op"]),
        ("/api/gec/accounts/S1/holdings", h["s1"]),
    ):
        res = site.get(path, params={"as_of": bad}, headers=headers)
        assert res.status_code == 400, (path, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
        assert res.json()["code"] in ("invalid_as_of", "validation_error", "invalid_input")


def test_expire_over_http_may_not_run_ahead_of_the_registry_date(site: TestClient) -> None:
    h = populate(site)
    res = send(site, h["op"], {"op": "expire", "as_of": "2026-08-01"})
    assert res.status_code == 409 and res.json()["error"]["code"] == "as_of_in_future"
    assert site.get("/api/gec/state", headers=h["op"]).json()["accounts"]["S1"]["live"] == 1234
