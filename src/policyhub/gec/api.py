"""HTTP API of the registry: the command language (authorised per role) and its queries."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Protocol

import sqlalchemy as sa
from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from policyhub.access.deps import ActorDep, Credentials, ReaderDep, TokensDep, get_actor
from policyhub.access.roles import Actor, Role, authorise, may_read_account, may_read_all
from policyhub.errors import Forbidden
from policyhub.gec.adapters import tables as t
from policyhub.gec.domain.commands import OPS
from policyhub.gec.prepared import Prepared
from policyhub.gec.registry import Registry, error
from policyhub.gec.report import check_platform, to_csv
from policyhub.gec.report import report as build_report
from policyhub.gec.validity import public_view
from policyhub.problems import problem
from policyhub.render.qrcodes import qr_svg
from policyhub.storage import single_read

router = APIRouter(prefix="/api/gec", tags=["gec"])


class HasRegistry(Protocol):
    """What the app keeps on `app.state.services` for this module: the open registry."""

    @property
    def registry(self) -> Registry: ...


async def get_registry(request: Request) -> Registry:
    # async: no hand-off to a worker thread for a lookup (the registry opens on the service's first request).
    services: HasRegistry = request.app.state.services
    return services.registry


RegistryDep = Annotated[Registry, Depends(get_registry)]

# The command language's own name and platform shapes (domain/commands.py): anything else names nothing, and
# checking here keeps odd bytes (NUL) away from PostgreSQL.
NAME = r"^[A-Za-z0-9_.:\-]{1,64}$"
PLATFORM = r"^[A-Za-z0-9_\-]{1,20}$"
AccountPath = Annotated[str, Path(pattern=NAME)]
# A day to judge validity on (第二十四条), default the registry's date; checked by the registry (400 invalid_as_of).
AsOfQuery = Annotated[str | None, Query(max_length=10, description="Read as of this day, YYYY-MM-DD (default today).")]

Command = dict[str, Any]
CommandBody = Annotated[
    Command | list[Command],
    Body(
        description="One command object, or a JSON array applied in order (a refused one changes nothing).",
        examples=[{"op": "issue", "month": "2024-08", "at": "2024-09-25T10:00:00+08:00"}],
    ),
]


_MANDATE = sa.select(t.mandates.c.entry).where(
    t.mandates.c.account == sa.bindparam("a"), t.mandates.c.platform == sa.bindparam("p")
)  # every platform buy asks it


class RegistryFacts:
    """The facts the role policy asks of the registry."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def project_owner(self, project: str) -> str | None:
        with single_read(self.registry.engine) as conn:
            owner = conn.execute(sa.select(t.projects.c.owner).where(t.projects.c.project == project)).scalar()
        return None if owner is None else str(owner)

    def _one(self, column: sa.ColumnElement[Any], key: sa.ColumnElement[Any], value: str) -> str | None:
        with single_read(self.registry.engine) as conn:
            found = conn.execute(sa.select(column).where(key == value)).scalar()
        return None if found is None else str(found)

    def listing_owner(self, listing: str) -> str | None:
        return self._one(t.listings.c.account, t.listings.c.listing, listing)

    def listing_platforms(self, listing: str) -> list[str] | None:
        found = self._one(t.listings.c.platforms, t.listings.c.listing, listing)
        return None if found is None else found.split(",")

    def auction_platform(self, auction: str) -> str | None:
        return self._one(t.auctions.c.platform, t.auctions.c.auction, auction)

    def contract_platform(self, contract: str) -> str | None:
        return self._one(t.contracts.c.platform, t.contracts.c.contract, contract)

    def has_mandate(self, account: str, platform: str) -> bool:
        with single_read(self.registry.engine) as conn:
            return conn.execute(_MANDATE, {"a": account, "p": platform}).first() is not None


def _prepare_as(actor: Actor, registry: Registry, command: Any) -> Prepared | tuple[int, dict[str, Any]]:
    """The command ready to apply, or (HTTP status, result): 403 the role may not, 400 it is malformed."""
    if not isinstance(command, dict):
        return 400, error("invalid_command", "每条指令须为 JSON 对象 a command must be a JSON object")
    if "at" in command:
        # The registry's own clock decides (a backdated claim, a bid after the close): callers never set it.
        why = "登记系统以自身时钟记录时间 the registry stamps each command itself: omit `at`"
        return 400, error("at_not_accepted", why)
    if command.get("op") not in OPS:  # a name the registry does not know at all: malformed, not forbidden
        return 400, error("unknown_op", f"unknown op {command.get('op')!r}")
    try:
        authorise(actor, command, RegistryFacts(registry))
    except Forbidden as exc:
        return 403, error(exc.code, exc.message)
    prepared = registry.prepare(command, actor.journal())
    return (400, prepared) if isinstance(prepared, dict) else prepared


