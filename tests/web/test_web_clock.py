"""Over HTTP the registry's clock decides: a command carrying `at` is refused; the journal names the sender."""

from __future__ import annotations

from datetime import datetime

from fastapi.testclient import TestClient
from test_web_gec import AT, bearer, populate

from policyhub.web.app import create_app


def test_http_refuses_any_at_and_stamps_its_own_time(db_url: str) -> None:
    app = create_app(db_url, clock=lambda: datetime.fromisoformat(AT))
    with TestClient(app) as api:
        h = populate(api)
        # The backdated claim of the report: refused before the registry sees it.
        claim = {"op": "claim", "account": "S1", "quantity": 10, "beneficiary": "x", "period": "2024"}
        res = api.post("/api/gec/commands", json={**claim, "at": "2025-01-01T00:00:00+08:00"}, headers=h["s1"])
        assert res.status_code == 400 and res.json()["code"] == "at_not_accepted"
        res = api.post("/api/gec/commands", json=claim, headers=h["s1"])
        assert res.status_code == 200
        last = api.get("/api/gec/journal", params={"after": 0, "limit": 500}, headers=h["op"]).json()[-1]
        assert last["at"] == AT and last["received"] == AT
        # Who sent it is in the hashed entry.
        assert last["actor"]["role"] == "account_holder" and last["actor"]["account"] == "S1"
        assert isinstance(last["actor"]["token"], int) and "actor" in last["command"]
        reader = bearer(api, "regulator")
        assert api.get("/api/gec/journal", headers=reader).status_code == 200
