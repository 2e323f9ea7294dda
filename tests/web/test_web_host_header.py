"""A forged Host header reaches no page, no shared rendering and no download: links are the service's own."""

from __future__ import annotations

from fastapi.testclient import TestClient

from policyhub.web.app import create_app

FORGED = {"host": "evil.example"}
PUBLIC = "https://gec.example.cn"


def test_a_forged_host_header_puts_no_foreign_script_or_stylesheet_on_a_page(client: TestClient) -> None:
    for path in ("/", "/gec", "/library", "/match", "/login"):
        res = client.get(path, headers=FORGED)
        assert res.status_code == 200, path
        assert "evil.example" not in res.text, path
        assert 'src="/static/htmx.min.js"' in res.text and 'href="/static/style.css"' in res.text


def test_a_forged_host_header_does_not_poison_the_public_rendering_others_are_served(client: TestClient) -> None:
    # /gec, /gec/market and /gec/report are rendered once per journal head and shared by every anonymous reader.
    for path in ("/gec", "/gec/market", "/gec/report"):
        assert client.get(path, headers=FORGED).status_code == 200
        shared = client.get(path)
        assert shared.status_code == 200 and "evil.example" not in shared.text, path


def test_the_calendar_links_carry_the_public_address_not_the_host_header(migrated_sqlite_url: str) -> None:
    with TestClient(create_app(migrated_sqlite_url, public_url=PUBLIC)) as site:
        res = site.get("/match.ics", params={"kind": "enterprise"}, headers=FORGED)
    assert res.status_code == 200
    text = res.content.decode("utf-8").replace("\r\n ", "")  # iCalendar folds long lines
    assert "evil.example" not in text
    assert f"URL:{PUBLIC}/library/docs/" in text
