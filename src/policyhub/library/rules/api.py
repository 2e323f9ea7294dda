"""JSON API of the rule checkers: same input and output JSON as `policyhub rules …`."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field

from policyhub.library.rules.inputs import RdCase, StampCase, parse_date
from policyhub.library.rules.negative_list import check_activity
from policyhub.library.rules.rd_eligibility import check_eligibility
from policyhub.library.rules.stamp_duty import assess

router = APIRouter(prefix="/api/rules", tags=["rules"])


class NegativeListQuery(BaseModel):
    """Body of POST /api/rules/negative-list."""

    model_config = ConfigDict(extra="forbid")

    activity: str = Field(min_length=1, examples=["核电站建设经营"])
    date: str | None = Field(default=None, examples=["2024-11-01"])


@router.post("/negative-list")
def negative_list(query: NegativeListQuery) -> dict[str, Any]:
    """The special measures of the 2024 negative list that apply to an activity on a date."""
    answer = check_activity(query.activity, parse_date(query.date, "date"))
    return cast(dict[str, Any], answer)  # the contract's schema: a free-form object


@router.post("/rd-eligibility")
def rd_eligibility(case: RdCase) -> dict[str, Any]:
    """R&D programme application limits: eligible, or every rule broken."""
    return cast(dict[str, Any], check_eligibility(case))


@router.post("/stamp-duty")
def stamp_duty(case: StampCase) -> dict[str, Any]:
    """Stamp duty on restructuring, item by item."""
    return cast(dict[str, Any], assess(case))
