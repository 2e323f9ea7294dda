"""HTTP API for the digital assessment: the CLI's JSON in and out."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter
from pydantic import BaseModel, Field

from policyhub.digital.answers import parse_firm
from policyhub.digital.batch import assess_many, batch_to_dict
from policyhub.digital.catalog import load_catalog
from policyhub.digital.energy import compute_energy, energy_to_dict
from policyhub.digital.plan import make_plan, read_keep
from policyhub.digital.questionnaire import questionnaire
from policyhub.digital.report import assessment_to_dict, plan_to_dict
from policyhub.digital.scoring import assess as assess_firm

router = APIRouter(prefix="/api/digital", tags=["digital"])


class Answers(BaseModel):
    """The assess contract: answers "1".."15" and the levels met per scenario (checked by the core)."""

    answers: dict[str, Any]
    scenarios: dict[str, Any] = Field(default_factory=dict)
    firm: str | None = None


class PlanRequest(Answers):
    target: int = Field(ge=1, le=4, description="Target level 1–4.")
    keep: list[int] = Field(default_factory=list, description="Questions the plan may not touch, e.g. [11, 12].")


@router.post("/assess")
def assess(body: Answers) -> dict[str, Any]:
    """Assess one firm (same output as `policyhub digital assess --format json`)."""
    catalog = load_catalog()
    report = assessment_to_dict(assess_firm(parse_firm(body.model_dump(), catalog), catalog), catalog)
    return cast(dict[str, Any], report)  # the contract's schema: a free-form object


@router.post("/plan")
def plan(body: PlanRequest) -> dict[str, Any]:
    """The smallest set of changes reaching `target`."""
    catalog = load_catalog()
    firm, locked = parse_firm(body.model_dump(), catalog), read_keep(body.keep, catalog)
    return cast(dict[str, Any], plan_to_dict(make_plan(firm, body.target, catalog, locked), catalog))


@router.post("/batch")
def batch(body: list[Answers]) -> dict[str, Any]:
    """Many firms: results with percentiles, the level distribution, the weakest indicators; bad firms in errors."""
    catalog = load_catalog()
    entries = [(f.firm or f"firm {i}", f.model_dump()) for i, f in enumerate(body, 1)]
    return cast(dict[str, Any], batch_to_dict(assess_many(entries, catalog), catalog))


@router.post("/energy")
def energy(body: dict[str, Any]) -> dict[str, Any]:
    """综合能源消费量 from quantities in 表1's units."""
    return cast(dict[str, Any], energy_to_dict(compute_energy(body, load_catalog())))


@router.get("/questions")
def questions() -> dict[str, Any]:
    """The questionnaire as data (for the web form)."""
    return cast(dict[str, Any], questionnaire(load_catalog()))