def _apply_all(actor: Actor, registry: Registry, commands: list[Any]) -> list[tuple[int, dict[str, Any]]]:
    """(status, result) per command; the well-formed, permitted ones go to the registry as one group, in order."""
    outcomes: list[tuple[int, dict[str, Any]] | Prepared] = [_prepare_as(actor, registry, cmd) for cmd in commands]
    ready = [o for o in outcomes if isinstance(o, Prepared)]
    results = iter(registry.submit(ready) if ready else [])
    out: list[tuple[int, dict[str, Any]]] = []
    for o in outcomes:
        if isinstance(o, Prepared):
            result = next(results)
            out.append((200 if result["ok"] else 409, result))
        else:
            out.append(o)
    return out


_TITLES = {400: "指令无效 invalid command", 403: "无权执行 not permitted", 409: "登记系统拒绝 refused by the registry"}


def _refusal(status: int, result: dict[str, Any]) -> JSONResponse:
    """A refused command as problem details; `ok` and `error` stay, as every earlier client reads them."""
    code, message = result["error"]["code"], result["error"]["message"]
    return problem(status, _TITLES.get(status, "error"), message, code, ok=False, error=result["error"])


@router.post(
    "/commands",
    summary="Apply one command or a batch (bearer token required)",
    responses={207: {"description": "A batch in which some commands were refused (see each result)."}},
)
async def commands(body: CommandBody, credentials: Credentials, tokens: TokensDep, registry: RegistryDep) -> Response:
    """One command → its result (400 malformed, 403 not this role's, 409 refused); a batch → a list of results.

    A batch answers 200 when every command was applied and 207 when some were refused; the headers
    `Policyhub-Applied` and `Policyhub-Refused` count them, and each result says why.
    """
    # The token lookup, the authorisation facts and the write need the database: one hand-off to a worker thread
    # does all three (each hand-off costs about as much as the buy's own Python).
    batch = body if isinstance(body, list) else [body]
    outcomes = await run_in_threadpool(lambda: _apply_all(get_actor(tokens, credentials), registry, batch))
    if isinstance(body, list):
        refused = sum(1 for status, _ in outcomes if status != 200)
        headers = {"Policyhub-Applied": str(len(outcomes) - refused), "Policyhub-Refused": str(refused)}
        return JSONResponse([r for _, r in outcomes], status_code=207 if refused else 200, headers=headers)
    [(status, result)] = outcomes
    return JSONResponse(result) if status == 200 else _refusal(status, result)


@router.get("/state", summary="Certificate counts per account (operator, regulator)")
def state(actor: ActorDep, registry: RegistryDep, as_of: AsOfQuery = None) -> dict[str, Any]:
    if not may_read_all(actor):
        raise Forbidden("the whole registry is read by the operator and the regulator")
    return registry.state(as_of=as_of)


@router.get("/accounts/{account}/holdings", summary="An account's certificate blocks")
def holdings(
    account: AccountPath, actor: ActorDep, registry: RegistryDep, as_of: AsOfQuery = None
) -> list[dict[str, Any]]:
    if not may_read_account(actor, account):
        raise Forbidden("holdings are read by the holder, the operator and the regulator")
    registry.account(account)  # 404 for an unknown account
    return registry.holdings(account, as_of=as_of)


@router.get("/accounts/{account}/claims", summary="An account's green-consumption claims")
def account_claims(account: AccountPath, actor: ActorDep, registry: RegistryDep) -> list[dict[str, Any]]:
    if not may_read_account(actor, account):
        raise Forbidden("claims are read by the holder, the operator and the regulator")
    return registry.claims(account)


@router.get("/verify/{code}", summary="Verify a certificate or claim code (public, 第二十七条)")
def verify(code: str, reader: ReaderDep, registry: RegistryDep, as_of: AsOfQuery = None) -> dict[str, Any]:
    """Anyone: project, type, province, month, status, validity, tradable, traded, the claim. The holder (or the
    claiming account) only with the holder's, the operator's or the regulator's token."""
    return _as_read_by(reader, registry.verify(code, as_of=as_of))


