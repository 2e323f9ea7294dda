"""政策库 pages: search with highlighted hits, and document pages whose units are anchors a citation links to."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from policyhub.errors import InputError, NotFound
from policyhub.library import service
from policyhub.library.model import KIND_NAMES, KINDS
from policyhub.library.search import Filters
from policyhub.web.pages.errors import error_page
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)


def highlight(snippet: str) -> Markup:
    """The library marks matched words with 【】; show them as <mark>, everything else escaped."""
    return Markup(str(escape(snippet)).replace("【", "<mark>").replace("】", "</mark>"))


def unit_href(doc_id: str, label: str) -> str:
    """The link a citation resolves to: the document page, anchored at the unit."""
    return f"/library/docs/{quote(doc_id)}#{quote(label)}"


templates.env.filters["highlight"] = highlight
templates.env.globals["unit_href"] = unit_href
templates.env.globals["KIND_NAMES"] = KIND_NAMES


@router.get("/library", response_class=HTMLResponse)
def library_home(request: Request, kind: str | None = None) -> HTMLResponse:
    """Every document of the compilation, filterable by kind."""
    try:
        docs = service.list_documents(Filters.parse(kind, None, None, None))
    except InputError as exc:
        return error_page(request, 400, exc.message)
    ctx = {"docs": docs, "kinds": KINDS, "kind": kind, "q": ""}
    return templates.TemplateResponse(request, "library/index.html", ctx)


@router.get("/library/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", kind: str | None = None, issuer: str | None = None) -> HTMLResponse:
    """Ranked hits with the matched words highlighted, each citing its document and unit."""
    hits, error = [], None
    if q.strip():
        try:
            hits = [h.to_dict() for h in service.search(q, Filters.parse(kind or None, issuer or None, None, None))]
        except InputError as exc:
            error = exc.message
    ctx = {"q": q, "hits": hits, "error": error, "kinds": KINDS, "kind": kind, "issuer": issuer}
    if request.headers.get("HX-Request"):
        return templates.TemplateResponse(request, "library/_hits.html", ctx)
    return templates.TemplateResponse(request, "library/search.html", ctx)


@router.get("/library/docs/{doc_id}", response_class=HTMLResponse)
def document_page(request: Request, doc_id: str) -> HTMLResponse:
    """A document with each unit anchored by its label (第二十四条, 三、（二）…)."""
    try:
        doc = service.show(doc_id)
    except NotFound as exc:
        return error_page(request, 404, exc.message)
    return templates.TemplateResponse(request, "library/document.html", {"doc": doc})
