"""智能制造典型场景 pages: the 40 scenarios by link, searchable, each with its digital-assessment counterparts."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyhub.errors import InputError
from policyhub.scenarios import catalog
from policyhub.web.pages.errors import error_page
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)
# The digital result page shows, per business scenario, the typical scenarios its next level looks like.
templates.env.globals["typical_for"] = catalog.typical_for


@router.get("/scenarios", response_class=HTMLResponse)
def index(request: Request, q: str = "", digital: str = "") -> HTMLResponse:
    """All 40 by link; ?q= keeps those with every word; ?digital= those mapped to a digital-assessment scenario."""
    found: Sequence[catalog.Scenario]
    try:
        if digital:
            found = catalog.for_digital(digital)["scenarios"]
        elif q.strip():
            found = catalog.search(q)
        else:
            found = catalog.all_scenarios()
    except InputError as exc:
        return error_page(request, 404 if exc.code.startswith("unknown") else 400, exc.message)
    back = {s["no"]: [d["digital"] for d in catalog.get(s["no"])["digital"]] for s in found}
    ctx = {"doc": catalog.document(), "links": catalog.links(), "found": found, "q": q, "digital": digital,
           "back": back, "names": catalog.digital_names()}  # fmt: skip
    return templates.TemplateResponse(request, "scenarios/index.html", ctx)


@router.get("/scenarios/{no}", response_class=HTMLResponse)
def one(request: Request, no: int) -> HTMLResponse:
    """One scenario's full text and the digital-assessment scenarios mapped to it, with the reasoning."""
    try:
        s = catalog.get(no)
    except InputError as exc:
        return error_page(request, 404, exc.message)
    return templates.TemplateResponse(request, "scenarios/one.html", {"s": s, "doc": catalog.document()})
