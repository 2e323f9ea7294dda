"""HTTP API for firms over time: record an assessment, read the history and the report as JSON.

A firm's records are its own: each route takes the firm's credential (its own firm only) or an operator's or
regulator's API token (every firm); without one it answers 401.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Protocol, cast

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy.engine import Engine

from policyhub.access.deps import Credentials, TokensDep
from policyhub.access.roles import Actor, Role, may_read_firm
from policyhub.errors import Forbidden, Unauthorized
from policyhub.firms import report
from policyhub.firms.answers import Firm
from policyhub.firms.credentials import FirmCredentials
from policyhub.firms.service import history, parse_day, record, record_own
from policyhub.firms.store import FirmStore, store_for
from policyhub.problems import requires_credential

router = APIRouter(prefix="/api/firms", tags=["firms"])


class HasEngine(Protocol):
    engine: Engine


def get_store(request: Request) -> FirmStore:
    services: HasEngine = request.app.state.services
    return store_for(services.engine)


StoreDep = Annotated[FirmStore, Depends(get_store)]


NO_CREDENTIAL = "需要企业凭证或运营方、监管方令牌 a firm's credential or an operator or regulator token is required"


def get_caller(store: StoreDep, tokens: TokensDep, credentials: Credentials) -> Actor:
    """The firm a credential stands for, or an operator's or regulator's token; 401 without, 403 for other roles."""
    if credentials is None:
        raise Unauthorized(NO_CREDENTIAL)
    firm = FirmCredentials(store).firm_for(credentials.credentials)
    if firm is not None:
        return Actor(Role.firm, firm=firm)
    actor = tokens.actor_for(credentials.credentials)
    if actor is None:
        raise Unauthorized("凭证无效或已撤销 unknown or revoked credential")
    if actor.role not in {Role.operator, Role.regulator}:
        raise Forbidden(f"角色 {actor.role.value} 不能查看企业档案 role {actor.role.value} may not read firms' records")
    return actor


requires_credential(get_caller, NO_CREDENTIAL)
CallerDep = Annotated[Actor, Depends(get_caller)]
OWN_ONLY = "企业凭证只能查看和保存本企业的档案 a firm's credential reads and writes its own firm only"


def _firm(store: FirmStore, ref: str, caller: Actor) -> Firm:
    """The firm named by ref, if the caller may see it; a firm asking for another gets 403, whether it exists or not."""
    if caller.role is Role.firm:
        found = store.find(ref)
        if found is None or not may_read_firm(caller, int(found["id"])):
            raise Forbidden(OWN_ONLY)
        return found
    return store.get(ref)


class Record(BaseModel):
    """One assessment to keep: the firm (name, optional credit code and sector), its kind, date and answers."""

    firm: str
    credit_code: str | None = None
    sector: str | None = Field(None, description="An industry of the renewal guide, e.g. 重型机械.")
    kind: Literal["digital", "manage"]
    on: str | None = Field(None, description="yyyy-mm-dd; today when omitted.")
    submission: dict[str, Any] = Field(description="The digital or manage assess input, as for the CLI.")


@router.get("")
def list_firms(store: StoreDep, caller: CallerDep) -> list[dict[str, Any]]:
    """Every firm with its number of assessments (a firm's credential: its own only)."""
    rows = [f for f in store.all_firms() if may_read_firm(caller, int(f["id"]))]
    return cast(list[dict[str, Any]], rows)  # the contract's schema: free-form objects


@router.post("")
def add(body: Record, store: StoreDep, caller: CallerDep) -> dict[str, Any]:
    """Assess and keep under the firm (created on first sight by the operator; a firm's credential: its own)."""
    if caller.role is Role.firm:
        own = store.get(str(caller.firm))
        named = body.firm.strip() in {own["name"], str(own["id"]), own["credit_code"]}
        if not named or (body.credit_code and body.credit_code.strip().upper() != own["credit_code"]):
            raise Forbidden(OWN_ONLY)
        saved = record_own(store, int(own["id"]), body.kind, body.submission, parse_day(body.on), body.sector)
    else:
        saved = record(store, body.firm, body.kind, body.submission, parse_day(body.on), body.credit_code, body.sector)
    return cast(dict[str, Any], saved)  # the contract's schema: a free-form object


@router.get("/{ref}")
def one(ref: str, store: StoreDep, caller: CallerDep) -> dict[str, Any]:
    """A firm (by id, credit code or name): its dated assessments, series and latest changes."""
    return cast(dict[str, Any], history(store, str(_firm(store, ref, caller)["id"])))


@router.get("/{ref}/report")
def firm_report(ref: str, store: StoreDep, caller: CallerDep) -> dict[str, Any]:
    """The diagnosis report as data: digital level and plan, management diagnosis, scenarios, sector goals."""
    firm = _firm(store, ref, caller)
    return cast(dict[str, Any], report.build(firm, store.assessments(int(firm["id"]))))
