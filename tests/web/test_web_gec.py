"""The registry over HTTP: tokens, roles, the public verification page and the claim statement."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests_web_support import sign_in

from policyhub.web.app import create_app

AT = "2024-09-25T10:00:00+08:00"
_USCC = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def uscc(body17: str) -> str:
    total = sum(_USCC.index(ch) * pow(3, i, 31) for i, ch in enumerate(body17))
    return body17 + _USCC[(31 - total % 31) % 31]


def clock(at: str = AT) -> Callable[[], datetime]:
    """The registry's clock, fixed for a test (a client can never set it)."""
    return lambda: datetime.fromisoformat(at)


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, clock=clock())) as c:
        yield c


def bearer(client: TestClient, role: str, **scope: str) -> dict[str, str]:
    issued = client.app.state.services.tokens.create(role, **scope)  # type: ignore[attr-defined]
    return {"Authorization": f"Bearer {issued.secret}"}


def send(client: TestClient, headers: dict[str, str], command: dict[str, Any]) -> Any:
    return client.post("/api/gec/commands", json=command, headers=headers)


def populate(client: TestClient) -> dict[str, dict[str, str]]:
    """Two sellers with a project each, a buyer, one issued month; returns tokens by name."""
    h = {
        "op": bearer(client, "operator"),
        "grid": bearer(client, "data_provider"),
        "s1": bearer(client, "account_holder", account="S1"),
        "s2": bearer(client, "account_holder", account="S2"),
        "b1": bearer(client, "account_holder", account="B1"),
        "bj": bearer(client, "platform", platform="BJ"),
        "reg": bearer(client, "regulator"),
    }
    for n, doc in ((1, "91110000MA01ABCD1"), (2, "91510100MA62XYK01")):
        account = {"op": "open_account", "account": f"S{n}", "kind": "seller", "name": f"风电{n}",
                   "id_doc": uscc(doc), "province": "河北", "gec_only_pledge": True}  # fmt: skip
        assert send(client, h["op"], account).status_code == 200
        project = {"op": "register_project", "project": f"P{n}", "owner": f"S{n}", "name": f"张北风电场{n}",
                   "type": "wind", "province": "河北", "capacity_kw": 50000, "commissioned": "2022-05-01"}  # fmt: skip
        assert send(client, h["op"], project).status_code == 200
        reading = {"op": "meter", "project": f"P{n}", "month": "2024-08", "grid_kwh": 1_234_567, "self_kwh": 0,
                   "source": "grid"}  # fmt: skip
        assert send(client, h["grid"], reading).status_code == 200
    buyer = {
        "op": "open_account",
        "account": "B1",
        "kind": "buyer",
        "name": "买方",
        "id_doc": uscc("91310000MA1FL0000"),
    }
    assert send(client, h["bj"], buyer).status_code == 200
    assert send(client, h["op"], {"op": "issue", "month": "2024-08"}).json()["issued"] == 2468
    return h


def test_commands_without_a_valid_token_are_refused_with_401(api: TestClient) -> None:
    assert api.post("/api/gec/commands", json={"op": "issue", "month": "2024-08"}).status_code == 401
    bad = {"Authorization": "Bearer ph_forged"}
    assert api.post("/api/gec/commands", json={"op": "issue", "month": "2024-08"}, headers=bad).status_code == 401


def test_each_role_is_held_to_its_duty_over_http(api: TestClient) -> None:
    h = populate(api)
    claim_s1 = {"op": "claim", "claim": "C1", "account": "S1", "quantity": 10, "beneficiary": "风电1", "period": "2024"}
    # An account holder cannot spend another account's certificates …
    assert send(api, h["s2"], claim_s1).status_code == 403
    assert api.get("/api/gec/state", headers=h["op"]).json()["accounts"]["S1"]["live"] == 1234
    # … but can spend its own.
    assert send(api, h["s1"], claim_s1).json()["ok"] is True
    # Only the operator issues; a platform, a holder, the regulator and the grid cannot.
    for who in ("bj", "s1", "reg", "grid"):
        assert send(api, h[who], {"op": "issue", "month": "2024-09"}).status_code == 403
    # The regulator freezes (第三十三条); a platform cannot.
    assert send(api, h["bj"], {"op": "freeze", "account": "S2", "reason": "核查"}).status_code == 403
    assert send(api, h["reg"], {"op": "freeze", "account": "S2", "reason": "核查"}).status_code == 200
    # The grid pushes grid data only; an owner submits owner data for its own project only.
    owner = {"op": "meter", "project": "P2", "month": "2024-09", "grid_kwh": 5, "self_kwh": 0, "source": "owner"}
    assert send(api, h["grid"], owner).status_code == 403
    assert send(api, h["s1"], owner).status_code == 403


