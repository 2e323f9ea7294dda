"""设备更新体检 pages: upload a register, see the table and the age chart, download the report (HTML, PDF) and CSV."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from policyhub.errors import InputError, TooLarge
from policyhub.limits import CARRIED_BODY_BYTES, MIB, REGISTER_FILE_BYTES
from policyhub.problems import problem, status_for, wants_page
from policyhub.render.fonts import css_font_faces
from policyhub.renewal import data, service
from policyhub.renewal.chart import ages_chart
from policyhub.renewal.output import RESULT_NAMES, SCOPE_NAMES, to_csv
from policyhub.web.templating import site_css, templates

router = APIRouter(include_in_schema=False)
PDF_CSS = """
@page { size: A4 landscape; margin: 12mm 12mm; }
body { font-family: "Noto Sans CJK SC", "policyhub-cjk", sans-serif; font-size: 9pt; background: #fff; }
main { max-width: none; padding: 0; }
header.site, footer, .noprint { display: none; }
table { font-size: 8pt; }
.cards { display: block; }
.cards .card { display: inline-block; width: 21%; margin: 0 2% 3mm 0; padding: 2mm 3mm; vertical-align: top; }
.chart svg { width: 100%; height: auto; }
"""


def _base(request: Request, error: str | None = None, status: int = 200, form: dict[str, str] | None = None) -> Any:
    ctx = {"sectors": service.sectors(), "error": error, "form": form or {}, "today": service.today().isoformat()}
    return templates.TemplateResponse(request, "renewal/index.html", ctx, status_code=status)


@router.get("/renewal", response_class=HTMLResponse)
def form_page(request: Request) -> HTMLResponse:
    """The upload form: the register, the sector, the as-of day and the firm's own figures."""
    response: HTMLResponse = _base(request)
    return response


def _figures(text: str) -> Any:
    if not text.strip():
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"本企业指标 figures 不是有效的 JSON not valid JSON ({exc.msg})") from None


async def _submission(form: FormData) -> tuple[bytes, str, dict[str, str]]:
    """The register's bytes and name (uploaded, or carried by the result page's download buttons) and the fields."""
    fields = {k: str(form.get(k) or "") for k in ("sector", "as_of", "figures")}
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(REGISTER_FILE_BYTES + 1)
        if len(content) > REGISTER_FILE_BYTES:
            raise TooLarge(f"资产清单过大 the register is larger than {REGISTER_FILE_BYTES // MIB} MB")
        return content, upload.filename, fields
    carried = str(form.get("register") or "")
    if not carried:
        raise InputError("请选择资产清单文件 choose the register file (CSV or XLSX)")
    try:
        return base64.b64decode(carried, validate=True), str(form.get("filename") or ""), fields
    except (binascii.Error, ValueError):
        raise InputError("资产清单数据已损坏 the carried register is damaged; upload it again") from None


async def _form(request: Request) -> FormData:
    # The result page carries the register back in one field (base64): Starlette's 1 MB default per field would
    # refuse a register over ≈ 750 KB; the body itself is bounded by CARRIED_BODY_BYTES (policyhub.web.budget).
    return await request.form(max_part_size=CARRIED_BODY_BYTES)


async def _result(request: Request, chart: bool = True) -> tuple[dict[str, Any], dict[str, Any]]:
    form = await _form(request)
    content, filename, fields = await _submission(form)
    if not fields["sector"]:
        raise InputError("请选择行业/领域 choose the sector")
    figures = _figures(fields["figures"])

    def check_and_draw() -> tuple[service.CheckResult, str]:
        result = service.check_file(content, filename, fields["sector"], fields["as_of"], figures)
        # The chart is most of a result's cost (matplotlib, ≈ 40 ms of CPU): drawn only for the pages that show it.
        return result, ages_chart(result, data.triggers_for(result["sector"])) if chart else ""

    # On a worker thread: 40–60 ms of CPU on the event loop would hold up every other request of this process.
    result, drawn = await anyio.to_thread.run_sync(check_and_draw)
    carry = {**fields, "register": base64.b64encode(content).decode("ascii"), "filename": filename}
    ctx = {"r": result, "chart": drawn, "carry": carry, "scope_names": SCOPE_NAMES, "result_names": RESULT_NAMES}
    return ctx, fields


@router.post("/renewal", response_class=HTMLResponse)
async def check_page(request: Request) -> Response:
    """The result: summary, the age chart, every asset with its triggers, the goals, the download buttons."""
    try:
        ctx, _ = await _result(request)
    except InputError as exc:
        if not wants_page(request.headers.get("accept")):  # a program posting the form: the API's answer
            return problem(status_for(exc), "清单无法核对 the register cannot be checked", exc.message, exc.code)
        form = await _form(request)
        fields = {k: str(form.get(k) or "") for k in ("sector", "as_of", "figures")}
        response: HTMLResponse = _base(request, exc.message, status_for(exc), fields)
        return response
    return templates.TemplateResponse(request, "renewal/result.html", ctx)


async def _report(request: Request, inline_css: str) -> Any:
    try:
        ctx, _ = await _result(request)
    except InputError as exc:
        return _base(request, exc.message, status_for(exc))
    return templates.TemplateResponse(request, "renewal/report.html", {**ctx, "inline_css": inline_css})


@router.post("/renewal/report.html", response_class=HTMLResponse)
async def report_html(request: Request) -> Response:
    """The printable report as one self-contained HTML file (stylesheet and chart inline)."""
    page = await _report(request, site_css())
    if page.status_code == 200:
        page.headers["Content-Disposition"] = 'attachment; filename="renewal-report.html"'
    response: Response = page
    return response


@router.post("/renewal/report.pdf")
async def report_pdf(request: Request) -> Response:
    """The same report as a PDF (WeasyPrint; the CJK font from fonts-noto-cjk)."""
    css = site_css() + css_font_faces() + PDF_CSS
    page = await _report(request, css)
    if page.status_code != 200:
        response: Response = page
        return response
    from weasyprint import HTML  # imported here: loading pango costs ~0.5 s, only PDF requests need it

    html = bytes(page.body).decode("utf-8")
    pdf = await anyio.to_thread.run_sync(lambda: HTML(string=html).write_pdf())  # ≈ 0.5 s: off the event loop
    headers = {"Content-Disposition": 'attachment; filename="renewal-report.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.post("/renewal/results.csv")
async def results_csv(request: Request) -> Response:
    """The results table as CSV (UTF-8 with a BOM, so that Excel shows the Chinese)."""
    try:
        ctx, _ = await _result(request, chart=False)
    except InputError as exc:
        response: Response = _base(request, exc.message, status_for(exc))
        return response
    body = "\ufeff" + to_csv(ctx["r"])
    headers = {"Content-Disposition": 'attachment; filename="renewal-results.csv"'}
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8", headers=headers)
