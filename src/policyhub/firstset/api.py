"""HTTP API for the 首台（套） catalog: the CLI's JSON in and out."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from policyhub.firstset import service

router = APIRouter(prefix="/api/firstset", tags=["firstset"])

Value = str | float | int | bool


class CheckRequest(BaseModel):
    """The check contract: an entry code and the product's parameters by indicator name."""

    entry: str = Field(description="Entry or sub-entry code, e.g. 1.1.2 or 1.7.2.1.")
    params: dict[str, Value] = Field(min_length=1, description='e.g. {"直线轴定位精度": "1.8 μm"}')


class MatchRequest(BaseModel):
    """A spec to try against every entry naming its parameters."""

    params: dict[str, Value] = Field(min_length=1)


@router.get("/fields")
def fields() -> list[dict[str, Any]]:
    """Fields > sub-fields > entries > sub-entries, for browsing."""
    return cast(list[dict[str, Any]], service.fields())  # each route keeps the contract's free-form schema


@router.get("/entries")
def entries(field: str | None = Query(None, description="Only one field, e.g. 1.")) -> list[dict[str, Any]]:
    """Every entry and sub-entry (same as `policyhub firstset list --format json`)."""
    return cast(list[dict[str, Any]], service.list_entries(field))


@router.get("/entries/{code}")
def entry(code: str) -> dict[str, Any]:
    """One entry with its tiers of indicators (same as `show CODE`)."""
    return cast(dict[str, Any], service.show(code))


@router.post("/check")
def check(body: CheckRequest) -> dict[str, Any]:
    """Check a product against one entry (same as `check FILE`)."""
    return cast(dict[str, Any], service.check(body.model_dump()))


@router.post("/match")
def match(body: MatchRequest) -> list[dict[str, Any]]:
    """Rank every entry naming the spec's parameters (same as `match FILE`)."""
    return cast(list[dict[str, Any]], service.match(body.model_dump()))


@router.get("/find")
def find(q: str = Query(..., min_length=1, description="拉床, 盾构机轴承, 重复定位精度 …")) -> list[dict[str, Any]]:
    """Entries by name or keyword, or by an indicator they constrain."""
    return cast(list[dict[str, Any]], service.find(q))


@router.get("/unparsed")
def unparsed() -> dict[str, Any]:
    """Indicators left as text, with the reason, and counts per kind."""
    return {"counts": service.stats()["indicators"], "unparsed": service.unparsed()}