def test_holdings_are_private_but_verification_is_public(api: TestClient) -> None:
    h = populate(api)
    assert api.get("/api/gec/accounts/S1/holdings", headers=h["s2"]).status_code == 403
    blocks = api.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()
    assert sum(b["count"] for b in blocks) == 1234
    assert api.get("/api/gec/state", headers=h["s1"]).status_code == 403
    found = api.get(f"/api/gec/verify/{blocks[0]['first_code']}").json()
    assert found["project_name"] == "张北风电场1" and found["status"] == "live"


def test_a_batch_reports_each_command_and_a_refusal_changes_nothing(api: TestClient) -> None:
    h = populate(api)
    batch = [
        {"op": "claim", "claim": "C1", "account": "S1", "quantity": 5, "beneficiary": "x", "period": "2024"},
        {"op": "claim", "claim": "C2", "account": "S1", "quantity": 10**9, "beneficiary": "x", "period": "2024"},
        {"op": "claim", "claim": "C3", "account": "S2", "quantity": 5, "beneficiary": "x", "period": "2024"},
    ]
    results = api.post("/api/gec/commands", json=batch, headers=h["s1"]).json()
    assert [r["ok"] for r in results] == [True, False, False]
    assert results[2]["error"]["code"] == "forbidden"
    assert api.get("/api/gec/state", headers=h["op"]).json()["accounts"]["S1"]["claimed"] == 5


def test_verify_page_names_the_project_and_status_and_unknown_codes_are_404(api: TestClient) -> None:
    h = populate(api)
    code = api.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()[0]["first_code"]
    page = api.get(f"/verify/{code}")
    assert page.status_code == 200
    assert "张北风电场1" in page.text and "有效 live" in page.text
    assert api.get("/verify/GEC9999999999990").status_code == 404
    assert api.get("/verify/not-a-code").status_code == 404


def test_claim_statement_carries_a_qr_code_pointing_at_verification(api: TestClient) -> None:
    h = populate(api)
    claim = {
        "op": "claim",
        "claim": "C1",
        "account": "S1",
        "quantity": 7,
        "beneficiary": "某制造企业",
        "period": "2024",
    }
    code = send(api, h["s1"], claim).json()["code"]
    page = api.get(f"/gec/claims/{code}")
    assert page.status_code == 200 and "某制造企业" in page.text and "<svg" in page.text
    qr = api.get(f"/api/gec/qr/{code}.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg")


def test_account_page_needs_sign_in_and_shows_holdings_after(api: TestClient, tmp_path: Path) -> None:
    h = populate(api)
    assert api.get("/gec/accounts/S1", follow_redirects=False).status_code == 303
    token = h["s1"]["Authorization"].removeprefix("Bearer ")
    signed = sign_in(api, token, "/gec")
    assert signed.status_code == 303 and "张北风电场1" in api.get(signed.headers["location"]).text
    assert sign_in(api, "ph_wrong").status_code == 401


def test_claim_statement_pdf_carries_the_beneficiary_in_chinese(api: TestClient) -> None:
    import pypdfium2 as pdfium

    h = populate(api)
    claim = {"op": "claim", "claim": "C1", "account": "S1", "quantity": 7, "beneficiary": "某制造企业"}
    claim["period"] = "2024"
    code = send(api, h["s1"], claim).json()["code"]
    pdf = api.get(f"/gec/claims/{code}.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    document = pdfium.PdfDocument(pdf.content)
    text = document[0].get_textpage().get_text_range()
    document.close()
    assert "某制造企业" in text and code in text
    assert api.get("/gec/claims/GECC9999999999X.pdf").status_code == 404
