"""HTTP API for the management self-diagnosis: the CLI's JSON in and out."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter
from pydantic import BaseModel, Field

from policyhub.manage.batch import diagnose_members
from policyhub.manage.diagnosis import diagnose, parse_answers
from policyhub.manage.guide import questions as guide_questions

router = APIRouter(prefix="/api/manage", tags=["manage"])


class ManageAnswers(BaseModel):
    """The assess contract: {"firm": …, "answers": {"二.（一）": "done|partly|none" | {"status", "evidence"}}}."""

    firm: str | None = None
    answers: dict[str, Any] = Field(default_factory=dict)


@router.get("/questions")
def questions() -> dict[str, Any]:
    """The nine areas and every practice (same as `policyhub manage questions --format json`)."""
    return cast(dict[str, Any], guide_questions())  # the contract's schema: a free-form object


@router.post("/assess")
def assess(body: ManageAnswers) -> dict[str, Any]:
    """One firm's diagnosis (same as `policyhub manage assess --format json`)."""
    return cast(dict[str, Any], diagnose(parse_answers(body.model_dump())))


@router.post("/batch")
def batch(body: list[ManageAnswers], top: int = 5) -> dict[str, Any]:
    """An association's members: distribution per area, the weakest practices; bad members in errors."""
    return cast(dict[str, Any], diagnose_members([m.model_dump() for m in body], max(1, top)))
