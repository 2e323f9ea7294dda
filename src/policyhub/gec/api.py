"""HTTP API of the registry: the command language (authorised per role) and its queries."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Protocol, cast

import anyio
from fastapi import APIRouter, Body, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from policyhub.access.deps import NO_TOKEN, ActorDep, Credentials, ReaderDep, TokensDep, get_actor, get_reader
from policyhub.access.reads import (
    View,
    admits,
    auction_as_read_by,
    listing_as_read_by,
    sees,
    trade_as_read_by,
    verification_as_read_by,
)
from policyhub.errors import Forbidden, NotFound
from policyhub.exports import content_disposition
from policyhub.gec.api_commands import actor_given, keyed, refused_by_desk, too_large
from policyhub.gec.desk import Desk
from policyhub.gec.desk_queue import Busy, KeyReused, Pending
from policyhub.gec.headcache import memo
from policyhub.gec.registry import Registry
from policyhub.gec.report import check_platform, to_csv
from policyhub.gec.report import report as build_report
from policyhub.problems import problem, requires_credential
from policyhub.render.qrcodes import qr_svg

router = APIRouter(prefix="/api/gec", tags=["gec"])


class HasRegistry(Protocol):
    """What the app keeps on `app.state.services` for this module: the open registry and its command desk."""

    @property
    def registry(self) -> Registry: ...

    @property
    def desk(self) -> Desk: ...


# async: FastAPI would hand a plain function to a worker thread, which costs more than these lookups.
async def get_registry(request: Request) -> Registry:
    services: HasRegistry = request.app.state.services
    return services.registry


async def get_desk(request: Request) -> Desk:
    services: HasRegistry = request.app.state.services
    return services.desk


RegistryDep = Annotated[Registry, Depends(get_registry)]
DeskDep = Annotated[Desk, Depends(get_desk)]

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


_LIMITERS: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = weakref.WeakKeyDictionary()


def _verifiers() -> anyio.CapacityLimiter:
    """Two verify threads per event loop (a limiter belongs to the loop it was made on)."""
    loop = asyncio.get_running_loop()
    if loop not in _LIMITERS:
        _LIMITERS[loop] = anyio.CapacityLimiter(2)
    return _LIMITERS[loop]


IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="1–200 printable ASCII characters: a repeat from the same token within 24 hours returns the "
        "first answer with `duplicate: true` and applies nothing; another body under the same key is 409.",
    ),
]

_TITLES = {400: "指令无效 invalid command", 403: "无权执行 not permitted", 409: "登记系统拒绝 refused by the registry"}


def _refusal(status: int, result: Mapping[str, Any]) -> JSONResponse:
    """A refused command as problem details; `ok` and `error` stay, as every earlier client reads them."""
    code, message = result["error"]["code"], result["error"]["message"]
    again = {"duplicate": True} if result.get("duplicate") else {}  # a repeat of an Idempotency-Key
    return problem(status, _TITLES.get(status, "error"), message, code, ok=False, error=result["error"], **again)


@router.post(
    "/commands",
    summary="Apply one command or a batch (bearer token required)",
    responses={
        207: {"description": "A batch in which some commands were refused (see each result)."},
        413: {"description": "`batch_too_large`: more than 1,000 commands; nothing applied."},
        503: {"description": "`busy` (with Retry-After; nothing queued) or `pending` (the wait ran out; queued)."},
    },
)
async def commands(
    body: CommandBody,
    credentials: Credentials,
    tokens: TokensDep,
    desk: DeskDep,
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """One command → its result (400 malformed, 403 not this role's, 409 refused); a batch → a list of results.

    A body whose command (any of a batch) names an `actor` is refused whole: 400 `actor_not_accepted`.

    A batch answers 200 when every command was applied and 207 when some were refused; the headers
    `Policyhub-Applied` and `Policyhub-Refused` count them, and each result says why. At most 1,000 commands
    (413); 503 `busy` when the desk is full, 503 `pending` when the wait runs out (docs/gec.md, "The desk's limits").
    """
    # The token lookup, the authorisation facts and the write all happen on the desk's thread (gec/desk.py).
    batch = body if isinstance(body, list) else [body]
    if (refusal := too_large(len(batch)) or actor_given(batch)) is not None:
        return refusal
    if isinstance(idem := keyed(idempotency_key, body), JSONResponse):
        return idem
    key = None if credentials is None else credentials.credentials
    try:
        outcomes = await desk.submit(lambda: get_actor(tokens, credentials), batch, key, idem)
    except (Busy, Pending, KeyReused) as exc:
        return refused_by_desk(exc, idem)
    if isinstance(body, list):
        refused = sum(1 for status, _ in outcomes if status != 200)
        headers = {"Policyhub-Applied": str(len(outcomes) - refused), "Policyhub-Refused": str(refused)}
        return JSONResponse([r for _, r in outcomes], status_code=207 if refused else 200, headers=headers)
    [(status, result)] = outcomes
    return JSONResponse(result) if status == 200 else _refusal(status, result)


# The token is looked up on the desk's thread, but a request with none is refused before its body is judged.
requires_credential(commands, NO_TOKEN)


@router.get("/state", summary="Certificate counts per account (operator, regulator)")
def state(actor: ActorDep, registry: RegistryDep, as_of: AsOfQuery = None) -> dict[str, Any]:
    if not admits(View.registry, actor):
        raise Forbidden("the whole registry is read by the operator and the regulator")
    return cast(dict[str, Any], registry.state(as_of=as_of))  # the contract's schema: free-form


@router.get("/accounts/{account}/holdings", summary="An account's certificate blocks")
def holdings(
    account: AccountPath, actor: ActorDep, registry: RegistryDep, as_of: AsOfQuery = None
) -> list[dict[str, Any]]:
    if not sees(View.account, actor, [account]):
        raise Forbidden("holdings are read by the holder, the operator and the regulator")
    registry.account(account)  # 404 for an unknown account
    return cast(list[dict[str, Any]], registry.holdings(account, as_of=as_of))  # the contract's schema: free-form


@router.get("/accounts/{account}/claims", summary="An account's green-consumption claims")
def account_claims(account: AccountPath, actor: ActorDep, registry: RegistryDep) -> list[dict[str, Any]]:
    if not sees(View.account, actor, [account]):
        raise Forbidden("claims are read by the holder, the operator and the regulator")
    return cast(list[dict[str, Any]], registry.claims(account))  # the contract's schema: free-form


@router.get("/verify/{code}", summary="Verify a certificate or claim code (public, 第二十七条)")
async def verify(
    code: str, credentials: Credentials, tokens: TokensDep, registry: RegistryDep, as_of: AsOfQuery = None
) -> dict[str, Any]:
    """Anyone: project, type, province, month, status, validity, tradable, traded, the claim. The holder (or the
    claiming account) only with the holder's, the operator's or the regulator's token."""
    # The most asked question of the registry: the reader's token and the record in one hand-off to a worker
    # thread, at most two at a time (more threads than cores only queue for the interpreter, and the wait is the
    # tail of every request's latency).
    return await anyio.to_thread.run_sync(
        lambda: verification_as_read_by(get_reader(tokens, credentials), registry.verify(code, as_of=as_of)),
        limiter=_verifiers(),
    )


@router.get("/claims/{code}", summary="A claim record (public; the claiming account with a token)")
def claim(code: str, reader: ReaderDep, registry: RegistryDep) -> dict[str, Any]:
    found = registry.claim_record(code)
    if code not in (found["code"], found["claim"]):  # exactly its code or name: nothing stripped or case-folded
        raise NotFound(f"消费声明不存在 no claim {code!r}", "unknown_claim")
    return verification_as_read_by(reader, found)


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
    if not admits(View.registry, actor):
        raise Forbidden("the journal is read by the operator and the regulator")
    return cast(list[dict[str, Any]], registry.journal(after=after, limit=limit))  # the contract's schema: free-form


@router.get("/listings", summary="The listing book: open listings, one remaining figure on every platform (public)")
def listings(
    registry: RegistryDep,
    platform: Annotated[str | None, Query(pattern=PLATFORM)] = None,
    account: Annotated[str | None, Query(pattern=NAME)] = None,
    status: Annotated[Literal["open", "delisted", "sold_out", "withdrawn", "all"], Query()] = "open",
    after: Annotated[str, Query(pattern=r"^[A-Za-z0-9_.:\-]{0,64}$", description="Page on: names after this.")] = "",
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    book = registry.listings(
        platform=platform, account=account, status=None if status == "all" else status, after=after, limit=limit
    )
    return cast(list[dict[str, Any]], book)  # the contract's schema: free-form


@router.get("/listings/{listing}", summary="One listing with what remains and its trades (public; buyers with a token)")
def listing(listing: Annotated[str, Path(pattern=NAME)], reader: ReaderDep, registry: RegistryDep) -> dict[str, Any]:
    return listing_as_read_by(reader, registry.listing(listing))


@router.get("/trades", summary="Trades, newest first (an account's own; a platform's own; all for operator/regulator)")
def trades(
    actor: ActorDep,
    registry: RegistryDep,
    account: Annotated[str | None, Query(pattern=NAME)] = None,
    month: Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}$")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> list[dict[str, Any]]:
    # The list holds only trades this reader sees in full: its own account's, its platform's, or all.
    platform: str | None = None
    if sees(View.trade, actor):
        platform = None  # the operator and the regulator: every trade
    elif sees(View.trade, actor, [actor.account]):
        if account != actor.account:
            raise Forbidden("an account holder reads its own trades: pass account=<yours>")
    elif sees(View.trade, actor, platform=actor.platform):
        platform = actor.platform  # 第二十九条: each platform discloses its own
    else:
        raise Forbidden("trades are read by the parties, their platform, the operator and the regulator")
    found = registry.trades(account=account, platform=platform, month=month, limit=limit)
    return cast(list[dict[str, Any]], found)  # the contract's schema: free-form


@router.get("/trades/{trade}", summary="One trade and the serial ranges it moved (parties, platform, regulators)")
def trade(trade: str, actor: ActorDep, registry: RegistryDep) -> dict[str, Any]:
    found = registry.trade(trade)
    if not sees(View.trade, actor, [found["seller"], found["buyer"]], found["platform"]):
        raise Forbidden("a trade is read by its parties, its platform, the operator and the regulator")
    return trade_as_read_by(actor, found)


@router.get("/accounts/{account}/contracts", summary="An account's bilateral contracts and their deliveries")
def account_contracts(account: AccountPath, actor: ActorDep, registry: RegistryDep) -> list[dict[str, Any]]:
    if not sees(View.account, actor, [account]):
        raise Forbidden("contracts are read by the parties, the operator and the regulator")
    return cast(list[dict[str, Any]], registry.contracts(account))  # the contract's schema: free-form


@router.get("/auctions/{auction}", summary="An auction; orders stay sealed until it clears, then anonymous (public)")
def auction(auction: Annotated[str, Path(pattern=NAME)], reader: ReaderDep, registry: RegistryDep) -> dict[str, Any]:
    """Clearing price and volume for anyone; an order's account and limit for its bidder, the auction's platform,
    the operator and the regulator."""
    return auction_as_read_by(reader, registry.auction(auction))


@router.get("/report", summary="Monthly disclosure report, national or one platform (public, 第二十八条–第二十九条)")
def report(
    registry: RegistryDep,
    month: Annotated[str, Query(pattern=r"^[0-9]{4}-[0-9]{2}$", examples=["2024-09"])],
    platform: Annotated[str | None, Query(pattern=PLATFORM)] = None,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    check_platform(registry.rules, platform)
    data = memo(registry, ("report", month, platform), lambda: build_report(registry, month, platform))
    if format == "csv":
        name = f"gec-report-{month}{'-' + platform if platform else ''}.csv"
        headers = {"Content-Disposition": content_disposition("attachment", name)}
        return Response(to_csv(data), media_type="text/csv; charset=utf-8", headers=headers)
    return JSONResponse(data)
