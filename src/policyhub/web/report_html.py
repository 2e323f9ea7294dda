"""The monthly disclosure report as a readable HTML page with charts (CLI `--format html` and `/gec/report`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from policyhub.web.charts import bars
from policyhub.web.templating import templates

STATIC = Path(__file__).resolve().parent / "static"


def charts(rep: dict[str, Any]) -> dict[str, str]:
    """SVG charts of the report's breakdowns (only those with figures)."""
    out: dict[str, str] = {}
    if rep["issued_by_type"]:
        kinds = list(rep["issued_by_type"])
        out["type"] = bars(kinds, {"核发 issued": [rep["issued_by_type"][k] for k in kinds]}, ylabel="个")
    if rep["issued_by_province"]:
        top = list(rep["issued_by_province"])[:12]
        out["province"] = bars(top, {"核发 issued": [rep["issued_by_province"][k] for k in top]}, ylabel="个")
    if rep["traded_by_platform"]:
        names = list(rep["traded_by_platform"])
        out["platform"] = bars(
            names, {"交易量 traded": [rep["traded_by_platform"][k]["traded"] for k in names]}, ylabel="个"
        )
    return out


def render_report_html(rep: dict[str, Any], *, standalone: bool = True, **extra: Any) -> str:
    """The report page; `standalone` inlines the stylesheet so the file reads on its own (CLI, print)."""
    css = (STATIC / "style.css").read_text(encoding="utf-8") if standalone else None
    template = templates.env.get_template("gec/report.html")
    return template.render(r=rep, charts=charts(rep), inline_css=css, standalone=standalone, **extra)
