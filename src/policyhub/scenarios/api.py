"""HTTP API for the typical scenarios: list, one, search, and those mapped to a digital-assessment scenario."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter

from policyhub.scenarios import catalog

router = APIRouter(prefix="/api/scenarios", tags=["scenarios"])


@router.get("")
def list_scenarios(q: str | None = None) -> dict[str, Any]:
    """The 40 scenarios (same as `policyhub scenarios list --format json`), or those matching every word of q."""
    found = catalog.search(q) if q else catalog.all_scenarios()
    return {**catalog.document(), "links": catalog.links(), "scenarios": found}


@router.get("/for/{name}")
def for_digital(name: str) -> dict[str, Any]:
    """The typical scenarios mapped to one digital-assessment scenario, with the reasoning of each pair."""
    return cast(dict[str, Any], catalog.for_digital(name))  # the contract's schema: a free-form object


@router.get("/{no}")
def one(no: int) -> dict[str, Any]:
    """One scenario by number, with the digital-assessment scenarios mapped to it."""
    return cast(dict[str, Any], catalog.get(no))
