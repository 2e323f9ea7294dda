"""Browser sessions on both databases: the cookie names a hashed server-side session, logout ends it, every
state-changing form needs its CSRF token and is refused from a foreign Origin."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from tests_web_support import csrf_of, sign_in

from policyhub.access.tokens import digest
from policyhub.web.app import create_app

CODE = "91350100M000100Y43"


@pytest.fixture
def site(db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(db_url)) as c:
        yield c


def _engine(client: TestClient) -> sa.Engine:
    engine: sa.Engine = client.app.state.services.engine  # type: ignore[attr-defined]
    return engine


def _sessions(client: TestClient) -> list[dict[str, object]]:
    with _engine(client).connect() as conn:
        return [dict(r) for r in conn.execute(sa.text("SELECT * FROM web_sessions")).mappings()]


def _token(client: TestClient, role: str = "account_holder", **scope: str) -> str:
    secret: str = client.app.state.services.tokens.create(role, **scope).secret  # type: ignore[attr-defined]
    return secret


def _sign_up(client: TestClient, name: str, code: str = "") -> str:
    form = {"firm": name, "credit_code": code, "csrf": csrf_of(client.get("/firms/signup").text)}
    res = client.post("/firms/signup", data=form)
    assert res.status_code == 200, res.text
    return str(re.findall(r'id="credential">([^<]+)<', res.text)[0])


def test_the_cookie_names_a_session_never_the_token_and_only_its_hash_is_kept(site: TestClient) -> None:
    token = _token(site, account="S1")
    res = sign_in(site, token)
    assert res.status_code == 303 and res.headers["location"] == "/gec/accounts/S1"
    sid = site.cookies["ph_token"]
    assert sid.startswith("phs_") and sid != token and token not in res.headers["set-cookie"]
    [row] = _sessions(site)
    assert row["sid_sha256"] == digest(sid) and sid not in str(row) and row["token_id"] is not None
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie


def test_an_api_token_in_the_cookie_signs_no_one_in(site: TestClient) -> None:
    site.cookies.set("ph_token", _token(site, account="S1"))  # what the cookie held before sessions
    assert site.get("/gec/accounts/S1", follow_redirects=False).status_code == 303  # sent to sign in


def test_logout_ends_the_session_on_the_server(site: TestClient) -> None:
    sign_in(site, _token(site, "operator"))
    old = site.cookies["ph_token"]
    assert (
        site.get("/firms", follow_redirects=False).status_code == 200 and 'id="sign-in"' not in site.get("/firms").text
    )
    res = site.post("/logout", data={"csrf": csrf_of(site.get("/login").text)}, follow_redirects=False)
    assert res.status_code == 303 and _sessions(site) == []
    site.cookies.clear()
    site.cookies.set("ph_token", old)  # the old cookie, replayed
    assert 'id="sign-in"' in site.get("/firms").text  # treated as anonymous
    assert site.get("/firms/1", follow_redirects=False).headers["location"] == "/login?next=/firms/1"


def test_a_revoked_token_ends_its_sessions(site: TestClient) -> None:
    issued = site.app.state.services.tokens.create("operator")  # type: ignore[attr-defined]
    sign_in(site, issued.secret)
    assert 'id="sign-in"' not in site.get("/firms").text
    assert site.app.state.services.tokens.revoke(issued.id)  # type: ignore[attr-defined]
    assert 'id="sign-in"' in site.get("/firms").text


def test_a_bad_token_starts_no_session(site: TestClient) -> None:
    for wrong in ("ph_wrong", "phf_wrong", "phs_wrong", ""):
        res = sign_in(site, wrong)
        assert res.status_code in (400, 401) and "ph_token" not in res.headers.get("set-cookie", "")
    assert _sessions(site) == []


def test_an_expired_session_signs_no_one_in(site: TestClient) -> None:
    sign_in(site, _token(site, "operator"))
    with _engine(site).begin() as conn:
        conn.execute(sa.text("UPDATE web_sessions SET expires_at = created_at"))
    assert 'id="sign-in"' in site.get("/firms").text


def test_cookies_are_secure_behind_an_https_public_url(tmp_path: object, db_url: str) -> None:
    app = create_app(db_url, public_url="https://gec.example.cn")
    with TestClient(app, base_url="https://testserver") as c:  # a client keeps a Secure cookie for https only
        login = c.get("/login")
        assert "secure" in login.headers["set-cookie"].lower()  # the anonymous CSRF cookie
        res = sign_in(c, _token(c, "operator"))
        cookie = res.headers["set-cookie"].lower()
        assert res.status_code == 303 and "; secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie
        # the public URL's own origin is not foreign, even when the Host header differs (a proxy in front)
        form = {"csrf": csrf_of(c.get("/login").text)}
        assert c.post("/logout", data=form, headers={"Origin": "https://gec.example.cn"}).status_code == 200


def _forms(site: TestClient) -> dict[str, tuple[str, dict[str, str]]]:
    """Every state-changing form: (the page it is on, its fields without the token). Signs the firm in."""
    _sign_up(site, "表单测试厂")
    return {
        "/login": ("/login", {"token": _token(site, "operator")}),
        "/firms/signup": ("/firms/signup", {"firm": "另一家测试厂"}),
        "/manage": ("/manage", {"p_二.（一）": "done"}),
        "/digital": ("/digital", {"q1": "1"}),
        "/firms": ("/firms", {"kind": "manage", "submission": '{"answers": {"二.（一）": "done"}}'}),
        "/logout": ("/firms", {}),
    }


@pytest.mark.parametrize("action", ["/login", "/firms/signup", "/manage", "/digital", "/firms", "/logout"])
def test_every_state_changing_form_needs_its_csrf_token(site: TestClient, action: str) -> None:
    page, fields = _forms(site)[action]
    html = site.get(page).text
    assert re.search(rf'<form method="post" action="{action}"[^>]*>\s*<input type="hidden" name="csrf"', html), action
    before = (len(_sessions(site)), _count(site, "firms"), _count(site, "firm_assessments"))
    good = csrf_of(html)
    flipped = good[:-1] + ("1" if good.endswith("0") else "0")
    for token in (None, "", "1.0", flipped, "99999999999." + good.split(".")[1]):
        data = fields if token is None else fields | {"csrf": token}
        assert site.post(action, data=data, follow_redirects=False).status_code == 403, (action, token)
    assert (len(_sessions(site)), _count(site, "firms"), _count(site, "firm_assessments")) == before
    good = site.post(action, data=fields | {"csrf": csrf_of(site.get(page).text)}, follow_redirects=False)
    assert good.status_code in (200, 303, 400), action  # 400: /digital's one answer is not a whole questionnaire


@pytest.mark.parametrize("action", ["/login", "/logout", "/firms/signup", "/manage", "/digital", "/firms", "/renewal"])
@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://testserver.evil.example"])
def test_a_post_from_a_foreign_origin_is_refused(site: TestClient, action: str, origin: str) -> None:
    page, fields = _forms(site).get(action, ("/login", {}))
    data = fields | {"csrf": csrf_of(site.get(page).text)}
    before = (len(_sessions(site)), _count(site, "firms"), _count(site, "firm_assessments"))
    res = site.post(action, data=data, headers={"Origin": origin}, follow_redirects=False)
    assert res.status_code == 403 and "拒绝来自其他网站的提交" in res.text
    assert (len(_sessions(site)), _count(site, "firms"), _count(site, "firm_assessments")) == before
    own = site.post(action, data=data, headers={"Origin": "http://testserver"}, follow_redirects=False)
    assert own.status_code != 403, action


def test_a_login_token_from_another_browser_is_refused(site: TestClient, db_url: str) -> None:
    with TestClient(site.app) as other:
        stolen = csrf_of(other.get("/login").text)  # bound to the other browser's cookie
    res = site.post("/login", data={"token": _token(site, "operator"), "csrf": stolen}, follow_redirects=False)
    assert res.status_code == 403 and _sessions(site) == []


def _count(client: TestClient, table: str) -> int:
    with _engine(client).connect() as conn:
        return int(conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one())


# Forms that post but change nothing: they compute an answer from what they are sent and store none of it.
STATELESS = {
    "/firstset/entries/{{ e.code }}": "checks a machine's figures against the catalog entry",
    "/renewal": "checks an uploaded register (nothing kept)",
    "{{ action }}": "renewal's downloads of the same check (HTML, PDF, CSV)",
    "/greenpower": "computes a firm's green-electricity accounts from an upload (nothing kept, nothing changed)",
    "/greenpower/report.pdf": "the same accounts as a PDF",
}
PROTECTED = {"/login", "/logout", "/firms/signup", "/firms", "/manage", "/digital"}


def test_every_posting_form_in_the_templates_carries_a_token_or_changes_nothing() -> None:
    from pathlib import Path

    import policyhub.web

    templates = Path(policyhub.web.__file__).parent / "templates"
    seen: set[str] = set()
    for path in templates.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for match in re.finditer(r'<form method="post" action="([^"]+)"[^>]*>\s*(\S+)', html):
            action, first = match.groups()
            seen.add(action)
            if action in PROTECTED:  # the token first, so that no branch of the form can lose it
                assert first.startswith(("<input", "{%")) and "csrf_token(request)" in html, (path.name, action)
            else:
                assert action in STATELESS, f"{path.name}: a new form posting to {action} needs a CSRF token"
    assert PROTECTED | set(STATELESS) == seen
