"""绿色电力消费核算 pages: upload the use file, name the claims, read the accounts; the same report as a PDF."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import anyio
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from policyhub.access.reads import View, sees
from policyhub.access.roles import Actor, Role
from policyhub.errors import Forbidden, InputError, TooLarge, Unauthorized
from policyhub.greenpower import service
from policyhub.greenpower.chart import share_chart
from policyhub.greenpower.output import WARNING_NAMES
from policyhub.greenpower.render import context
from policyhub.greenpower.usefile import read_use
from policyhub.limits import CARRIED_BODY_BYTES, MIB, USE_FILE_BYTES
from policyhub.problems import problem, status_for, wants_page
from policyhub.web.deps import ServicesDep
from policyhub.web.pages.session import PageActor
from policyhub.web.services import Services
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)
FIELDS = ("account", "claims", "year", "sector", "target")


def _form_page(request: Request, actor: Actor, error: str | None = None, status: int = 200,
               form: dict[str, str] | None = None) -> Any:  # fmt: skip
    ctx = {"error": error, "form": form or {}, "actor": actor}
    return templates.TemplateResponse(request, "greenpower/index.html", ctx, status_code=status)


@router.get("/greenpower", response_class=HTMLResponse)
def form_page(request: Request, actor: PageActor) -> HTMLResponse:
    """The form: the use file, and the claims by account (signed in) or by code."""
    response: HTMLResponse = _form_page(request, actor)
    return response


async def _form(request: Request) -> FormData:
    # The result page carries the use file back in one field (base64); the body is bounded by CARRIED_BODY_BYTES.
    return await request.form(max_part_size=CARRIED_BODY_BYTES)


async def _content(form: FormData) -> tuple[bytes, str]:
    """The use file's bytes and name: uploaded, or carried back by the result page's download button."""
    upload = form.get("file")
    if isinstance(upload, UploadFile) and upload.filename:
        content = await upload.read(USE_FILE_BYTES + 1)
        if len(content) > USE_FILE_BYTES:
            raise TooLarge(f"用电数据文件过大 the use file is larger than {USE_FILE_BYTES // MIB} MB")
        return content, upload.filename
    carried = str(form.get("use") or "")
    if not carried:
        raise InputError("请选择用电数据文件 choose the use file (CSV or XLSX)")
    try:
        return base64.b64decode(carried, validate=True), str(form.get("filename") or "")
    except (binascii.Error, ValueError):
        raise InputError("用电数据已损坏 the carried use file is damaged; upload it again") from None


def _report(services: Services, actor: Actor, content: bytes, filename: str, fields: dict[str, str]) -> Any:
    rows = read_use(content, filename)
    account, claims = fields["account"].strip(), fields["claims"].strip()
    if bool(account) == bool(claims):
        raise InputError("请填写账户或声明编码之一 give an account or claim codes, not both")
    registry = services.registry
    kwh = registry.rules.kwh_per_certificate
    if account:
        if not sees(View.account, actor, [account]):
            if actor.role is Role.public:
                raise Unauthorized("按账户读取声明须先登录 sign in to read an account's claims (or give claim codes)")
            raise Forbidden("账户的声明仅本账户持有人、核发机构和监管机构可读 an account's claims are read by "
                            "its holder, the operator and the regulator")  # fmt: skip
        records, source = service.claims_of_account(registry, account, rows), {"account": account}
    else:
        codes = service.read_codes(claims)
        records, source = service.claims_by_codes(registry, codes), {"codes": str(len(codes))}
    return service.build(rows, records, year=fields["year"], sector=fields["sector"], target=fields["target"],
                         kwh_per_certificate=kwh, source=source)  # fmt: skip


async def _result(request: Request, services: Services, actor: Actor) -> tuple[dict[str, Any], dict[str, str]]:
    form = await _form(request)
    fields = {k: str(form.get(k) or "") for k in FIELDS}
    content, filename = await _content(form)
    result = await anyio.to_thread.run_sync(lambda: _report(services, actor, content, filename, fields))
    carry = {**fields, "use": base64.b64encode(content).decode("ascii"), "filename": filename}
    return {"r": result, "carry": carry, "warning_names": WARNING_NAMES}, fields


async def _refused(request: Request, actor: Actor, exc: InputError) -> Response:
    if not wants_page(request.headers.get("accept")):  # a program posting the form: the API's answer
        return problem(status_for(exc), "无法核算 the accounts cannot be drawn", exc.message, exc.code)
    form = await _form(request)
    fields = {k: str(form.get(k) or "") for k in FIELDS}
    response: Response = _form_page(request, actor, exc.message, status_for(exc), fields)
    return response


@router.post("/greenpower", response_class=HTMLResponse)
async def report_page(request: Request, services: ServicesDep, actor: PageActor) -> Response:
    """The accounts: the figures, the chart of green share by month, sites, products, claims, factors, warnings."""
    try:
        ctx, _ = await _result(request, services, actor)
    except InputError as exc:
        return await _refused(request, actor, exc)
    chart = await anyio.to_thread.run_sync(lambda: share_chart(ctx["r"]))
    return templates.TemplateResponse(request, "greenpower/result.html", {**ctx, **context(ctx["r"], chart, {})})


@router.post("/greenpower/report.pdf")
async def report_pdf(request: Request, services: ServicesDep, actor: PageActor) -> Response:
    """The same accounts as a PDF (WeasyPrint), a QR beside each claim leading to its public verification."""
    try:
        ctx, _ = await _result(request, services, actor)
    except InputError as exc:
        return await _refused(request, actor, exc)
    from policyhub.greenpower.render import render_pdf

    pdf = await anyio.to_thread.run_sync(lambda: render_pdf(ctx["r"]))
    headers = {"Content-Disposition": f'attachment; filename="greenpower-{ctx["r"]["year"]}.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)
