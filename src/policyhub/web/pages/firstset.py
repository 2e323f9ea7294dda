"""首台（套）目录 pages: browse by field, an entry's tiers, and a unit-aware check form with a met/missed table."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from policyhub.errors import InputError, NotFound
from policyhub.firstset import service
from policyhub.firstset.answers import EntryDetail, IndicatorJson
from policyhub.problems import status_for
from policyhub.web.pages.errors import error_page
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)


def indicator_names(entry: EntryDetail) -> list[IndicatorJson]:
    """Each indicator once (tiers repeat shared ones), in printed order: the check form's fields."""
    seen: dict[str, IndicatorJson] = {}
    for tier in entry["tiers"]:
        for ind in tier:
            seen.setdefault(ind["name"], ind)
    return list(seen.values())


@router.get("/firstset", response_class=HTMLResponse)
def browse(request: Request, q: str = "") -> HTMLResponse:
    """The catalog's fields, sub-fields and entries; or the entries a keyword finds."""
    found = None
    if q.strip():
        try:
            found = service.find(q.strip())
        except InputError as exc:
            return error_page(request, 400, exc.message)
    ctx = {"fields": service.fields(), "q": q, "found": found, "stats": service.stats()}
    return templates.TemplateResponse(request, "firstset/index.html", ctx)


@router.get("/firstset/entries/{code}", response_class=HTMLResponse)
def entry_page(request: Request, code: str) -> HTMLResponse:
    """An entry's indicators tier by tier, with the check form."""
    try:
        entry = service.show(code)
    except NotFound as exc:
        return error_page(request, 404, exc.message)
    ctx: dict[str, object] = {"e": entry, "fields": indicator_names(entry), "result": None, "values": {}, "error": None}
    return templates.TemplateResponse(request, "firstset/entry.html", ctx)


@router.post("/firstset/entries/{code}", response_class=HTMLResponse)
async def check_page(request: Request, code: str) -> HTMLResponse:
    """Check the submitted parameters (any compatible unit) against the entry."""
    try:
        entry = service.show(code)
    except NotFound as exc:
        return error_page(request, 404, exc.message)
    form = await request.form()
    names = indicator_names(entry)
    values = {ind["name"]: str(form.get(f"p{i}", "")).strip() for i, ind in enumerate(names)}
    params = {k: v for k, v in values.items() if v}
    result, error, status = None, None, 200
    if not params:
        error, status = "请至少填写一项指标 Fill in at least one parameter", 400
    else:
        try:
            result = service.check({"entry": code, "params": params})
        except InputError as exc:
            error, status = exc.message, status_for(exc)
    ctx = {"e": entry, "fields": names, "result": result, "values": values, "error": error}
    return templates.TemplateResponse(request, "firstset/entry.html", ctx, status_code=status)
