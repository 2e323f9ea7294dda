"""GET /api/gec/accounts/{id}/statement: its holder, the operator and the regulator; the figures; bad months."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from policyhub.web.app import create_app

NOW = datetime.fromisoformat("2024-12-31T12:00:00+08:00")
SEP, OCT, NOV = "2024-09-25T10:00:00+08:00", "2024-10-10T10:00:00+08:00", "2024-11-05T10:00:00+08:00"
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(body17: str) -> str:
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, clock=lambda: NOW)) as c:
        yield c


def bearer(client: TestClient, role: str, **scope: str) -> dict[str, str]:
    issued = client.app.state.services.tokens.create(role, **scope)  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {issued.secret}"}


def populate(client: TestClient) -> None:
    """S1 issued 1,234 in September; B1 buys 100 in October and claims 30 in November (beneficiary '=cmd')."""
    reg = client.app.state.services.registry  # type: ignore[attr-defined]
    commands = [
        {"op": "open_account", "account": "S1", "kind": "seller", "name": "风电公司",
         "id_doc": uscc("91110000MA01ABCD1"), "province": "河北", "gec_only_pledge": True, "at": SEP},
        {"op": "open_account", "account": "B1", "kind": "buyer", "name": "买方", "id_doc": uscc("91310000MA1FL0000"),
         "at": SEP},
        {"op": "register_project", "project": "P1", "owner": "S1", "name": "张北风电场", "type": "wind",
         "province": "河北", "capacity_kw": 50000, "commissioned": "2022-05-01", "at": SEP},
        {"op": "meter", "project": "P1", "month": "2024-08", "grid_kwh": 1_234_567, "self_kwh": 0, "source": "grid",
         "at": SEP},
        {"op": "issue", "month": "2024-08", "at": SEP},
        {"op": "list", "listing": "L1", "account": "S1", "quantity": 100, "price": "5.00", "platforms": ["BJ"],
         "at": OCT},
        {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 100, "at": OCT},
        {"op": "claim", "account": "B1", "quantity": 30, "beneficiary": "=cmd|' /C calc'!A0", "period": "2024",
         "at": NOV},
    ]  # fmt: skip
    for cmd in commands:
        assert reg.apply(cmd)["ok"], cmd


def test_the_holder_the_operator_and_the_regulator_read_a_statement_others_do_not(api: TestClient) -> None:
    populate(api)
    url = "/api/gec/accounts/B1/statement?from=2024-09&to=2024-12"
    assert api.get(url).status_code == 401
    for role, scope in (("account_holder", {"account": "S1"}), ("platform", {"platform": "BJ"}),
                        ("data_provider", {}), ("info_centre", {})):  # fmt: skip
        answer = api.get(url, headers=bearer(api, role, **scope))
        assert answer.status_code == 403, role
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["detail"].startswith("对账单"), role  # Chinese first
    readers = [bearer(api, role, **scope) for role, scope in
               (("account_holder", {"account": "B1"}), ("operator", {}), ("regulator", {}))]  # fmt: skip
    # Granting a token is a journal entry: the head is read once every token is granted.
    head = api.get("/api/gec/journal?after=0&limit=1000", headers=readers[1]).json()[-1]
    for who in readers:
        doc = api.get(url, headers=who).json()
        assert (doc["account"], doc["from"], doc["to"]) == ("B1", "2024-09", "2024-12")
        assert doc["opening"] == {"live": 0, "claimed": 0, "expired": 0, "revoked": 0}
        assert doc["closing"] == {"live": 70, "claimed": 30, "expired": 0, "revoked": 0}
        assert [(m["kind"], m["quantity"]) for m in doc["movements"]] == [("bought", 100), ("claimed", -30)]
        assert doc["anchor"] == {"seq": head["seq"], "hash": head["hash"]}


def test_bad_months_are_400_and_an_unknown_account_404(api: TestClient) -> None:
    populate(api)
    op = bearer(api, "operator")
    for query, code in (("from=2024-13&to=2024-12", "invalid_month"), ("from=2024-12&to=2024-09", "invalid_period"),
                        ("from=2024-09&to=2025-01", "invalid_period"), ("from=2014-01&to=2024-12", "invalid_period"),
                        ("from=2024-9&to=2024-12", "invalid_month")):  # fmt: skip
        answer = api.get(f"/api/gec/accounts/B1/statement?{query}", headers=op)
        assert answer.status_code == 400, query
        assert answer.json()["code"] == code and answer.json()["detail"][0] > "\u2e80", query
    assert api.get("/api/gec/accounts/B1/statement?from=2024-09", headers=op).status_code in (400, 422)
    assert api.get("/api/gec/accounts/NOPE/statement?from=2024-09&to=2024-12", headers=op).status_code == 404


def test_the_csv_statement_neutralises_text_that_a_spreadsheet_would_run(api: TestClient) -> None:
    populate(api)
    url = "/api/gec/accounts/B1/statement?from=2024-09&to=2024-12&format=csv"
    answer = api.get(url, headers=bearer(api, "regulator"))
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert [r["kind"] for r in rows] == ["opening", "bought", "claimed", "closing", "anchor"]
    claimed = rows[2]
    assert claimed["quantity"] == "-30" and claimed["live"] == "70" and claimed["claimed"] == "30"
    assert "=cmd" in claimed["detail"] and not claimed["detail"].startswith("=")


def test_the_pdf_statement_is_the_same_statement_for_the_same_readers(api: TestClient) -> None:
    import pypdfium2 as pdfium

    populate(api)
    url = "/api/gec/accounts/B1/statement?from=2024-09&to=2024-12&format=pdf"
    assert api.get(url).status_code == 401
    assert api.get(url, headers=bearer(api, "account_holder", account="S1")).status_code == 403
    answer = api.get(url, headers=bearer(api, "account_holder", account="B1"))
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("attachment;")
    assert "statement-B1-2024-09-2024-12.pdf" in answer.headers["content-disposition"]
    doc = pdfium.PdfDocument(answer.content)
    text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    doc.close()
    assert "绿证账户对账单" in text and "买方" in text and "=cmd" in text and "\ufffd" not in text


def test_a_pdf_past_its_movement_budget_is_refused_before_it_is_laid_out(
    api: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policyhub.gec import api_statement

    populate(api)
    op = bearer(api, "operator")
    monkeypatch.setattr(api_statement, "STATEMENT_PDF_MOVEMENTS", 2)  # two movements: at the budget, laid out
    at_limit = api.get("/api/gec/accounts/B1/statement?from=2024-09&to=2024-12&format=pdf", headers=op)
    assert at_limit.status_code == 200 and at_limit.content.startswith(b"%PDF")
    monkeypatch.setattr(api_statement, "STATEMENT_PDF_MOVEMENTS", 1)  # two movements: past a budget of one
    answer = api.get("/api/gec/accounts/B1/statement?from=2024-09&to=2024-12&format=pdf", headers=op)
    assert answer.status_code == 400 and answer.json()["code"] == "too_many_movements"
    assert api.get("/api/gec/accounts/B1/statement?from=2024-09&to=2024-12", headers=op).status_code == 200
