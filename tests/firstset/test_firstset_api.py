"""The router on a bare FastAPI app: the CLI's JSON in and out, bad input as a 4xx problem."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from policyhub.firstset.api import router
from policyhub.problems import install


def client() -> TestClient:
    app = FastAPI()
    install(app)
    app.include_router(router)
    return TestClient(app)


def test_fields_is_the_browsing_tree() -> None:
    tree = client().get("/api/firstset/fields").json()
    assert len(tree) == 15
    machines = tree[0]["subfields"][0]
    assert (machines["code"], machines["name"]) == ("1.1", "数控机床")
    robots = next(e for e in tree[0]["subfields"][6]["entries"] if e["code"] == "1.7.2")
    assert [s["code"] for s in robots["subentries"]] == ["1.7.2.1", "1.7.2.2", "1.7.2.3"]


def test_entries_lists_every_entry_and_sub_entry() -> None:
    rows = client().get("/api/firstset/entries").json()
    assert len(rows) == 375
    assert {"code", "name", "field", "subfield", "tiers"} <= set(rows[0])
    assert len(client().get("/api/firstset/entries", params={"field": "15"}).json()) == 6


def test_entry_shows_tiers_as_lists_of_indicators() -> None:
    body = client().get("/api/firstset/entries/1.1.1").json()
    assert body["code"] == "1.1.1" and len(body["tiers"]) == 2
    first = body["tiers"][0][0]
    assert first["name"] == "最大加工直径" and first["text"] == "最大加工直径：3500~5000mm"
    assert first["requirement"]["kind"] == "range"


def test_unknown_entry_is_404() -> None:
    assert client().get("/api/firstset/entries/99.9.9").status_code == 404


def test_check_matches_the_cli_contract() -> None:
    body = {"entry": "1.1.2", "params": {"直线轴定位精度": "1.8 μm", "加工工件圆度": "0.6um"}}
    r = client().post("/api/firstset/check", json=body)
    assert r.status_code == 200
    res = r.json()
    assert res["entry"] == "1.1.2" and res["qualifies"] is False
    rows = {i["name"]: i for i in res["tiers"][0]["indicators"]}
    assert rows["加工工件圆度"]["gap"]["percent"] == 20.0
    assert set(rows["直线轴定位精度"]) >= {"name", "required", "value", "pass", "gap"}


def test_check_with_an_unconvertible_unit_is_400() -> None:
    r = client().post("/api/firstset/check", json={"entry": "1.1.2", "params": {"直线轴定位精度": "2 kg"}})
    assert r.status_code == 400 and "kg" in r.json()["detail"]


def test_check_without_params_is_rejected() -> None:
    assert client().post("/api/firstset/check", json={"entry": "1.1.2", "params": {}}).status_code in (400, 422)


def test_match_ranks_entries() -> None:
    rows = client().post("/api/firstset/match", json={"params": {"重复定位精度": "±0.01mm", "负载": "20kg"}}).json()
    assert rows[0]["rank"] == 1 and rows[0]["entry"].startswith("1.7")


def test_find_by_name_and_by_parameter() -> None:
    c = client()
    assert [r["code"] for r in c.get("/api/firstset/find", params={"q": "液流电池"}).json()] == ["3.7.1", "3.7.2"]
    hits = c.get("/api/firstset/find", params={"q": "重复定位精度"}).json()
    assert "1.1.2" in {h["code"] for h in hits} and all(h["match"] == "indicator" for h in hits)
