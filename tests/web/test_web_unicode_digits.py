"""Digits that are not ASCII (², ①, full-width) in a code, a form token or an answer are bad input, never a 500."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from test_web_gec import clock, populate

from policyhub.web.app import create_app


@pytest.fixture
def site(migrated_sqlite_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(migrated_sqlite_url, clock=clock()), raise_server_exceptions=False) as c:
        yield c


def test_a_code_with_a_superscript_or_circled_digit_names_no_certificate(site: TestClient) -> None:
    h = populate(site)
    code = site.get("/api/gec/accounts/S1/holdings", headers=h["s1"]).json()[0]["first_code"]
    fullwidth = code[:3] + code[3:-1].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + code[-1]
    for odd in (f"{code[:-2]}²{code[-1]}", f"{code[:-2]}①{code[-1]}", fullwidth):
        api = site.get(f"/api/gec/verify/{odd}")
        assert api.status_code == 400 and api.json()["code"] == "invalid_code", odd
        assert site.get(f"/api/gec/qr/{odd}.svg").status_code == 400
        page = site.get(f"/verify/{odd}")
        assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert site.get(f"/api/gec/verify/{code}").status_code == 200


def test_a_csrf_token_with_odd_digits_is_refused_403(site: TestClient) -> None:
    site.get("/login")  # the anonymous cookie the token would be bound to
    for forged in ("².abc", "①②.abc", "１７００００００００.abc"):
        res = site.post("/login", data={"token": "x", "csrf": forged})
        assert res.status_code == 403, forged


def test_the_digital_form_with_odd_digits_in_its_answers_is_not_a_500(site: TestClient) -> None:
    res = site.post("/digital", data={"q1": "²", "q2": "①", "q4": "①", "s_产品设计": "²"})
    assert res.status_code in (200, 400) and "text/html" in res.headers["content-type"]
