"""HTTP API for firms over time: record an assessment, read the history and the report as JSON."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Protocol

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from policyhub.firms import report
from policyhub.firms.service import history, parse_day, record
from policyhub.firms.store import FirmStore, store_for

router = APIRouter(prefix="/api/firms", tags=["firms"])


class HasEngine(Protocol):
    engine: Engine


def get_store(request: Request) -> FirmStore:
    services: HasEngine = request.app.state.services
    return store_for(services.engine)


StoreDep = Annotated[FirmStore, Depends(get_store)]


class Record(BaseModel):
    """One assessment to keep: the firm (name, optional credit code and sector), its kind, date and answers."""

    firm: str
    credit_code: str | None = None
    sector: str | None = Field(None, description="An industry of the renewal guide, e.g. 重型机械.")
    kind: Literal["digital", "manage"]
    on: str | None = Field(None, description="yyyy-mm-dd; today when omitted.")
    submission: dict[str, Any] = Field(description="The digital or manage assess input, as for the CLI.")


@router.get("")
def list_firms(store: StoreDep) -> list[dict[str, Any]]:
    """Every firm with its number of assessments."""
    return store.all_firms()


@router.post("")
def add(body: Record, store: StoreDep) -> dict[str, Any]:
    """Assess and keep under the firm (created on first sight)."""
    return record(store, body.firm, body.kind, body.submission, parse_day(body.on), body.credit_code, body.sector)


@router.get("/{ref}")
def one(ref: str, store: StoreDep) -> dict[str, Any]:
    """A firm (by id, credit code or name): its dated assessments, series and latest changes."""
    return history(store, ref)


@router.get("/{ref}/report")
def firm_report(ref: str, store: StoreDep) -> dict[str, Any]:
    """The diagnosis report as data: digital level and plan, management diagnosis, scenarios, sector goals."""
    firm = store.get(ref)
    return report.build(firm, store.assessments(int(firm["id"])))
