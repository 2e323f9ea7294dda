"""企业档案 pages: a firm's dated assessments, each dimension's history as a chart, what changed, the report.

A firm's records are its own: the firm signed in with its credential (sign-up at /firms/signup shows it once), the
operator and the regulator see them; anyone else is sent to sign in.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyhub.access.roles import Actor, Role, may_read_firm
from policyhub.errors import InputError
from policyhub.firms import report
from policyhub.firms.answers import Assessment
from policyhub.firms.chart import history_chart
from policyhub.firms.credentials import FirmCredentials
from policyhub.firms.history import changes
from policyhub.firms.service import history, parse_day, record, record_own
from policyhub.firms.store import store_for
from policyhub.render.fonts import css_font_faces
from policyhub.web.deps import ServicesDep
from policyhub.web.pages.errors import error_page
from policyhub.web.pages.session import PageActor
from policyhub.web.sessions import COOKIE, FIELD, check_csrf, cookie_flags
from policyhub.web.templating import site_css, templates

router = APIRouter(include_in_schema=False)
PDF_CSS = """
@page { size: A4; margin: 14mm 16mm; }
body { font-family: "Noto Sans CJK SC", "policyhub-cjk", sans-serif; font-size: 10pt; background: #fff; }
main { max-width: none; padding: 0; }
header.site, footer, .noprint { display: none; }
section { page-break-inside: auto; }
"""


def _refusal(request: Request, actor: Actor, path: str) -> Response:
    """The public is sent to sign in; someone signed in as another is told so."""
    if actor.role is Role.public:
        return RedirectResponse(f"/login?next={path}", status_code=303)
    message = ("企业档案仅本企业（以企业凭证登录）、运营方和监管方可见 a firm's records are shown to the firm signed "
               "in with its credential, the operator and the regulator")  # fmt: skip
    return error_page(request, 403, message, (f"/login?next={path}", "换一个身份登录 Sign in as someone else"))


def _index(request: Request, services: ServicesDep, actor: Actor, error: str | None = None,
           form: dict[str, str] | None = None, status: int = 200) -> HTMLResponse:  # fmt: skip
    store = store_for(services.engine)  # for every reader: its first use migrates the firms' tables
    # The public may read no firm's records: not one row to read for it, however many firms have signed up.
    readable = actor.role is not Role.public
    rows = [f for f in store.all_firms() if may_read_firm(actor, int(f["id"]))] if readable else []
    ctx: dict[str, Any] = {"firms": rows, "error": error, "form": form or {}, "actor": actor}
    return templates.TemplateResponse(request, "firms/index.html", ctx, status_code=status)


@router.get("/firms", response_class=HTMLResponse)
def index(request: Request, services: ServicesDep, actor: PageActor) -> HTMLResponse:
    """The firms the caller may see (its own; every firm for the operator and regulator), and a form to add one."""
    return _index(request, services, actor)


@router.post("/firms", response_class=HTMLResponse, response_model=None)
async def add(request: Request, services: ServicesDep, actor: PageActor) -> Response:
    """Keep one assessment (the digital or manage JSON as for the CLI) under the firm, then show its history."""
    raw = await request.form()
    if actor.role not in {Role.firm, Role.operator}:
        return _refusal(request, actor, "/firms")
    check_csrf(request, str(raw.get(FIELD, "")))
    form = {k: str(v).strip() for k, v in raw.items() if k != FIELD}
    store = store_for(services.engine)
    try:
        try:
            submission = json.loads(form.get("submission") or "")
        except json.JSONDecodeError as exc:
            raise InputError(f"答卷不是有效的 JSON the answers are not valid JSON（{exc.msg}）") from None
        if actor.role is Role.firm:  # its own record only, whatever name the form gives
            saved = record_own(store, int(str(actor.firm)), form.get("kind", ""), submission,
                               parse_day(form.get("on")), form.get("sector") or None)  # fmt: skip
        else:
            saved = record(store, form.get("firm", ""), form.get("kind", ""), submission, parse_day(form.get("on")),
                           form.get("credit_code") or None, form.get("sector") or None)  # fmt: skip
    except InputError as exc:
        return _index(request, services, actor, exc.message, form, 400)
    return RedirectResponse(f"/firms/{saved['firm']['id']}", status_code=303)


@router.get("/firms/signup", response_class=HTMLResponse)
def signup_form(request: Request) -> HTMLResponse:
    """Sign a firm up: its name or 统一社会信用代码 (and sector); the credential is shown once."""
    return templates.TemplateResponse(request, "firms/signup.html", {"error": None, "form": {}, "issued": None})


@router.post("/firms/signup", response_class=HTMLResponse)
async def signup(request: Request, services: ServicesDep) -> HTMLResponse:
    """Create the firm and its credential, show the secret once, and sign the browser in as the firm."""
    raw = await request.form()
    check_csrf(request, str(raw.get(FIELD, "")))
    form = {k: str(raw.get(k) or "").strip() for k in ("firm", "credit_code", "sector")}
    try:
        issued = FirmCredentials(store_for(services.engine)).signup(form["firm"], form["credit_code"] or None,
                                                                     form["sector"] or None)  # fmt: skip
    except InputError as exc:
        ctx = {"error": exc.message, "form": form, "issued": None}
        return templates.TemplateResponse(request, "firms/signup.html", ctx, status_code=400)
    old = request.cookies.get(COOKIE)
    if old:
        services.sessions.end(old)
    shown: dict[str, Any] = {"error": None, "form": {}, "issued": issued}
    response = templates.TemplateResponse(request, "firms/signup.html", shown, headers={"Cache-Control": "no-store"})
    sid = services.sessions.start(Actor(Role.firm, firm=int(issued.firm["id"])))
    response.set_cookie(COOKIE, sid, **cookie_flags(request))
    return response


def _pair(items: list[Assessment], a: int | None, b: int | None) -> tuple[Assessment, Assessment] | None:
    by_id = {x["id"]: x for x in items}
    if a in by_id and b in by_id:
        return by_id[a], by_id[b]
    return None


@router.get("/firms/{firm_id}", response_class=HTMLResponse, response_model=None)
def firm_page(request: Request, firm_id: int, services: ServicesDep, actor: PageActor, a: int | None = None,
              b: int | None = None) -> Response:  # fmt: skip
    """The firm's assessments by date, a chart per kind, and what changed between two (?a=&b=, else the last two)."""
    if not may_read_firm(actor, firm_id):
        return _refusal(request, actor, f"/firms/{firm_id}")
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
    ctx = {"h": h, "f": h["firm"], "charts": charts, "chosen": chosen, "error": error, "actor": actor}
    return templates.TemplateResponse(request, "firms/firm.html", ctx)


def _report_page(request: Request, firm_id: int, services: ServicesDep, actor: Actor,
                 inline_css: str | None = None) -> Response:  # fmt: skip
    if not may_read_firm(actor, firm_id):
        return _refusal(request, actor, f"/firms/{firm_id}/report")
    store = store_for(services.engine)
    try:
        firm = store.get(str(firm_id))
        data = report.build(firm, store.assessments(int(firm["id"])))
    except InputError as exc:
        return error_page(request, 404, exc.message)
    return templates.TemplateResponse(request, "firms/report.html", {"r": data, "inline_css": inline_css})


@router.get("/firms/{firm_id}/report", response_class=HTMLResponse, response_model=None)
def report_page(request: Request, firm_id: int, services: ServicesDep, actor: PageActor) -> Response:
    """The printable diagnosis report: digital level and plan, management, typical scenarios, sector goals."""
    return _report_page(request, firm_id, services, actor)


@router.get("/firms/{firm_id}/report.pdf")
def report_pdf(request: Request, firm_id: int, services: ServicesDep, actor: PageActor) -> Response:
    """The same report as a PDF (WeasyPrint; Chinese from the CJK font found on the machine)."""
    css = site_css() + css_font_faces() + PDF_CSS
    page = _report_page(request, firm_id, services, actor, inline_css=css)
    if page.status_code != 200:
        return page
    from weasyprint import HTML  # imported here: loading pango costs ~0.5 s, only PDF requests need it

    pdf = HTML(string=bytes(page.body).decode("utf-8")).write_pdf()
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="firm-{firm_id}-report.pdf"'})  # fmt: skip
