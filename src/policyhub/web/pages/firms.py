"""企业档案 pages: a firm's dated assessments, each dimension's history as a chart, what changed, the report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyhub.errors import InputError
from policyhub.firms import report
from policyhub.firms.chart import history_chart
from policyhub.firms.history import changes
from policyhub.firms.service import history, parse_day, record
from policyhub.firms.store import store_for
from policyhub.render.fonts import css_font_faces
from policyhub.web.deps import ServicesDep
from policyhub.web.pages.errors import error_page
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)
STATIC = Path(__file__).resolve().parents[1] / "static"
PDF_CSS = """
@page { size: A4; margin: 14mm 16mm; }
body { font-family: "Noto Sans CJK SC", "policyhub-cjk", sans-serif; font-size: 10pt; background: #fff; }
main { max-width: none; padding: 0; }
header.site, footer, .noprint { display: none; }
section { page-break-inside: auto; }
"""


@router.get("/firms", response_class=HTMLResponse)
def index(request: Request, services: ServicesDep) -> HTMLResponse:
    """Every firm with its number of assessments, and a form to add one."""
    ctx: dict[str, Any] = {"firms": store_for(services.engine).all_firms(), "error": None, "form": {}}
    return templates.TemplateResponse(request, "firms/index.html", ctx)


@router.post("/firms", response_class=HTMLResponse, response_model=None)
async def add(request: Request, services: ServicesDep) -> Response:
    """Keep one assessment (the digital or manage JSON as for the CLI) under the firm, then show its history."""
    form = {k: str(v).strip() for k, v in (await request.form()).items()}
    store = store_for(services.engine)
    try:
        try:
            submission = json.loads(form.get("submission") or "")
        except json.JSONDecodeError as exc:
            raise InputError(f"答卷不是有效的 JSON the answers are not valid JSON（{exc.msg}）") from None
        saved = record(store, form.get("firm", ""), form.get("kind", ""), submission, parse_day(form.get("on")),
                       form.get("credit_code") or None, form.get("sector") or None)  # fmt: skip
    except InputError as exc:
        ctx = {"firms": store.all_firms(), "error": exc.message, "form": form}
        return templates.TemplateResponse(request, "firms/index.html", ctx, status_code=400)
    return RedirectResponse(f"/firms/{saved['firm']['id']}", status_code=303)


def _pair(items: list[dict[str, Any]], a: int | None, b: int | None) -> tuple[dict[str, Any], dict[str, Any]] | None:
    by_id = {x["id"]: x for x in items}
    if a in by_id and b in by_id:
        return by_id[a], by_id[b]
    return None


@router.get("/firms/{firm_id}", response_class=HTMLResponse)
def firm_page(request: Request, firm_id: int, services: ServicesDep, a: int | None = None,
              b: int | None = None) -> HTMLResponse:  # fmt: skip
    """The firm's assessments by date, a chart per kind, and what changed between two (?a=&b=, else the last two)."""
    try:
        h = history(store_for(services.engine), str(firm_id))
    except InputError as exc:
        return error_page(request, 404, exc.message)
    charts: dict[str, str] = {}
    if h["series"]["digital"]:
        charts["digital"] = history_chart(h["series"]["digital"], "数字化水平：总分与各维度得分率", "分 / %")
    if h["series"]["manage"]:
        charts["manage"] = history_chart(h["series"]["manage"], "管理提升：各领域已开展比例", "%")
    chosen, error = None, None
    pair = _pair(h["assessments"], a, b)
    if pair is not None:
        if pair[0]["kind"] != pair[1]["kind"]:
            error = "请选择同一类别的两次评测 choose two assessments of one kind"
        else:
            chosen = {"kind": pair[0]["kind_name"], "from": pair[0]["on"], "to": pair[1]["on"],
                      "changes": changes(*pair)}  # fmt: skip
    ctx = {"h": h, "f": h["firm"], "charts": charts, "chosen": chosen, "error": error}
    return templates.TemplateResponse(request, "firms/firm.html", ctx)


def _report_page(request: Request, firm_id: int, services: ServicesDep, inline_css: str | None = None) -> HTMLResponse:
    store = store_for(services.engine)
    try:
        firm = store.get(str(firm_id))
        data = report.build(firm, store.assessments(int(firm["id"])))
    except InputError as exc:
        return error_page(request, 404, exc.message)
    return templates.TemplateResponse(request, "firms/report.html", {"r": data, "inline_css": inline_css})


@router.get("/firms/{firm_id}/report", response_class=HTMLResponse)
def report_page(request: Request, firm_id: int, services: ServicesDep) -> HTMLResponse:
    """The printable diagnosis report: digital level and plan, management, typical scenarios, sector goals."""
    return _report_page(request, firm_id, services)


@router.get("/firms/{firm_id}/report.pdf")
def report_pdf(request: Request, firm_id: int, services: ServicesDep) -> Response:
    """The same report as a PDF (WeasyPrint; Chinese from the CJK font found on the machine)."""
    css = (STATIC / "style.css").read_text(encoding="utf-8") + css_font_faces() + PDF_CSS
    page = _report_page(request, firm_id, services, inline_css=css)
    if page.status_code != 200:
        return page
    from weasyprint import HTML  # imported here: loading pango costs ~0.5 s, only PDF requests need it

    pdf = HTML(string=bytes(page.body).decode("utf-8")).write_pdf()
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="firm-{firm_id}-report.pdf"'})  # fmt: skip
