"""The report as one self-contained HTML file and as a PDF (WeasyPrint), each claim with a QR to its verification."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from policyhub import clock
from policyhub.greenpower.answers import Accounts
from policyhub.greenpower.chart import share_chart
from policyhub.greenpower.output import claim_flags, shown_warnings
from policyhub.render.fonts import css_font_faces
from policyhub.render.styles import standalone

TEMPLATES = Path(__file__).resolve().parent / "templates"
STYLE = TEMPLATES / "report.css"
PDF_QRS = 100  # QR codes drawn in a PDF; past them a claim shows its verification address (a QR is ≈ 2 cm² each)
QR_BORDER = 2  # quiet-zone modules around a QR (the table cell's white adds more)
PDF_CSS = """
@page { size: A4 landscape; margin: 12mm 12mm; }
body { font-family: "Noto Sans CJK SC", "policyhub-cjk", sans-serif; font-size: 9pt; background: #fff; }
main { max-width: none; padding: 0; }
table { font-size: 8pt; }
.cards { display: block; }
.cards .card { display: inline-block; width: 19%; margin: 0 1.5% 3mm 0; padding: 2mm 3mm; vertical-align: top; }
.big { font-size: 16pt; }
.chart svg { width: 190mm; height: auto; }
img.qr { width: 22mm; height: 22mm; image-rendering: pixelated; }
tr { page-break-inside: avoid; }
"""


@cache
def _env() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html"]))


def qr_codes(result: Accounts, most: int = PDF_QRS) -> dict[str, str]:
    """A QR per claim as a PNG data URI (its public verification address, 第二十七条), the first `most` claims.

    A bitmap, one pixel per module, drawn without smoothing: the PDF holds it as one image a reader can check."""
    import segno

    return {
        c["code"]: segno.make(c["verify_reference"], error="m").png_data_uri(scale=1, border=QR_BORDER)
        for c in result["claims"][:most]
        if c["verify_reference"]
    }


def render_html(result: Accounts, css: str | None = None, qrs: dict[str, str] | None = None) -> str:
    """The report as one HTML file: the stylesheet and the chart inline, nothing fetched."""
    generated = clock.now().strftime("%Y-%m-%d %H:%M（北京时间）")
    inline = standalone(STYLE.read_text(encoding="utf-8")) if css is None else css
    return (
        _env()
        .get_template("greenpower_standalone.html")
        .render(inline_css=inline, generated=generated, **context(result, share_chart(result), qrs or {}))
    )


def context(result: Accounts, chart: str, qrs: dict[str, str]) -> dict[str, Any]:
    """What the report's body template reads (the page passes the same)."""
    warnings, counts = shown_warnings(result)
    return {"r": result, "chart": chart, "qrs": qrs, "flags": claim_flags(result), "warnings": warnings,
            "claim_counts": counts}  # fmt: skip


def render_pdf(result: Accounts) -> bytes:
    """The report as a PDF on A4 landscape, the CJK font embedded, a QR beside each claim."""
    css = standalone(STYLE.read_text(encoding="utf-8")) + css_font_faces() + PDF_CSS
    html = render_html(result, css, qr_codes(result))
    from weasyprint import HTML  # imported here: loading pango costs ~0.5 s, only PDFs need it

    return bytes(HTML(string=html).write_pdf())
