"""A firm's records are its own, on both databases: its credential reads and writes only its firm, the operator and
the regulator every firm, nobody else any; anonymous self-assessments are shown and stored nowhere."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from tests.web.tests_web_support import csrf_of

from policyhub.access.tokens import digest
from policyhub.web.app import create_app

CODE_A, CODE_B = "91350100M000100Y43", "91110000100003962Y"
MANAGE = {"answers": {"二.（一）": "done"}}
DIGITAL = {"answers": {"1": [1], "2": 1, "3": 1, "4": [1], "5": 1, "6": [1], "7": [1], "8": 1, "9": [1], "10": [1],
                       "11": 1, "12": 1, "13": 1, "14": 1, "15": 1}, "scenarios": {"生产管控": [1]}}  # fmt: skip


@pytest.fixture
def site(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url)) as c:
        yield c


def _sign_up(client: TestClient, name: str, code: str) -> str:
    """Sign a firm up on the page (the client is then signed in as it); its credential."""
    form = {"firm": name, "credit_code": code, "sector": "重型机械", "csrf": csrf_of(client.get("/firms/signup").text)}
    res = client.post("/firms/signup", data=form)
    assert res.status_code == 200, res.text
    return str(re.findall(r'id="credential">([^<]+)<', res.text)[0])


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _token(client: TestClient, role: str, **scope: str) -> dict[str, str]:
    return _bearer(client.app.state.services.tokens.create(role, **scope).secret)  # type: ignore[attr-defined]


def _rows(client: TestClient, query: str) -> list[dict[str, Any]]:
    engine: sa.Engine = client.app.state.services.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(sa.text(query)).mappings()]


def _record(firm: str, code: str | None = None) -> dict[str, Any]:
    return {"firm": firm, "credit_code": code, "kind": "manage", "on": "2024-05-01", "submission": MANAGE}


def test_sign_up_shows_the_credential_once_and_stores_only_its_hash(site: TestClient) -> None:
    secret = _sign_up(site, "甲机械厂", CODE_A)
    assert secret.startswith("phf_")
    [row] = _rows(site, "SELECT * FROM firm_credentials")
    assert row["secret_sha256"] == digest(secret) and secret not in str(row)
    assert secret not in site.get("/firms/1").text and secret not in site.get("/firms").text  # shown once
    again = site.post("/firms/signup", data={"firm": "别名", "credit_code": CODE_A,
                                             "csrf": csrf_of(site.get("/firms/signup").text)})  # fmt: skip
    assert again.status_code == 400 and "已有档案" in again.text  # a code on file is not handed to a newcomer
    assert len(_rows(site, "SELECT * FROM firm_credentials")) == 1


def test_without_a_credential_the_firms_api_answers_401(site: TestClient) -> None:
    _sign_up(site, "甲机械厂", CODE_A)
    site.cookies.clear()  # a browser session is no API credential either
    for method, path in (("GET", "/api/firms"), ("GET", f"/api/firms/{CODE_A}"), ("GET", "/api/firms/1/report"),
                         ("POST", "/api/firms")):  # fmt: skip
        for headers in ({}, _bearer("phf_not-a-credential"), _bearer("ph_not-a-token")):
            res = site.request(method, path, json=_record("甲机械厂"), headers=headers)
            assert res.status_code == 401 and res.headers["content-type"].startswith("application/problem+json")
        holder = site.request(
            method, path, json=_record("甲机械厂"), headers=_token(site, "account_holder", account="S1")
        )
        assert holder.status_code == 403
    assert _rows(site, "SELECT * FROM firm_assessments") == []


def test_firm_a_cannot_read_or_write_firm_b(site: TestClient) -> None:
    a = _sign_up(site, "甲机械厂", CODE_A)
    b = _sign_up(site, "乙重工", CODE_B)
    assert site.post("/api/firms", json=_record("乙重工"), headers=_bearer(b)).status_code == 200
    assert [f["name"] for f in site.get("/api/firms", headers=_bearer(a)).json()] == ["甲机械厂"]
    for ref in ("乙重工", CODE_B, "2", "no-such-firm"):  # another firm and a missing one answer alike
        assert site.get(f"/api/firms/{ref}", headers=_bearer(a)).status_code == 403
        assert site.get(f"/api/firms/{ref}/report", headers=_bearer(a)).status_code == 403
    for body in (_record("乙重工"), _record("2"), _record("甲机械厂", CODE_B), _record("新公司")):
        assert site.post("/api/firms", json=body, headers=_bearer(a)).status_code == 403
    b_rows = _rows(site, "SELECT * FROM firm_assessments WHERE firm_id = 2")
    assert len(b_rows) == 1 and len(_rows(site, "SELECT * FROM firms")) == 2
    assert site.post("/api/firms", json=_record("甲机械厂", CODE_A), headers=_bearer(a)).status_code == 200
    assert len(site.get(f"/api/firms/{CODE_A}", headers=_bearer(a)).json()["assessments"]) == 1
    # the pages: signed in as B (the last sign-up), A's history and report are refused
    assert site.get("/firms/1").status_code == 403 and site.get("/firms/1/report").status_code == 403
    assert site.get("/firms/2").status_code == 200 and "甲机械厂" not in site.get("/firms").text


def test_the_operator_and_the_regulator_see_every_firm(site: TestClient) -> None:
    _sign_up(site, "甲机械厂", CODE_A)
    _sign_up(site, "乙重工", CODE_B)
    op, reg = _token(site, "operator"), _token(site, "regulator")
    assert site.post("/api/firms", json=_record("丙公司"), headers=op).status_code == 200  # created on first sight
    for who in (op, reg):
        assert {f["name"] for f in site.get("/api/firms", headers=who).json()} == {"甲机械厂", "乙重工", "丙公司"}
        assert site.get(f"/api/firms/{CODE_B}", headers=who).json()["firm"]["name"] == "乙重工"


def test_an_anonymous_manage_post_is_shown_and_stores_nothing(site: TestClient) -> None:
    _sign_up(site, "甲机械厂", CODE_A)
    site.cookies.clear()  # anonymous, as a cross-site form (no cookie under SameSite=Lax) arrives
    before = (_rows(site, "SELECT * FROM firms"), _rows(site, "SELECT * FROM firm_assessments"))
    form = {"firm": "甲机械厂", "credit_code": CODE_B, "sector": "重型机械", "on": "2024-01-01", "p_二.（一）": "done"}
    res = site.post("/manage", data=form)
    assert res.status_code == 200 and 'id="in-place"' in res.text and "/firms/1" not in res.text
    assert (_rows(site, "SELECT * FROM firms"), _rows(site, "SELECT * FROM firm_assessments")) == before


def test_anonymous_digital_runs_leave_the_site_statistics_unchanged(site: TestClient) -> None:
    form = {f"q{k}": str(v[0] if isinstance(v, list) else v) for k, v in DIGITAL["answers"].items()}
    form |= {"s_生产管控": "1", "firm": "匿名企业"}
    site.get("/firms")  # the firms' tables exist (their store migrates them on first use)
    shown = site.get("/digital").text
    for _ in range(3):
        res = site.post("/digital", data=form)
        assert res.status_code == 200 and 'id="level"' in res.text
    assert site.get("/digital").text == shown  # "本站已评测 N 家" unchanged
    assert _rows(site, "SELECT * FROM digital_assessments") == []
    assert _rows(site, "SELECT * FROM firm_assessments") == []


def test_a_signed_in_firm_saves_and_counts_once_by_its_latest(site: TestClient) -> None:
    _sign_up(site, "甲机械厂", CODE_A)
    store = site.app.state.services.assessments  # type: ignore[attr-defined]
    store.save("示范会员", 90.0, 4, {})  # one firm counted before
    form = {f"q{k}": str(v[0] if isinstance(v, list) else v) for k, v in DIGITAL["answers"].items()}
    for pick in ("0", "1"):
        data = form | {"q3": pick, "firm": "别家名义", "csrf": csrf_of(site.get("/digital").text)}
        res = site.post("/digital", data=data)
        assert res.status_code == 200 and "甲机械厂" in res.text
    counted = _rows(site, "SELECT firm, firm_id, score FROM digital_assessments ORDER BY id")
    assert [(r["firm"], r["firm_id"]) for r in counted] == [("示范会员", None), ("甲机械厂", 1)]
    history = _rows(site, "SELECT kind FROM firm_assessments WHERE firm_id = 1")
    assert [r["kind"] for r in history] == ["digital", "digital"]
    assert store.standing(0)["assessed"] == 2
    data = {"p_二.（一）": "done", "on": "2024-02-01", "csrf": csrf_of(site.get("/manage").text)}
    assert "/firms/1" in site.post("/manage", data=data).text
    assert len(_rows(site, "SELECT * FROM firm_assessments WHERE firm_id = 1")) == 3


def test_a_signed_in_firm_saves_under_its_own_record_whatever_the_form_names(site: TestClient) -> None:
    _sign_up(site, "乙重工", CODE_B)
    _sign_up(site, "甲机械厂", CODE_A)  # this browser is now 甲
    form = {"firm": "乙重工", "credit_code": CODE_B, "kind": "manage", "submission": json.dumps(MANAGE),
            "csrf": csrf_of(site.get("/firms").text)}  # fmt: skip
    res = site.post("/firms", data=form, follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/firms/2"
    assert _rows(site, "SELECT firm_id FROM firm_assessments") == [{"firm_id": 2}]
    assert [r["credit_code"] for r in _rows(site, "SELECT credit_code FROM firms ORDER BY id")] == [CODE_B, CODE_A]


def test_a_signed_in_firm_s_digital_save_is_whole_or_nothing(db_url: str) -> None:
    # The firm's record and the site's count are one transaction: the count failing takes the record back too.
    refuse = {
        "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON digital_assessments BEGIN SELECT RAISE(ABORT, 'no'); END"],
        "postgresql": [
            "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'no'; END $$",
            "CREATE TRIGGER refuse BEFORE INSERT ON digital_assessments FOR EACH ROW EXECUTE FUNCTION refuse()",
        ],
    }
    with TestClient(create_app(db_url), raise_server_exceptions=False) as site:
        _sign_up(site, "甲机械厂", CODE_A)
        form = {f"q{k}": str(v[0] if isinstance(v, list) else v) for k, v in DIGITAL["answers"].items()}
        engine: sa.Engine = site.app.state.services.engine  # type: ignore[attr-defined]
        dialect = engine.dialect.name
        with engine.begin() as conn:  # the database refuses the count, as a full disk would
            for statement in refuse[dialect]:
                conn.execute(sa.text(statement))
        try:
            res = site.post("/digital", data=form | {"csrf": csrf_of(site.get("/digital").text)})
            assert res.status_code >= 500
        finally:  # the PostgreSQL database is the worker's, emptied of rows (not of triggers) for the next test
            with engine.begin() as conn:
                conn.execute(sa.text("DROP TRIGGER refuse ON digital_assessments" if dialect == "postgresql"
                                     else "DROP TRIGGER refuse"))  # fmt: skip
                if dialect == "postgresql":
                    conn.execute(sa.text("DROP FUNCTION refuse()"))
        assert _rows(site, "SELECT * FROM firm_assessments") == []
        res = site.post("/digital", data=form | {"csrf": csrf_of(site.get("/digital").text)})
        assert res.status_code == 200
        assert len(_rows(site, "SELECT * FROM firm_assessments")) == 1
        assert len(_rows(site, "SELECT * FROM digital_assessments")) == 1
