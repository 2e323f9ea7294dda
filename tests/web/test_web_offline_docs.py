"""/docs and /redoc work with no internet: every asset is vendored under /static/vendor, nothing loads from a CDN."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from tests_web_support import ARTIFACTS, shot

VENDOR = Path(__file__).resolve().parents[2] / "src" / "policyhub" / "web" / "static" / "vendor"
ASSET = re.compile(r"<(?:script|link|img)\b[^>]*?\b(?:src|href)\s*=\s*[\"']([^\"']*)[\"']", re.IGNORECASE)
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _assets(html: str) -> list[str]:
    return ASSET.findall(html)


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_name_only_local_assets(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assets = _assets(page.text)
    assert assets, f"{path} names no scripts or stylesheets at all"
    for url in assets:
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"{path} loads {url} from off this server"
        assert url.startswith("/static/vendor/"), f"{path} loads {url}, not a vendored file"
    assert "http://" not in page.text and "https://" not in page.text
    assert "fonts.googleapis" not in page.text and "cdn.jsdelivr" not in page.text and "tiangolo" not in page.text
    for url in assets:
        served = client.get(url)
        assert served.status_code == 200, url
        assert served.content == (VENDOR / url.removeprefix("/static/vendor/")).read_bytes(), url


def test_the_vendored_files_are_served(client: TestClient) -> None:
    expected = {
        "swagger-ui/swagger-ui-bundle.js": "javascript",
        "swagger-ui/swagger-ui.css": "text/css",
        "swagger-ui/favicon-32x32.png": "image/png",
        "redoc/redoc.standalone.js": "javascript",
    }
    for name, kind in expected.items():
        served = client.get(f"/static/vendor/{name}")
        assert served.status_code == 200, name
        assert kind in served.headers["content-type"], (name, served.headers["content-type"])
        assert served.content == (VENDOR / name).read_bytes(), name
    for licence in ("swagger-ui/LICENSE", "swagger-ui/NOTICE", "redoc/LICENSE"):
        assert (VENDOR / licence).is_file(), licence


def test_the_vendor_readme_names_the_versions_in_the_files() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    swagger = re.search(r'PACKAGE_VERSION:"([\d.]+)"', (VENDOR / "swagger-ui/swagger-ui-bundle.js").read_text("utf-8"))
    redoc = re.search(r'Version: "([\d.]+)"', (VENDOR / "redoc/redoc.standalone.js.LICENSE.txt").read_text("utf-8"))
    assert swagger and f"swagger-ui-dist@{swagger[1]}" in readme and f"| {swagger[1]} |" in readme
    assert redoc and f"redoc@{redoc[1]}" in readme and f"| {redoc[1]} |" in readme
    assert "Apache-2.0" in readme and "MIT" in readme


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/docs/oauth2-redirect"])
def test_the_browser_is_told_to_load_nothing_from_elsewhere(client: TestClient, path: str) -> None:
    policy = client.get(path).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    for directive, sources in directives.items():
        assert "http" not in sources and "*" not in sources, (directive, sources)


def test_the_oauth2_redirect_page_is_local(client: TestClient) -> None:
    page = client.get("/docs/oauth2-redirect")
    assert page.status_code == 200 and "http://" not in page.text and "https://" not in page.text


def test_the_docs_pages_are_not_in_the_openapi_schema(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not {"/docs", "/redoc", "/docs/oauth2-redirect"} & set(paths)


def _offline(page: Any) -> tuple[list[str], list[str]]:
    """Abort every request that is not to this machine, as if there were no internet.

    Returns the requests that were aborted (something did try to go out) and the loads the page's
    Content-Security-Policy refused before any request was made.
    """
    blocked: list[str] = []
    refused: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in {"data", "blob"} or (parts.hostname or "") in LOOPBACK:
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            refused.append(message.text)

    page.route("**/*", handle)
    page.on("console", console)
    return blocked, refused


@pytest.mark.browser
def test_swagger_ui_lists_the_operations_offline(live_server: Any, page: Any) -> None:
    blocked, refused = _offline(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() > 10
    command = page.locator(".opblock-summary-path[data-path='/api/gec/commands']").first
    command.wait_for(state="visible")
    assert command.inner_text().replace("\u200b", "") == "/api/gec/commands"
    assert page.locator(".info .title").first.inner_text().startswith("policyhub")
    shot(page, "docs-swagger-offline")
    assert blocked == [], f"/docs tried to reach the internet: {blocked}"
    assert refused == [], f"/docs tried to load from off this server: {refused}"
    assert errors == []


@pytest.mark.browser
def test_redoc_lists_the_operations_offline(live_server: Any, page: Any) -> None:
    blocked, refused = _offline(page)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{live_server.url}/redoc")
    page.wait_for_selector(".menu-content li[data-item-id^='tag/']", timeout=30_000)
    operations = page.locator(".menu-content li[data-item-id*='/operation/']")
    assert operations.count() > 10
    assert page.locator(".api-info h1").first.inner_text().startswith("policyhub")
    assert page.get_by_text("/api/gec/commands", exact=True).count() > 0
    page.screenshot(path=str(ARTIFACTS / "docs-redoc-offline.png"))  # the full page is ~36,000 px tall
    assert blocked == [], f"/redoc tried to reach the internet: {blocked}"
    # ReDoc 2's menu footer always asks cdn.redoc.ly for its logo; the page's policy refuses it without a request.
    unexpected = [m for m in refused if "cdn.redoc.ly/redoc/logo-mini.svg" not in m]
    assert unexpected == [], f"/redoc tried to load from off this server: {unexpected}"
    assert errors == []
