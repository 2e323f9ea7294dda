"""An answer made for one reader (a token, a session, a cookie set, a form's CSRF token) is kept by no cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_web_gec import clock, populate
from tests_web_support import sign_in

from policyhub.web.app import create_app


@pytest.fixture
def site(migrated_sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(migrated_sqlite_url, clock=clock())) as c:
        yield c


def _no_store(res: object) -> bool:
    return "no-store" in res.headers.get("cache-control", "")  # type: ignore[attr-defined]


def test_an_api_answer_to_a_bearer_token_is_not_stored(site: TestClient) -> None:
    h = populate(site)
    for path, who in (("/api/gec/accounts/S1/holdings", "s1"), ("/api/gec/state", "op"), ("/api/gec/trades", "op"),
                      ("/api/gec/journal?limit=5", "reg"), ("/api/gec/accounts/S1/claims", "s1")):  # fmt: skip
        res = site.get(path, headers=h[who])
        assert res.status_code == 200 and _no_store(res), path
        assert res.headers["cache-control"] == "private, no-store"
    refused = site.get("/api/gec/accounts/S1/holdings", headers=h["b1"])
    assert refused.status_code == 403 and _no_store(refused)


def test_a_signed_in_page_its_sign_in_and_sign_out_are_not_stored(site: TestClient) -> None:
    h = populate(site)
    signed = sign_in(site, h["s1"]["Authorization"].removeprefix("Bearer "))
    assert signed.status_code == 303 and _no_store(signed)  # it sets the session cookie
    own = site.get("/gec/accounts/S1")
    assert own.status_code == 200 and "风电1" in own.text and _no_store(own)
    assert _no_store(site.get("/gec"))  # a signed-in reader's overview names its own account


def test_an_anonymous_form_page_carrying_a_csrf_token_is_not_stored(site: TestClient) -> None:
    first = site.get("/login")
    assert "set-cookie" in first.headers and _no_store(first)
    again = site.get("/login")  # the anonymous cookie is set: the form's token is bound to it
    assert "set-cookie" not in again.headers and _no_store(again)


def test_public_answers_and_static_files_keep_their_caching(site: TestClient) -> None:
    populate(site)
    public = TestClient(site.app)
    for path in ("/api/gec/listings", "/api/library/documents", "/gec", "/library"):
        res = public.get(path)
        assert res.status_code == 200 and "cache-control" not in res.headers, path
    site.cookies.set("ph_token", "phs_whatever")
    assert "cache-control" not in site.get("/static/style.css").headers
