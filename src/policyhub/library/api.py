"""Web API of the policy library: the same JSON as `policyhub library … --format json`."""

from __future__ import annotations

from typing import Annotated, Any, cast

from fastapi import APIRouter, Query

from policyhub.library import service
from policyhub.library.search import Filters
from policyhub.limits import SEARCH_RESULTS

router = APIRouter(prefix="/api/library", tags=["library"])


@router.get("/documents")
def documents(
    kind: str | None = None,
    issuer: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
) -> list[dict[str, Any]]:
    """Every document: id, title, issuer, number, date, kind (filters as in `library list`)."""
    rows = service.list_documents(Filters.parse(kind, issuer, date_from, date_to))
    return cast(list[dict[str, Any]], rows)  # the contract's schema: free-form objects


@router.get("/documents/{doc_id}")
def document(doc_id: str, unit: str | None = None) -> dict[str, Any]:
    """One document with its units, or one unit of it (?unit=第二十四条)."""
    return cast(dict[str, Any], service.show(doc_id, unit))


@router.get("/search")
def search(
    q: str = "",
    kind: str | None = None,
    issuer: str | None = None,
    date_from: str | None = Query(None, alias="from"),
    date_to: str | None = Query(None, alias="to"),
    limit: Annotated[int, Query(le=SEARCH_RESULTS)] = service.DEFAULT_LIMIT,
    per_doc: Annotated[int, Query(le=SEARCH_RESULTS)] = service.DEFAULT_PER_DOC,
) -> list[dict[str, Any]]:
    """Ranked hits (doc_id, title, unit, citation, snippet with 【】 marks, score), best first."""
    filters = Filters.parse(kind, issuer, date_from, date_to)
    return [cast(dict[str, Any], h.to_dict()) for h in service.search(q, filters, limit, per_doc)]
