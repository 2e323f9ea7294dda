"""Public reads show market facts only: no buyer, no bidder, no order's limit, no account behind an identity document.

A token may show more, as the read policy (access/reads.py) says: its own trades and orders to a party, what
happened on a platform to that platform, everything to the operator and the regulator. Both databases.
"""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from test_web_gec import api, bearer, populate, send, uscc  # noqa: F401 - `api` is a fixture
from tests_web_support import sign_in

LIST = {"op": "list", "listing": "L1", "account": "S1", "quantity": 100, "price": "5.00", "platforms": ["CGEC", "BJ"]}
BUY = {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 10}


def _market(client: TestClient) -> dict[str, dict[str, str]]:
    """populate() plus a listing L1 that B1 bought 10 of on BJ, and an auction A1 on BJ cleared at 5.00."""
    h = populate(client)
    assert send(client, h["s1"], LIST).status_code == 200
    assert send(client, h["b1"], BUY).status_code == 200
    opening = {"op": "auction_open", "auction": "A1", "platform": "BJ", "closes": "2024-09-30T15:00:00+08:00"}
    assert send(client, h["bj"], opening).status_code == 200
    bid = {"op": "bid", "auction": "A1", "account": "B1", "quantity": 5, "price": "6.17"}
    assert send(client, h["b1"], bid).status_code == 200
    ask = {"op": "ask", "auction": "A1", "account": "S1", "quantity": 5, "price": "4.93"}
    assert send(client, h["s1"], ask).status_code == 200
    cleared = send(client, h["bj"], {"op": "auction_clear", "auction": "A1"})
    assert cleared.status_code == 200, cleared.text
    return h


def _get(client: TestClient, path: str, headers: dict[str, str] | None = None) -> Any:
    res = client.get(path, headers=headers or {})
    assert res.status_code == 200, res.text
    return res


def test_a_listing_read_without_a_token_names_no_buyer(api: TestClient) -> None:  # noqa: F811
    h = _market(api)
    res = _get(api, "/api/gec/listings/L1")
    found = res.json()
    assert (found["remaining"], found["sold"], found["price"], found["account"]) == (90, 10, "5.00", "S1")
    [trade] = found["trades"]
    assert (trade["quantity"], trade["price"], trade["platform"]) == (10, "5.00", "BJ")
    assert "buyer" not in trade and "B1" not in res.text
    assert all("buyer" not in x and "B1" not in str(x) for x in _get(api, "/api/gec/listings?status=all").json())
    # With a token: the buyer for the trade's parties, its platform and the regulator; not for another holder.
    for who in ("b1", "s1", "bj", "reg", "op"):
        assert _get(api, "/api/gec/listings/L1", h[who]).json()["trades"][0]["buyer"] == "B1", who
    for headers in (h["s2"], h["grid"], bearer(api, "platform", platform="GZ")):
        assert "buyer" not in _get(api, "/api/gec/listings/L1", headers).json()["trades"][0]


def test_a_cleared_auction_read_without_a_token_names_no_bidder_and_no_limit(api: TestClient) -> None:  # noqa: F811
    h = _market(api)
    res = _get(api, "/api/gec/auctions/A1")
    found = res.json()
    result = (found["status"], found["platform"], found["clearing_price"], found["volume"])
    assert result == ("cleared", "BJ", "4.93", 5)
    assert sorted((o["side"], o["quantity"], o["filled"]) for o in found["book"]) == [("ask", 5, 5), ("bid", 5, 5)]
    assert all("account" not in o and "price" not in o and "bidder" not in o for o in found["book"])
    assert "B1" not in res.text and "S1" not in res.text and "6.17" not in res.text
    # The bidder sees its own order in full, not the other side's; the auction's platform and the regulator see all.
    mine = {o["side"]: o for o in _get(api, "/api/gec/auctions/A1", h["b1"]).json()["book"]}
    assert (mine["bid"]["account"], mine["bid"]["price"]) == ("B1", "6.17")
    assert "account" not in mine["ask"] and "price" not in mine["ask"]
    for who in ("bj", "reg"):
        assert {o["account"] for o in _get(api, "/api/gec/auctions/A1", h[who]).json()["book"]} == {"B1", "S1"}
    gz = _get(api, "/api/gec/auctions/A1", bearer(api, "platform", platform="GZ")).json()
    assert all("account" not in o and "price" not in o for o in gz["book"])


def test_the_auction_page_shows_the_result_without_who_or_at_what_limit(api: TestClient) -> None:  # noqa: F811
    h = _market(api)
    page = _get(api, "/gec/market/auctions/A1").text
    assert "4.93" in page and "6.17" not in page and "B1" not in page
    sign_in(api, h["b1"]["Authorization"].split()[1])
    own = _get(api, "/gec/market/auctions/A1").text
    assert "6.17" in own and "B1" in own


def test_a_refused_open_account_names_no_other_account(api: TestClient) -> None:  # noqa: F811
    h = populate(api)
    doc = uscc("91310000MA1FL0000")  # B1's
    taken = {"op": "open_account", "account": "B9", "kind": "buyer", "name": "另一个", "id_doc": doc}
    for who in ("bj", "op"):  # B1 holds the document: neither the platform nor the operator's answer names it
        res = send(api, h[who], taken)
        assert res.status_code == 409 and res.json()["code"] == "duplicate_entity", res.text
        assert "B1" not in res.text and "buyer account" not in res.text
        assert res.json()["detail"].startswith("该证件号码已有")


def test_trades_stay_with_their_parties_their_platform_and_the_regulators(api: TestClient) -> None:  # noqa: F811
    h = _market(api)
    trade = _get(api, "/api/gec/trades?account=B1", h["b1"]).json()[-1]["trade"]
    assert api.get(f"/api/gec/trades/{trade}").status_code == 401
    for who in ("s2", "grid"):
        assert api.get(f"/api/gec/trades/{trade}", headers=h[who]).status_code == 403
        assert api.get("/api/gec/trades", headers=h[who]).status_code == 403
    for who in ("b1", "s1", "bj", "reg"):
        assert _get(api, f"/api/gec/trades/{trade}", h[who]).json()["buyer"] == "B1"
    assert {t["platform"] for t in _get(api, "/api/gec/trades", h["bj"]).json()} == {"BJ"}
