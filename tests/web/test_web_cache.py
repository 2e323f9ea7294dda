"""Public pages and reports are computed once per journal head: repeated requests are answered from memory, and
a new journal entry makes the next request compute them again."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_web_gec import bearer, clock, populate, send, uscc
from tests_web_support import sign_in

from policyhub.gec.headcache import HeadCache, cache_for
from policyhub.web.app import create_app


@pytest.fixture
def api(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url, clock=clock())) as c:
        yield c


def _new_buyer(client: TestClient, headers: dict[str, str]) -> None:
    cmd = {
        "op": "open_account",
        "account": "B2",
        "kind": "buyer",
        "name": "买方二",
        "id_doc": uscc("91310000MA1FL0001"),
    }
    assert send(client, headers, cmd).status_code == 200


def test_the_overview_is_computed_once_per_journal_head(api: TestClient) -> None:
    h = populate(api)
    cache = cache_for(api.app.state.services.registry)  # type: ignore[attr-defined]
    first = api.get("/gec")
    assert first.status_code == 200 and "3 个账户 accounts" in first.text
    computed = cache.renders
    for _ in range(5):
        again = api.get("/gec")
        assert again.status_code == 200 and again.text == first.text
        assert again.headers["content-type"] == first.headers["content-type"]
    assert cache.renders == computed
    _new_buyer(api, h["op"])
    after = api.get("/gec")
    assert "4 个账户 accounts" in after.text
    assert cache.renders == computed + 1


def test_market_and_report_pages_follow_the_journal(api: TestClient) -> None:
    h = populate(api)
    listing = {"op": "list", "listing": "L1", "account": "S1", "quantity": 100, "price": "5.00", "platforms": ["BJ"]}
    first_book = api.get("/gec/market").text
    report = api.get("/api/gec/report", params={"month": "2024-08"}).json()
    assert send(api, h["s1"], listing).status_code == 200
    assert "L1" in api.get("/gec/market").text and "L1" not in first_book
    later = api.get("/api/gec/report", params={"month": "2024-08"}).json()
    assert later["journal"]["seq"] == report["journal"]["seq"] + 1


def test_a_signed_in_reader_never_gets_the_public_rendering(api: TestClient) -> None:
    populate(api)
    public = api.get("/gec").text
    assert "/gec/accounts/S1" not in public
    token = bearer(api, "regulator")["Authorization"].split()[1]
    sign_in(api, token)
    assert "/gec/accounts/S1" in api.get("/gec").text


def test_while_one_request_computes_a_new_head_the_others_get_the_previous_rendering() -> None:
    cache = HeadCache()
    assert cache.get("k", (1, "d"), lambda: "v1") == "v1"
    started, release = threading.Event(), threading.Event()

    def slow() -> str:
        started.set()
        release.wait(30)
        return "v2"

    results: list[str] = []
    worker = threading.Thread(target=lambda: results.append(cache.get("k", (2, "d"), slow)))
    worker.start()
    assert started.wait(30)
    assert cache.get("k", (2, "d"), lambda: "never computed twice") == "v1"
    release.set()
    worker.join(30)
    assert results == ["v2"] and cache.get("k", (2, "d"), lambda: "stale") == "v2"
    assert cache.renders == 2
