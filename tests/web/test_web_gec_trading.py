"""Trading over HTTP: each role trades only where it may, and the public reads the book and the report."""

from __future__ import annotations

from fastapi.testclient import TestClient
from test_web_gec import api, bearer, populate, send  # noqa: F401 - `api` is a fixture

LIST = {"op": "list", "listing": "L1", "account": "S1", "quantity": 100, "price": "5.00", "platforms": ["CGEC", "BJ"]}
BUY = {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 10}


def test_a_holder_lists_its_own_certificates_but_not_anothers(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    assert send(api, h["s2"], LIST).status_code == 403
    assert send(api, h["s1"], LIST).status_code == 200
    assert send(api, h["s2"], {"op": "delist", "listing": "L1"}).status_code == 403


def test_a_platform_sells_only_on_itself(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    assert send(api, h["s1"], LIST).status_code == 200
    gz = bearer(api, "platform", platform="GZ")
    assert send(api, h["b1"], {"op": "mandate", "account": "B1", "platform": "GZ"}).status_code == 200
    assert send(api, h["s1"], {"op": "mandate", "account": "S1", "platform": "BJ"}).status_code == 200  # for delist
    res = send(api, gz, {**BUY, "platform": "GZ"})  # GZ may trade on GZ, but L1 is not listed there
    assert res.status_code == 409 and res.json()["error"]["code"] == "platform_not_listed"
    assert send(api, gz, BUY).status_code == 403  # GZ cannot trade on BJ's behalf
    res = send(api, h["bj"], BUY)
    assert res.status_code == 200 and res.json()["remaining"] == 90
    assert send(api, gz, {"op": "delist", "listing": "L1"}).status_code == 403
    assert send(api, h["bj"], {"op": "delist", "listing": "L1"}).status_code == 200


def test_a_buyer_buys_for_itself_and_reads_only_its_own_trades(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    send(api, h["s1"], LIST)
    assert send(api, h["s2"], BUY).status_code == 403  # S2 may not buy in B1's name
    trade = send(api, h["b1"], BUY).json()["trade"]
    assert api.get("/api/gec/trades?account=B1", headers=h["b1"]).json()[0]["trade"] == trade
    assert api.get("/api/gec/trades?account=S2", headers=h["b1"]).status_code == 403
    assert api.get(f"/api/gec/trades/{trade}", headers=h["s2"]).status_code == 403
    assert api.get(f"/api/gec/trades/{trade}", headers=h["s1"]).json()["ranges"][0]["count"] == 10
    assert api.get(f"/api/gec/trades/{trade}", headers=h["bj"]).status_code == 200


def test_refusals_keep_their_codes_over_http(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    send(api, h["s1"], LIST)
    res = send(api, h["b1"], {**BUY, "quantity": 101})
    assert res.status_code == 409 and res.json()["error"]["code"] == "insufficient_quantity"
    res = send(api, h["op"], {**BUY, "platform": "GZ"})
    assert res.status_code == 403  # the operator does not trade
    bilateral = {"op": "bilateral", "seller": "S1", "buyer": "B1", "quantity": 5, "price": "4.50", "platform": "BJ"}
    assert send(api, h["b1"], bilateral).status_code == 403  # 第二十一条（二）: through the chosen platform
    assert send(api, h["bj"], bilateral).status_code == 403  # … which both sides have mandated (B1 opened there)
    assert send(api, h["s1"], {"op": "mandate", "account": "S1", "platform": "BJ"}).status_code == 200
    assert send(api, h["bj"], bilateral).status_code == 200


def test_auctions_belong_to_their_platform(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    opening = {"op": "auction_open", "auction": "A1", "platform": "BJ", "closes": "2024-09-30T15:00:00+08:00"}
    assert send(api, bearer(api, "platform", platform="GZ"), opening).status_code == 403
    assert send(api, h["bj"], opening).status_code == 200
    bid = {"op": "bid", "auction": "A1", "account": "B1", "quantity": 5, "price": "6.00"}
    assert send(api, bearer(api, "platform", platform="GZ"), bid).status_code == 403
    assert send(api, h["b1"], bid).status_code == 200
    assert api.get("/api/gec/auctions/A1").json()["orders"] == 1


def test_the_public_reads_the_book_and_the_monthly_report(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    send(api, h["s1"], LIST)
    send(api, h["b1"], BUY)
    book = api.get("/api/gec/listings?platform=CGEC").json()
    assert [(x["listing"], x["remaining"]) for x in book] == [("L1", 90)]
    assert api.get("/api/gec/listings?platform=GZ").json() == []
    assert api.get("/api/gec/trades").status_code == 401
    rep = api.get("/api/gec/report?month=2024-09").json()
    assert (rep["issued"], rep["traded"], rep["average_price"]) == (2468, 10, "5.00")
    csv_text = api.get("/api/gec/report?month=2024-09&platform=BJ&format=csv").text
    assert "traded,,10" in csv_text
    assert api.get("/api/gec/report?month=2024-09&platform=SH").status_code == 400
    assert api.get("/api/gec/report?month=2024-99").status_code in (400, 422)
