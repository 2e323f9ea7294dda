"""One stylesheet base: the site imports it, a PDF or a standalone report carries it written in."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from policyhub.gec.registry import Registry
from policyhub.gec.report import report
from policyhub.gec.report_html import render_report_html
from policyhub.render.styles import IMPORT, base_css
from policyhub.web.app import create_app
from policyhub.web.templating import STATIC, site_css


def test_the_site_serves_its_stylesheet_and_the_base_it_imports(tmp_path: Path) -> None:
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'ph.sqlite'}"))
    site = client.get("/static/style.css")
    assert site.status_code == 200 and IMPORT in site.text
    base = client.get("/static/base.css")
    assert base.status_code == 200 and base.text == base_css()
    assert client.get("/static/styles.py").status_code == 404  # only the base's folder is served, not the module


def test_inline_stylesheets_carry_the_base_and_import_nothing(tmp_path: Path) -> None:
    css = site_css()
    assert "@import" not in css and css.startswith((STATIC / "style.css").read_text(encoding="utf-8").split(IMPORT)[0])
    assert base_css() in css and "header.site" in css  # the base, then the site's own rules
    with Registry.open(f"sqlite:///{tmp_path / 'ph.sqlite'}") as registry:
        html = render_report_html(report(registry, "2024-09", None))
    assert base_css() in html and "header.site" not in html  # the standalone report: the base alone
