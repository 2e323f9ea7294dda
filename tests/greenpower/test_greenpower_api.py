"""POST /api/greenpower/report on both databases (who may read by account, anyone by code) and the /greenpower page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from gp_helpers import USE, build

from policyhub import limits
from policyhub.gec.registry import Registry
from policyhub.web.app import create_app

ROWS = [dict(zip(USE.splitlines()[0].split(","), line.split(","), strict=True)) for line in USE.splitlines()[1:]]
ROWS = [{k: v for k, v in row.items() if v} for row in ROWS]


@pytest.fixture
def site(db_url: str) -> Iterator[dict[str, Any]]:
    with Registry.open(db_url) as r:
        codes = build(r)
    app = create_app(db_url, public_url="https://gec.example.cn")
    with TestClient(app) as client:
        tokens = app.state.services.tokens
        secrets = {
            "S1": tokens.create("account_holder", account="S1").secret,
            "S2": tokens.create("account_holder", account="S2").secret,
            "operator": tokens.create("operator").secret,
            "regulator": tokens.create("regulator").secret,
        }
        yield {"client": client, "codes": codes, "tokens": secrets}


def _post(site: dict[str, Any], body: dict[str, Any], who: str | None = None) -> Any:
    headers = {"Authorization": f"Bearer {site['tokens'][who]}"} if who else {}
    return site["client"].post("/api/greenpower/report", json=body, headers=headers)


def test_an_account_s_claims_are_read_by_its_holder_the_operator_and_the_regulator(site: dict[str, Any]) -> None:
    body = {"use": ROWS, "account": "S1"}
    assert _post(site, body).status_code == 401
    refused = _post(site, body, "S2")
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    answers = [_post(site, body, who) for who in ("S1", "operator", "regulator")]
    assert all(a.status_code == 200 for a in answers)
    assert answers[0].json() == answers[1].json() == answers[2].json()
    data = answers[0].json()
    assert {c["code"] for c in data["claims"]} == {site["codes"][k] for k in ("C1", "C2", "C3")}
    assert {s["site"]: s["certified_kwh"] for s in data["sites"]} == {"一厂": 130000, "二厂": 0, "三厂": 0}
    assert data["claims"][0]["verify_reference"].startswith("https://gec.example.cn/verify/GECC")
    unknown = _post(site, {"use": ROWS, "account": "NOPE"}, "operator")
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_account"


def test_claim_codes_need_no_token_and_multipart_answers_the_same(site: dict[str, Any]) -> None:
    codes = list(site["codes"].values())
    by_json = _post(site, {"use": ROWS, "claims": codes, "year": 2024, "sector": "电解铝", "target": "70%"})
    assert by_json.status_code == 200, by_json.text
    files = {"file": ("use.csv", USE.encode(), "text/csv")}
    fields = {"claims": "\n".join(codes), "year": "2024", "sector": "电解铝", "target": "70%"}
    by_form = site["client"].post("/api/greenpower/report", files=files, data=fields)
    assert by_form.status_code == 200 and by_form.json() == by_json.json()
    data = by_json.json()
    assert len(data["claims"]) == 4 and all("account" not in c for c in data["claims"])
    quota = {q["province"]: q for q in data["quota"]["provinces"]}
    # 江苏: 350,000 kWh, 130,000 certified + 10,000 traded; 70 % is 245,000 → 105,000 kWh → 105 certificates.
    assert (quota["江苏"]["green_kwh"], quota["江苏"]["certificates_needed"]) == (140000, 105)
    assert data["source"] == {"codes": "4"}


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"use": ROWS}, 400, "account_or_claims"),
        ({"use": ROWS, "account": "S1", "claims": ["GECC0000000001X"]}, 400, "account_or_claims"),
        ({"use": ROWS, "claims": ["GECC9999999999X"]}, 400, "unknown_claim"),
        ({"use": ROWS, "claims": ["not a code"]}, 400, "bad_claims"),
        ({"use": ROWS, "claims": "GECC0000000001X"}, 400, "bad_claims"),
        ({"use": [{"site": "一厂"}], "claims": ["GECC0000000001X"]}, 400, "bad_use_file"),
        ({"use": ROWS, "claims": ["GECC0000000001X"], "year": "24"}, 400, "bad_year"),
        ({"use": ROWS, "claims": ["GECC0000000001X"]} | {"target": "2"}, 400, "bad_target"),
        ({"use": ROWS, "claims": ["C1"] * (limits.CLAIM_CODES + 1)}, 413, "too_many_items"),
        ({"use": ROWS * (limits.USE_ROWS // len(ROWS) + 1), "claims": ["C1"]}, 413, "too_many_items"),
    ],
)
def test_bad_input_is_a_problem_document(site: dict[str, Any], body: dict[str, Any], status: int, code: str) -> None:
    answer = _post(site, body)
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/problem+json" and answer.json()["code"] == code


def test_the_page_draws_the_accounts_with_the_chart_and_the_pdf(site: dict[str, Any]) -> None:
    client: TestClient = site["client"]
    assert 'action="/greenpower"' in client.get("/greenpower").text
    files = {"file": ("use.csv", USE.encode(), "text/csv")}
    page = client.post(
        "/greenpower", files=files, data={"claims": site["codes"]["C1"]}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 200, page.text
    html = page.text
    assert "绿色电力消费核算" in html and "<svg" in html and site["codes"]["C1"] in html
    assert "https://gec.example.cn/verify/" + site["codes"]["C1"] in html
    carried = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))
    pdf = client.post("/greenpower/report.pdf", data=carried)
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
    anonymous = client.post("/greenpower", files=files, data={"account": "S1"}, headers={"Accept": "text/html"})
    assert anonymous.status_code == 401 and "登录" in anonymous.text
