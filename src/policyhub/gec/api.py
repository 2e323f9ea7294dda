"""HTTP API of the registry: the command language (authorised per role) and its queries."""

from __future__ import annotations

from typing import Annotated, Any

import sqlalchemy as sa
from fastapi import APIRouter, Body, Query, Request
from fastapi.responses import JSONResponse, Response

from policyhub.access.roles import Actor, authorise, may_read_account, may_read_all
from policyhub.errors import Forbidden
from policyhub.gec.adapters import tables as t
from policyhub.gec.registry import Registry, error
from policyhub.web.deps import ActorDep, ReaderDep, ServicesDep
from policyhub.web.qrcodes import qr_svg

router = APIRouter(prefix="/api/gec", tags=["gec"])

Command = dict[str, Any]
CommandBody = Annotated[
    Command | list[Command],
    Body(
        description="One command object, or a JSON array applied in order (a refused one changes nothing).",
        examples=[{"op": "issue", "month": "2024-08", "at": "2024-09-25T10:00:00+08:00"}],
    ),
]


class RegistryFacts:
    """The facts the role policy asks of the registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def project_owner(self, project: str) -> str | None:
        with self.registry.engine.connect().execution_options(gec_readonly=True) as conn:
            owner = conn.execute(sa.select(t.projects.c.owner).where(t.projects.c.project == project)).scalar()
        return None if owner is None else str(owner)

    # Trading (listings, auctions) is not in the registry yet: nothing to own, so nothing is allowed.
    def listing_owner(self, listing: str) -> str | None:
        return None

    def listing_platforms(self, listing: str) -> list[str] | None:
        return None

    def auction_platform(self, auction: str) -> str | None:
        return None


def _apply_as(actor: Actor, registry: Registry, command: Any) -> dict[str, Any]:
    if not isinstance(command, dict):
        return error("invalid_command", "a command must be a JSON object")
    try:
        authorise(actor, command, RegistryFacts(registry))
    except Forbidden as exc:
        return error(exc.code, exc.message)
    return registry.apply(command)


@router.post("/commands", summary="Apply one command or a batch (bearer token required)")
def commands(body: CommandBody, actor: ActorDep, services: ServicesDep) -> Response:
    """One command → its result (403 when the role may not, 409 when the registry refuses); a list → a list."""
    registry = services.registry
    if isinstance(body, list):
        return JSONResponse([_apply_as(actor, registry, cmd) for cmd in body])
    result = _apply_as(actor, registry, body)
    if result["ok"]:
        return JSONResponse(result)
    status = 403 if result["error"]["code"] == "forbidden" else 409
    return JSONResponse(result, status_code=status)


@router.get("/state", summary="Certificate counts per account (operator, regulator)")
def state(actor: ActorDep, services: ServicesDep) -> dict[str, Any]:
    if not may_read_all(actor):
        raise Forbidden("the whole registry is read by the operator and the regulator")
    return services.registry.state()


@router.get("/accounts/{account}/holdings", summary="An account's certificate blocks")
def holdings(account: str, actor: ActorDep, services: ServicesDep) -> list[dict[str, Any]]:
    if not may_read_account(actor, account):
        raise Forbidden("holdings are read by the holder, the operator and the regulator")
    services.registry.account(account)  # 404 for an unknown account
    return services.registry.holdings(account)


@router.get("/accounts/{account}/claims", summary="An account's green-consumption claims")
def account_claims(account: str, actor: ActorDep, services: ServicesDep) -> list[dict[str, Any]]:
    if not may_read_account(actor, account):
        raise Forbidden("claims are read by the holder, the operator and the regulator")
    return services.registry.claims(account)


@router.get("/verify/{code}", summary="Verify a certificate or claim code (public, 第二十七条)")
def verify(code: str, _: ReaderDep, services: ServicesDep) -> dict[str, Any]:
    return services.registry.verify(code)


@router.get("/claims/{code}", summary="A claim record (public)")
def claim(code: str, services: ServicesDep) -> dict[str, Any]:
    return services.registry.claim_record(code)


@router.get("/qr/{code}.svg", summary="QR code of a block or claim, pointing at its verification page")
def qr(code: str, request: Request, services: ServicesDep) -> Response:
    # The reference ends in the block's first code (or the claim code): the QR points at our own page for it.
    reference = str(services.registry.verify(code)["verify_reference"]).rsplit("/", 1)[-1]
    url = str(request.url_for("verify_page", code=reference))
    return Response(qr_svg(url), media_type="image/svg+xml")


@router.get("/journal", summary="Journal entries after a sequence number (operator, regulator)")
def journal(
    actor: ActorDep,
    services: ServicesDep,
    after: Annotated[int, Query(ge=0, le=2**53)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    if not may_read_all(actor):
        raise Forbidden("the journal is read by the operator and the regulator")
    return services.registry.journal(after=after, limit=limit)
