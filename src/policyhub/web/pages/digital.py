"""数字化水平自评 pages: the full questionnaire, the result with a radar chart and the plan to the next level.

Anyone may assess; only a firm signed in with its credential is kept (in its history, and once in the site's
statistics, by its latest assessment): an anonymous run is placed among the others but changes nothing.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from policyhub.access.roles import Role
from policyhub.digital.catalog import load_catalog
from policyhub.digital.questionnaire import Questionnaire, QuestionSpec, questionnaire
from policyhub.digital.report import result_and_plan
from policyhub.errors import InputError
from policyhub.firms.answers import Firm
from policyhub.firms.service import parse_day, record_own
from policyhub.firms.store import store_for
from policyhub.render.charts import radar
from policyhub.web.deps import ServicesDep
from policyhub.web.sessions import FIELD, check_csrf, current_actor
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)


def _option(value: str) -> bool:
    """An option's number as a browser posts it: ASCII digits (isdigit() alone passes ² and ①, which int() refuses)."""
    return value.isascii() and value.isdigit()


def submission_from_form(form: FormData, spec: Questionnaire) -> dict[str, Any]:
    """Form fields → the assess contract's JSON (raw figures win over a ticked bracket when all are given)."""
    answers: dict[str, Any] = {}
    for q in spec["questions"]:
        key = q["key"]
        raw = q.get("raw")
        if raw:
            figures = {f: str(form.get(f"q{key}_{f}", "")).strip() for f in raw["fields"]}
            if all(figures.values()):
                answers[key] = {f: _number(v, q, f) for f, v in figures.items()}
                continue
        chosen = [str(v) for v in form.getlist(f"q{key}")]
        if q["multi"]:
            if chosen:
                answers[key] = [int(v) for v in chosen if _option(v)]
        elif chosen and _option(chosen[0]):
            answers[key] = int(chosen[0])
    scenarios = {
        s["name"]: sorted(int(str(v)) for v in form.getlist(f"s_{s['name']}") if _option(str(v)))
        for s in spec["scenarios"]
    }
    return {"firm": str(form.get("firm", "")).strip() or None, "answers": answers,
            "scenarios": {k: v for k, v in scenarios.items() if v}}  # fmt: skip


def _number(value: str, q: QuestionSpec, field: str) -> float:
    try:
        return float(value)
    except ValueError:
        label = q["raw"]["fields"][field]
        raise InputError(f"Q{q['key']}（{q['text']}）：{label} 应为数值 must be a number，收到 got {value!r}") from None


def result_context(
    submission: dict[str, Any], services: ServicesDep | None, firm_id: int | None = None
) -> dict[str, Any]:
    """Assess, plan to the next level, place the firm among the others; keep it when a signed-in firm's."""
    result, plan = result_and_plan(submission)
    # Exactly the axes of the score table beside it: the dimensions and their 得分率 (scenarios have their table).
    dims = [(d["name"], d["percent"]) for d in result["dimensions"]]
    standing = None
    if services is not None:
        if firm_id is not None:
            firms = store_for(services.engine)
            with firms.writing() as conn:  # the firm's record and the site's count: both saved, or neither
                record_own(firms, firm_id, "digital", submission, parse_day(None), conn=conn)
                services.assessments.save(submission.get("firm") or "", result["score"], result["level"], submission,
                                          firm_id=firm_id, conn=conn)  # fmt: skip
        standing = services.assessments.standing(result["score"])
    return {"r": result, "plan": plan, "chart": radar([n for n, _ in dims], [v for _, v in dims]),
            "standing": standing, "spec": questionnaire(load_catalog())}  # fmt: skip


@router.get("/digital", response_class=HTMLResponse)
def form_page(request: Request, services: ServicesDep) -> HTMLResponse:
    """The questionnaire with the exact option texts and the scenario level descriptions."""
    spec = questionnaire(load_catalog())
    ctx = {"spec": spec, "error": None, "sub": None, "assessed": services.assessments.standing(0),
           "own": _own_firm(request, services)}  # fmt: skip
    return templates.TemplateResponse(request, "digital/form.html", ctx)


def _own_firm(request: Request, services: ServicesDep) -> Firm | None:
    """The signed-in firm's record, or None (anonymous, or signed in with an API token)."""
    actor = current_actor(request)
    return store_for(services.engine).get(str(actor.firm)) if actor.role is Role.firm else None


@router.post("/digital", response_class=HTMLResponse)
async def submit(request: Request, services: ServicesDep) -> HTMLResponse:
    """Score the submitted questionnaire; on bad input, the form again with the message."""
    spec = questionnaire(load_catalog())
    form = await request.form()
    own = _own_firm(request, services)
    if own is not None:  # a save changes the firm's record and the statistics: only with the session's CSRF token
        check_csrf(request, str(form.get(FIELD, "")))
    try:
        submission = submission_from_form(form, spec)
        if own is not None:
            submission["firm"] = own["name"]
        ctx = result_context(submission, services, None if own is None else int(own["id"]))
    except InputError as exc:
        ctx = {"spec": spec, "error": exc.message, "sub": submission_from_form_safe(form, spec), "own": own}
        return templates.TemplateResponse(request, "digital/form.html", ctx, status_code=400)
    return templates.TemplateResponse(request, "digital/result.html", ctx)


def submission_from_form_safe(form: FormData, spec: Questionnaire) -> dict[str, Any] | None:
    try:
        return submission_from_form(form, spec)
    except InputError:
        return None
