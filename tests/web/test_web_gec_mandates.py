"""The trust boundary over HTTP: default deny, platform mandates, segregation of duties, moving a project."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_web_gec import api, bearer, populate, send, uscc  # noqa: F401 - `api` is a fixture

LIST_BJ = {"op": "list", "listing": "L1", "account": "S1", "quantity": 100, "price": "5.00", "platforms": ["BJ"]}
MANDATE = {"op": "mandate", "account": "S1", "platform": "BJ"}


def mandates(client: TestClient, account: str) -> list[str]:
    """The account JSON's mandates, read from the registry behind the app."""
    found: list[str] = client.app.state.services.registry.account(account)["mandates"]  # type: ignore[attr-defined]
    return found


def test_a_meter_batch_from_a_buyers_token_is_403_and_nothing_is_issued(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    # August is issued (1,234 to S1); 36,000,000 kWh more of "grid data" for S1's project would mint 34,765 more.
    batch = {"op": "meter_batch", "month": "2024-08", "rows": [{"project": "P1", "grid_kwh": 36_000_000}]}
    res = send(api, h["b1"], batch)
    assert res.status_code == 403 and res.json()["code"] == "forbidden"
    for who in ("bj", "s1", "reg"):  # nor a platform's, the owner's or the regulator's
        assert send(api, h[who], batch).status_code == 403
    assert send(api, h["op"], {"op": "issue", "month": "2024-08"}).json()["issued"] == 0
    state = api.get("/api/gec/state", headers=h["op"]).json()["accounts"]
    assert state["S1"]["live"] == 1234  # no 36,000 certificates
    assert all(e["op"] != "meter_batch" for e in api.get("/api/gec/journal", headers=h["op"]).json())


def test_a_platform_acts_for_an_account_only_while_its_mandate_stands(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    res = send(api, h["bj"], LIST_BJ)
    assert res.status_code == 403 and "mandate" in res.json()["detail"]
    assert send(api, h["bj"], {**MANDATE, "account": "S2"}).status_code == 403  # a platform cannot mandate itself
    assert send(api, h["s2"], MANDATE).status_code == 403  # nor another holder for S1
    assert send(api, h["s1"], MANDATE).status_code == 200
    assert mandates(api, "S1") == ["BJ"]
    assert send(api, h["bj"], LIST_BJ).status_code == 200
    assert send(api, h["s1"], {**MANDATE, "op": "revoke_mandate"}).status_code == 200
    second = {**LIST_BJ, "listing": "L2"}
    assert send(api, h["bj"], second).status_code == 403
    assert send(api, h["bj"], {"op": "delist", "listing": "L1"}).status_code == 403  # S1's listing: no mandate now
    assert send(api, h["s1"], {"op": "delist", "listing": "L1"}).status_code == 200  # the holder still can


def test_bilateral_through_a_platform_needs_both_sides_mandates(api: TestClient) -> None:  # noqa: F811
    h = populate(api)  # B1 was opened through BJ: its mandate stands from the start
    deal = {"op": "bilateral", "seller": "S1", "buyer": "B1", "quantity": 5, "price": "4.50", "platform": "BJ"}
    res = send(api, h["bj"], deal)
    assert res.status_code == 403 and "S1" in res.json()["detail"]
    assert send(api, h["s1"], MANDATE).status_code == 200
    assert send(api, h["bj"], deal).status_code == 200
    assert send(api, h["b1"], {"op": "revoke_mandate", "account": "B1", "platform": "BJ"}).status_code == 200
    res = send(api, h["bj"], deal)
    assert res.status_code == 403 and "B1" in res.json()["detail"]


def test_an_account_opened_through_a_platform_has_its_mandate(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    assert mandates(api, "B1") == ["BJ"]
    assert mandates(api, "S1") == []
    gz = bearer(api, "platform", platform="GZ")
    bid_gz = {"op": "auction_open", "auction": "A1", "platform": "GZ", "closes": "2024-09-30T15:00:00+08:00"}
    assert send(api, gz, bid_gz).status_code == 200
    bid = {"op": "bid", "auction": "A1", "account": "B1", "quantity": 5, "price": "6.00"}
    assert send(api, gz, bid).status_code == 403  # B1 mandated BJ, not GZ
    assert send(api, h["bj"], {**bid}).status_code == 403  # BJ is mandated, but the auction is GZ's


def test_owner_data_is_reviewed_by_two_other_actors(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    info = bearer(api, "info_centre")
    owner = {"op": "meter", "project": "P1", "month": "2024-08", "grid_kwh": 1_234_567, "self_kwh": 0,
             "source": "owner"}  # fmt: skip
    assert send(api, h["s1"], owner).status_code == 200
    review = {"op": "review_meter", "project": "P1", "month": "2024-08", "stage": "initial", "approve": True}
    assert send(api, info, review).status_code == 200
    res = send(api, h["op"], {**review, "stage": "final"})
    assert res.status_code == 200, res.json()
    operator2 = bearer(api, "operator")
    assert send(api, h["s1"], owner).status_code == 200  # resubmitted: checked anew
    res = send(api, h["op"], review)
    assert res.status_code == 200
    res = send(api, h["op"], {**review, "stage": "final"})
    assert res.status_code == 409 and res.json()["code"] == "same_reviewer"
    assert send(api, operator2, {**review, "stage": "final"}).status_code == 200


def test_the_operator_moves_a_project_within_one_entity_only(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    move = {"op": "transfer_project", "project": "P1", "to": "S2"}
    for who in ("s1", "bj", "grid", "reg"):
        assert send(api, h[who], move).status_code == 403
    res = send(api, h["op"], move)
    assert res.status_code == 409 and res.json()["code"] == "different_entity"
