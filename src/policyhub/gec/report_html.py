"""The monthly disclosure report as HTML with charts: a standalone file (CLI) and the body of the /gec/report page."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from policyhub import clock
from policyhub.gec.labels import LABELS, PROJECT_TYPES, name, platform_name
from policyhub.render.charts import bars
from policyhub.render.styles import base_css

TEMPLATES = Path(__file__).resolve().parent / "templates"
# A stylesheet of its own (a subset of the site's), inlined so that the file reads on its own (mail, print, archive).


@cache
def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))
    env.globals.update(LABELS)
    return env


def charts(rep: Mapping[str, Any]) -> dict[str, str]:
    """SVG charts of the report's breakdowns (only those with figures)."""
    out: dict[str, str] = {}
    unit = "证书数（个）"
    if rep["issued_by_type"]:
        kinds = list(rep["issued_by_type"])
        names = [name(PROJECT_TYPES, k) for k in kinds]
        out["type"] = bars(names, {"核发 issued": [rep["issued_by_type"][k] for k in kinds]}, ylabel=unit)
    if rep["issued_by_province"]:
        top = list(rep["issued_by_province"])[:12]
        out["province"] = bars(top, {"核发 issued": [rep["issued_by_province"][k] for k in top]}, ylabel=unit)
    if rep["traded_by_platform"]:
        codes = list(rep["traded_by_platform"])
        names = [platform_name(k) or k for k in codes]  # 第十九条's platforms by name, not code
        out["platform"] = bars(
            names, {"交易量 traded": [rep["traded_by_platform"][k]["traded"] for k in codes]}, ylabel=unit
        )
    return out


def render_report_html(rep: Mapping[str, Any]) -> str:
    """The report as one self-contained HTML file: inline stylesheet and charts, no links back to a site."""
    css = base_css()
    generated = clock.now().strftime("%Y-%m-%d %H:%M（北京时间）")
    return (
        _env()
        .get_template("report_standalone.html")
        .render(r=rep, charts=charts(rep), inline_css=css, generated=generated)
    )
