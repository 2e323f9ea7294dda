"""政策匹配 page: a short profile form, results grouped by status with each clause linked, and the calendar."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from policyhub.errors import InputError
from policyhub.match.addressees import departments
from policyhub.match.matcher import STATUS_NAMES, STATUSES
from policyhub.match.profile import BOOLS, CHAMPION, CITY_NAMES, ENUMS, KIND_NAMES, LABELS, SIZE_NAMES, fact_questions
from policyhub.match.render import STATE_NAMES, ics
from policyhub.match.service import run
from policyhub.web.deps import ServicesDep
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def profile_from_query(q: dict[str, str]) -> dict[str, Any]:
    """The form's fields → PROFILE.json (an empty field stays out: unknown)."""
    entity: dict[str, Any] = {}
    for key in ("kind", "name", "province", "city", "sector", "size", "city_level", "department"):
        if q.get(key, "").strip():
            entity[key] = q[key].strip()
    for key in BOOLS:
        if _yes_no(q.get(key, "")) is not None:
            entity[key] = _yes_no(q[key])
    champion = q.get("champion", "")
    if champion == "none":
        entity["champion"] = None
    elif champion in ("6", "3", "3r"):
        reviewed = {} if champion == "6" else {"passed_review": champion == "3r"}
        entity["champion"] = {"batch": int(champion[0]), **reviewed}
    facts: dict[str, Any] = {}
    for fq in fact_questions():
        raw = q.get(f"f_{fq['name']}", "").strip()
        if fq["numeric"] and raw:
            try:
                facts[fq["name"]] = float(raw)
            except ValueError:
                raise InputError(f"{fq['name']}：应为数值 must be a number，收到 got {raw!r}") from None
        elif _yes_no(raw) is not None:
            facts[fq["name"]] = _yes_no(raw)
    profile: dict[str, Any] = {"entity": entity, "facts": facts}
    if q.get("as_of", "").strip():
        profile["as_of"] = q["as_of"].strip()
    return profile


def _context(request: Request) -> dict[str, Any]:
    q = dict(request.query_params)
    ctx: dict[str, Any] = {"q": q, "kinds": KIND_NAMES, "sizes": SIZE_NAMES, "city_levels": CITY_NAMES,
                           "bools": [(b, LABELS[f"entity.{b}"]) for b in BOOLS], "champion": CHAMPION,
                           "facts": fact_questions(), "statuses": STATUSES, "status_names": STATUS_NAMES,
                           "state_names": STATE_NAMES, "result": None, "error": None, "enums": ENUMS,
                           "departments": departments()}  # fmt: skip
    if q.get("kind") is not None:
        try:
            ctx["result"] = run(profile_from_query(q), None)
        except InputError as exc:
            ctx["error"] = exc.message
        ctx["ics_href"] = "/match.ics?" + urlencode(q)
    return ctx


@router.get("/match", response_class=HTMLResponse)
def match_page(request: Request) -> HTMLResponse:
    """The form; with its fields in the query, the results grouped by status (printable)."""
    ctx = _context(request)
    return templates.TemplateResponse(request, "match/index.html", ctx, status_code=400 if ctx["error"] else 200)


@router.get("/match.ics")
def match_calendar(request: Request, services: ServicesDep) -> Response:
    """The deadlines of the same profile as an iCalendar file."""
    try:
        result = run(profile_from_query(dict(request.query_params)), None)
    except InputError as exc:
        return Response(f"error: {exc.message}\n", status_code=400, media_type="text/plain; charset=utf-8")
    # The service's public address, never the request's Host header: the sender chooses that one.
    base = services.public_url  # None (an app built without one): match.render's default address
    headers = {"Content-Disposition": 'attachment; filename="policyhub-deadlines.ics"'}
    return Response(ics(result, base), media_type="text/calendar; charset=utf-8", headers=headers)
