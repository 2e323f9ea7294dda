"""Every 4xx a route or page answers is Chinese first: problem+json details and error pages alike (issue 27)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Route
from tests_web_support import sign_in

from policyhub.web.app import create_app

CJK = re.compile(r"[\u4e00-\u9fff]")
# Bad values a user might type, by path parameter name (anything else gets "zz999").
BAD = {"no": "999", "code": "GEC999", "doc_id": "d99", "industry": "造船x", "sector": "造船x", "month": "2030-13"}


@pytest.fixture
def site(migrated_sqlite_url: str) -> Iterator[TestClient]:
    clock = datetime.fromisoformat("2024-09-25T10:00:00+08:00")
    with TestClient(create_app(migrated_sqlite_url, clock=lambda: clock)) as c:
        yield c


def _routes(app: FastAPI) -> list[tuple[str, str]]:
    """(method, path) of every route: the OpenAPI schema's and the pages' (the route tree, walked)."""
    found = {(m.upper(), p) for p, ops in app.openapi()["paths"].items() for m in ops}
    stack: list[Any] = list(app.routes)
    while stack:
        route = stack.pop()
        if getattr(route, "original_router", None) is not None:  # FastAPI ≥ 0.120 keeps included routers whole
            stack.extend(route.original_router.routes)
        elif isinstance(route, Route) and not route.path.startswith(("/docs", "/redoc", "/openapi")):
            found |= {(m, route.path) for m in route.methods or () if m in ("GET", "POST")}
    return sorted(found)


def _url(path: str) -> str:
    url = re.sub(r"{(\w+)(?::\w+)?}", lambda m: BAD.get(m.group(1), "zz999"), path)
    return url + ("?month=2030-13" if path.endswith("/report") else "")


def _message(res: Any) -> str:
    """What a person reads of an error: a problem's title and detail, or an error page's main text."""
    kind = res.headers.get("content-type", "")
    if "json" in kind:
        body = json.loads(res.text)
        return f"{body.get('title', '')} {body.get('detail', '')}" if isinstance(body, dict) else res.text
    if "html" in kind:
        main = res.text.split("<main>", 1)[-1]
        main = re.sub(r"<(svg|script|style)\b.*?</\1>", "", main, flags=re.S)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))
    return res.text


def _detail(res: Any) -> str:
    """The sentence a problem+json carries (its detail), or the page's text."""
    if "json" in res.headers.get("content-type", ""):
        body = json.loads(res.text)
        return str(body.get("detail", "")) if isinstance(body, dict) else res.text
    return _message(res)


def _walk(client: TestClient) -> tuple[int, list[str]]:
    app: FastAPI = client.app  # type: ignore[assignment]
    seen, english = 0, []
    for method, path in _routes(app):
        url = _url(path)
        res = client.post(url, json={}) if method == "POST" else client.get(url, follow_redirects=False)
        assert res.status_code < 500, (method, url, res.status_code, res.text[:300])
        if 400 <= res.status_code < 500:
            seen += 1
            if not CJK.search(_detail(res)):
                english.append(f"{method} {url} → {res.status_code}: {_detail(res)[:200]!r}")
    return seen, english


def test_every_route_answers_bad_input_unsigned_with_chinese_first(site: TestClient) -> None:
    seen, english = _walk(site)
    assert seen > 40, seen
    assert not english, "errors without Chinese:\n" + "\n".join(english)


def test_every_route_answers_bad_input_to_an_operator_with_chinese_first(site: TestClient) -> None:
    issued = site.app.state.services.tokens.create(role="operator")  # type: ignore[attr-defined]
    site.headers["Authorization"] = f"Bearer {issued.secret}"
    assert sign_in(site, issued.secret).status_code == 303
    seen, english = _walk(site)
    assert seen > 40, seen
    assert not english, "errors without Chinese:\n" + "\n".join(english)


@pytest.mark.parametrize(
    "url",
    ["/verify/GEC999", "/library/docs/d99", "/gec/report?month=2030-13", "/api/gec/verify/GEC999",
     "/api/library/documents/d99", "/api/gec/report?month=2030-13", "/api/library/renewal/造船"],
)  # fmt: skip
def test_the_errors_a_new_user_met_are_chinese_first(site: TestClient, url: str) -> None:
    res = site.get(url, follow_redirects=False)
    assert 400 <= res.status_code < 500
    detail = _detail(res).strip()
    assert CJK.search(detail) and "policyhub library list" not in detail, detail


def test_every_registry_command_missing_its_fields_is_refused_chinese_first(site: TestClient) -> None:
    from policyhub.gec.domain.commands import OPS

    issued = site.app.state.services.tokens.create(role="operator")  # type: ignore[attr-defined]
    auth = {"Authorization": f"Bearer {issued.secret}"}
    english = []
    for op in [*OPS, "warp"]:
        res = site.post("/api/gec/commands", json={"op": op}, headers=auth)
        if res.status_code >= 400 and not CJK.search(_detail(res)):
            english.append(f"{op} → {res.status_code}: {_detail(res)!r}")
    assert not english, "\n".join(english)