@router.get("/claims/{code}", summary="A claim record (public; the claiming account with a token)")
def claim(code: str, reader: ReaderDep, registry: RegistryDep) -> dict[str, Any]:
    return _as_read_by(reader, registry.claim_record(code))


def _as_read_by(reader: Actor, record: dict[str, Any]) -> dict[str, Any]:
    """A verification record as this reader may see it: the holder is private (第二十七条 lists what is public)."""
    owner = record.get("holder") if record["kind"] == "certificate" else record.get("account")
    return record if owner is not None and may_read_account(reader, str(owner)) else public_view(record)


@router.get("/qr/{code}.svg", summary="QR code of a block or claim, pointing at its verification page")
def qr(code: str, registry: RegistryDep) -> Response:
    # The reference is the registry's public address for the block's first code (or the claim code).
    return Response(qr_svg(str(registry.verify(code)["verify_reference"])), media_type="image/svg+xml")


@router.get("/journal", summary="Journal entries after a sequence number (operator, regulator)")
def journal(
    actor: ActorDep,
    registry: RegistryDep,
    after: Annotated[int, Query(ge=0, le=2**53)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    if not may_read_all(actor):
        raise Forbidden("the journal is read by the operator and the regulator")
    return registry.journal(after=after, limit=limit)


@router.get("/listings", summary="The listing book: open listings, one remaining figure on every platform (public)")
def listings(
    registry: RegistryDep,
    platform: Annotated[str | None, Query(pattern=PLATFORM)] = None,
    account: Annotated[str | None, Query(pattern=NAME)] = None,
    status: Annotated[Literal["open", "delisted", "sold_out", "withdrawn", "all"], Query()] = "open",
    after: Annotated[str, Query(pattern=r"^[A-Za-z0-9_.:\-]{0,64}$", description="Page on: names after this.")] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    return registry.listings(
        platform=platform, account=account, status=None if status == "all" else status, after=after, limit=limit
    )


@router.get("/listings/{listing}", summary="One listing with what remains and its trades (public)")
def listing(listing: Annotated[str, Path(pattern=NAME)], registry: RegistryDep) -> dict[str, Any]:
    return registry.listing(listing)


@router.get("/trades", summary="Trades, newest first (an account's own; a platform's own; all for operator/regulator)")
def trades(
    actor: ActorDep,
    registry: RegistryDep,
    account: Annotated[str | None, Query(pattern=NAME)] = None,
    month: Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    platform = None
    if actor.role is Role.account_holder:
        if account != actor.account:
            raise Forbidden("an account holder reads its own trades: pass account=<yours>")
    elif actor.role is Role.platform:
        platform = actor.platform  # 第二十九条: each platform discloses its own
    elif not may_read_all(actor):
        raise Forbidden("trades are read by the parties, their platform, the operator and the regulator")
    return registry.trades(account=account, platform=platform, month=month, limit=limit)


@router.get("/trades/{trade}", summary="One trade and the serial ranges it moved (parties, platform, regulators)")
def trade(trade: str, actor: ActorDep, registry: RegistryDep) -> dict[str, Any]:
    found = registry.trade(trade)
    mine = {found["seller"], found["buyer"]}
    if not (
        may_read_all(actor)
        or (actor.role is Role.account_holder and actor.account in mine)
        or (actor.role is Role.platform and actor.platform == found["platform"])
    ):
        raise Forbidden("a trade is read by its parties, its platform, the operator and the regulator")
    return found


@router.get("/accounts/{account}/contracts", summary="An account's bilateral contracts and their deliveries")
def account_contracts(account: AccountPath, actor: ActorDep, registry: RegistryDep) -> list[dict[str, Any]]:
    if not may_read_account(actor, account):
        raise Forbidden("contracts are read by the parties, the operator and the regulator")
    return registry.contracts(account)


@router.get("/auctions/{auction}", summary="An auction; orders stay sealed until it clears (public)")
def auction(auction: Annotated[str, Path(pattern=NAME)], registry: RegistryDep) -> dict[str, Any]:
    return registry.auction(auction)


@router.get("/report", summary="Monthly disclosure report, national or one platform (public, 第二十八条–第二十九条)")
def report(
    registry: RegistryDep,
    month: Annotated[str, Query(pattern=r"^[0-9]{4}-[0-9]{2}$", examples=["2024-09"])],
    platform: Annotated[str | None, Query(pattern=PLATFORM)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    check_platform(registry.rules, platform)
    data = build_report(registry, month, platform)
    if format == "csv":
        name = f"gec-report-{month}{'-' + platform if platform else ''}.csv"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return Response(to_csv(data), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(data)
