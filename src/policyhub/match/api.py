"""HTTP: POST /api/match with the profile (and optional as_of) → match.service.run's JSON; GET /api/match/calls."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Body

from policyhub.match import catalog
from policyhub.match.service import run

router = APIRouter(prefix="/api/match", tags=["match"])


@router.post("")
def match_profile(body: Any = Body(..., examples=[{"entity": {"kind": "enterprise", "province": "江苏"}}])) -> Any:
    """Every call and duty for the profile: status, conditions with their clauses, missing facts, window."""
    return run(body, None)


@router.get("/calls")
def calls() -> list[dict[str, Any]]:
    """Every call and duty of the compilation as data (same as `policyhub match calls --format json`)."""
    return cast(list[dict[str, Any]], catalog.listing())  # the contract's schema: free-form objects
