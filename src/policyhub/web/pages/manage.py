"""管理提升自诊断 pages: the questionnaire of the guide's 30 practices and the diagnosis.

Anyone may diagnose; only a firm signed in with its credential keeps the result, under its own record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from policyhub.access.roles import Role
from policyhub.errors import InputError
from policyhub.firms.answers import Firm
from policyhub.firms.service import parse_day, record_own
from policyhub.firms.store import store_for
from policyhub.manage.diagnosis import diagnose, parse_answers
from policyhub.manage.guide import questions
from policyhub.web.deps import ServicesDep
from policyhub.web.sessions import FIELD, check_csrf, current_actor
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)


def submission_from_form(form: FormData) -> dict[str, Any]:
    """Form fields (p_<id> = done|partly|none, e_<id> = evidence) → the assess contract's JSON."""
    answers: dict[str, Any] = {}
    for area in questions()["areas"]:
        for p in area["practices"]:
            status = str(form.get(f"p_{p['id']}", "")).strip()
            evidence = str(form.get(f"e_{p['id']}", "")).strip()
            if status:
                answers[p["id"]] = {"status": status, "evidence": evidence} if evidence else status
    return {"firm": str(form.get("firm", "")).strip(), "answers": answers}


def _own_firm(request: Request, services: ServicesDep) -> Firm | None:
    """The signed-in firm's record, or None (anonymous, or signed in with an API token)."""
    actor = current_actor(request)
    return store_for(services.engine).get(str(actor.firm)) if actor.role is Role.firm else None


@router.get("/manage", response_class=HTMLResponse)
def form_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """The questionnaire: every practice in the guide's words, answered 已开展 / 部分开展 / 未开展."""
    ctx: dict[str, object] = {
        "spec": questions(), "error": None, "sub": None, "firm": {}, "own": _own_firm(request, services)
    }  # fmt: skip
    return templates.TemplateResponse(request, "manage/form.html", ctx)


@router.post("/manage", response_class=HTMLResponse)
async def submit(request: Request, services: ServicesDep) -> HTMLResponse:
    """Diagnose; a signed-in firm keeps it under its own record with its date; on bad input, the form again."""
    form = await request.form()
    sub = submission_from_form(form)
    firm = {k: str(form.get(k, "")).strip() for k in ("firm", "sector", "on")}
    own = _own_firm(request, services)
    result: Mapping[str, Any]  # the recorded JSON, or the diagnosis just made
    try:
        if own is not None:  # a save changes the firm's record: only with the session's CSRF token
            check_csrf(request, str(form.get(FIELD, "")))
            sub["firm"] = own["name"]
            saved = record_own(store_for(services.engine), int(own["id"]), "manage", sub, parse_day(firm["on"]),
                               firm["sector"] or None)  # fmt: skip
            result, firm_id = saved["result"], own["id"]
        else:  # anonymous: computed and shown, nothing stored
            result, firm_id = diagnose(parse_answers(sub)), None
    except InputError as exc:
        ctx = {"spec": questions(), "error": exc.message, "sub": sub, "firm": firm, "own": own}
        return templates.TemplateResponse(request, "manage/form.html", ctx, status_code=400)
    return templates.TemplateResponse(request, "manage/result.html", {"d": result, "firm_id": firm_id})
