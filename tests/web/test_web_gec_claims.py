"""Claims with purpose and place over HTTP and on the pages (issue 29); HTTP never takes an `actor` from a body."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_web_gec import clock, populate, send
from tests_web_support import sign_in

from policyhub.web.app import create_app

CLAIM = {"op": "claim", "account": "S1", "quantity": 7, "beneficiary": "某制造企业", "period": "2024"}
FIELDS = {"purpose": "消纳责任权重", "consumer_province": "Guangdong", "site": "东莞二号厂区"}


@pytest.fixture
def api(db_url: str) -> Any:
    with TestClient(create_app(db_url, clock=clock())) as c:
        yield c


def test_bad_claim_fields_are_400_bad_input(api: TestClient) -> None:
    h = populate(api)
    for field, value in (("purpose", "自愿减排"), ("consumer_province", "台北市市"), ("site", " "),
                         ("site", "x" * 101), ("site", "车间\r1")):  # fmt: skip
        res = send(api, h["s1"], {**CLAIM, field: value})
        assert res.status_code == 400, (field, value, res.text)
        assert res.headers["content-type"].startswith("application/problem+json")
        assert res.json()["code"] == "bad_input" and res.json()["error"]["code"] == "bad_input"
    assert api.get("/api/gec/state", headers=h["op"]).json()["accounts"]["S1"]["claimed"] == 0


def test_verify_the_claim_page_and_its_pdf_show_purpose_province_and_site(api: TestClient) -> None:
    import pypdfium2 as pdfium

    h = populate(api)
    done = send(api, h["s1"], {**CLAIM, **FIELDS}).json()
    assert (done["purpose"], done["consumer_province"], done["site"]) == ("消纳责任权重", "广东", "东莞二号厂区")
    code = done["code"]
    found = api.get(f"/api/gec/verify/{code}").json()  # public: no token
    assert (found["purpose"], found["consumer_province"], found["site"]) == ("消纳责任权重", "广东", "东莞二号厂区")
    assert "account" not in found
    cert = api.get(f"/api/gec/verify/{done['ranges'][0]['first_code']}").json()
    assert (cert["claim_code"], cert["purpose"], cert["site"]) == (code, "消纳责任权重", "东莞二号厂区")
    page = api.get(f"/verify/{done['ranges'][0]['first_code']}").text  # the certificate's public page
    assert "消纳责任权重" in page and "东莞二号厂区" in page and "用电省份" in page
    page = api.get(f"/gec/claims/{code}").text
    assert all(v in page for v in ("用途", "消纳责任权重", "广东", "东莞二号厂区"))
    pdf = api.get(f"/gec/claims/{code}.pdf")
    document = pdfium.PdfDocument(pdf.content)
    text = document[0].get_textpage().get_text_range()
    pages = len(document)
    document.close()
    assert pages == 1 and all(v in text for v in ("消纳责任权重", "广东", "东莞二号厂区"))
    plain = send(api, h["s1"], CLAIM).json()["code"]  # a claim naming none shows the default purpose only
    page = api.get(f"/gec/claims/{plain}").text
    assert "绿色电力消费声明" in page and "用电场所" not in page
    assert sign_in(api, h["s1"]["Authorization"].removeprefix("Bearer "), "/gec").status_code == 303
    page = api.get("/gec/accounts/S1").text  # the holder's own account page lists them too
    assert "消纳责任权重" in page and "广东 · 东莞二号厂区" in page


def test_http_refuses_an_actor_in_any_command_of_a_body(api: TestClient) -> None:
    h = populate(api)
    res = send(api, h["s1"], {**CLAIM, "actor": {"role": "operator"}})
    assert res.status_code == 400 and res.headers["content-type"].startswith("application/problem+json")
    assert res.json()["code"] == "actor_not_accepted"
    batch = [CLAIM, {**CLAIM, "actor": {"role": "account_holder", "account": "S1"}}]
    res = api.post("/api/gec/commands", json=batch, headers=h["s1"])
    assert res.status_code == 400 and res.json()["code"] == "actor_not_accepted"
    assert api.get("/api/gec/state", headers=h["op"]).json()["accounts"]["S1"]["claimed"] == 0  # nothing applied
    assert send(api, h["s1"], CLAIM).status_code == 200
