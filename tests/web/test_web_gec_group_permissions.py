"""Permissions follow the group: a fact made earlier in the same array (a listing, a mandate) counts for later ones."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_web_gec import api, bearer, populate, send  # noqa: F401 - `api` is a fixture

LIST = {"op": "list", "listing": "L9", "account": "S1", "quantity": 10, "price": "5.00", "platforms": ["BJ"]}


def test_a_platform_delists_in_the_same_array_the_listing_it_just_made(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    assert send(api, h["s1"], {"op": "mandate", "account": "S1", "platform": "BJ"}).status_code == 200
    res = api.post("/api/gec/commands", json=[LIST, {"op": "delist", "listing": "L9"}], headers=h["bj"])
    assert res.status_code == 200, res.json()
    assert [r["ok"] for r in res.json()] == [True, True]
    assert api.get("/api/gec/listings/L9").json()["status"] == "delisted"


def test_a_holder_mandates_and_the_platform_lists_for_it_in_the_same_group(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    # One array of the holder's: the mandate first, then its own listing; the platform's array after it.
    res = api.post("/api/gec/commands", json=[{"op": "mandate", "account": "S1", "platform": "BJ"}], headers=h["s1"])
    assert res.status_code == 200
    assert api.post("/api/gec/commands", json=[LIST], headers=h["bj"]).status_code == 200


def test_a_deferred_check_still_refuses_what_the_sender_may_not_do(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    gz = bearer(api, "platform", platform="GZ")
    assert send(api, h["s1"], {"op": "mandate", "account": "S1", "platform": "BJ"}).status_code == 200
    assert send(api, h["bj"], LIST).status_code == 200
    # GZ's delist of BJ's listing follows another command in its array: judged in the transaction, refused 403.
    res = api.post("/api/gec/commands", json=[{"op": "mandate", "account": "S1", "platform": "GZ"},
                                              {"op": "delist", "listing": "L9"}], headers=gz)  # fmt: skip
    assert res.status_code == 207
    assert [r["ok"] for r in res.json()] == [False, False]
    assert res.json()[1]["error"]["code"] == "forbidden"
    assert api.get("/api/gec/listings/L9").json()["status"] == "open"
    assert send(api, gz, {"op": "delist", "listing": "L9"}).status_code == 403  # alone: refused at the edge
