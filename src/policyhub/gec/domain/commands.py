"""Command models: one pydantic model per op of `policyhub gec apply` (validated at the edge)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from policyhub.errors import InputError

from .money import parse_power_price, parse_price, yuan
from .months import parse_month

Name = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]
Kwh = Annotated[int, Field(ge=0, le=10**15)]
Quantity = Annotated[int, Field(gt=0, le=10**12)]
# Prices stay text in the journal ("5.00"): replay parses them again, exactly (第二十条: 元/个).
Price = Annotated[str, BeforeValidator(lambda v: yuan(parse_price(v)))]
PowerPrice = Annotated[str, BeforeValidator(parse_power_price)]
Platform = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_\-]+$")]
Month = Annotated[str, BeforeValidator(lambda v: _month_text(v))]


def _month_text(v: object) -> str:
    if not isinstance(v, str):
        raise ValueError("a month is text YYYY-MM")
    parse_month(v)
    return v


ProjectType = Literal[
    "wind",
    "distributed_wind",
    "offshore_wind",
    "pv",
    "distributed_pv",
    "solar_thermal",
    "hydro",
    "biomass",
    "geothermal",
    "ocean",
]


class Command(BaseModel):
    """Fields every command may carry: `at`, the logical time of all date rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    at: datetime | None = None


class MonthCommand(Command):
    """A command naming a production month."""

    month: str

    @field_validator("month")
    @classmethod
    def _month(cls, v: str) -> str:
        parse_month(v)
        return v


class OpenAccount(Command):
    op: Literal["open_account"]
    account: Name
    kind: Literal["seller", "buyer", "provincial", "special"]
    name: str = Field(min_length=1, max_length=200)
    id_doc: str | None = None
    province: str | None = None
    gec_only_pledge: bool = False


class UpdateAccount(Command):
    op: Literal["update_account"]
    account: Name
    name: str | None = Field(default=None, min_length=1, max_length=200)
    id_doc: str | None = None
    province: str | None = None
    gec_only_pledge: bool | None = None


class CloseAccount(Command):
    op: Literal["close_account"]
    account: Name


class RegisterProject(Command):
    op: Literal["register_project"]
    project: Name
    owner: Name
    name: str = Field(min_length=1, max_length=200)
    type: ProjectType
    province: str = Field(min_length=1, max_length=50)
    capacity_kw: float = Field(gt=0)
    commissioned: date
    fully_market: bool = False


class Meter(MonthCommand):
    op: Literal["meter"]
    project: Name
    grid_kwh: Kwh | None = None
    self_kwh: Kwh | None = None
    source: Literal["grid", "owner"]


class MeterRow(BaseModel):
    """One reading of a bulk import."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    project: Name
    grid_kwh: Kwh | None = None
    self_kwh: Kwh | None = None


class MeterBatch(MonthCommand):
    op: Literal["meter_batch"]
    source: Literal["grid"] = "grid"
    rows: list[MeterRow] = Field(min_length=1)


class ReviewMeter(MonthCommand):
    op: Literal["review_meter"]
    project: Name
    stage: Literal["initial", "final"]
    approve: bool
    note: str | None = None


class Issue(MonthCommand):
    op: Literal["issue"]


class Transfer(MonthCommand):
    op: Literal["transfer"]
    from_: Name = Field(alias="from")
    to: Name
    project: Name
    quantity: Quantity
    settlement: str | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Claim(Command):
    op: Literal["claim"]
    claim: Name | None = None
    account: Name
    quantity: Quantity
    beneficiary: str = Field(min_length=1, max_length=200)
    period: str = Field(min_length=1, max_length=50)
    project: Name | None = None
    month: str | None = None

    @field_validator("month")
    @classmethod
    def _month(cls, v: str | None) -> str | None:
        if v is not None:
            parse_month(v)
        return v


class Expire(Command):
    op: Literal["expire"]
    as_of: date | None = None


class Correct(MonthCommand):
    op: Literal["correct"]
    project: Name
    grid_kwh: Kwh
    self_kwh: Kwh
    reason: str = Field(min_length=1, max_length=500)


class Freeze(Command):
    op: Literal["freeze"]
    account: Name
    reason: str = Field(min_length=1, max_length=500)


class Unfreeze(Command):
    op: Literal["unfreeze"]
    account: Name
    reason: str | None = None


class List(Command):
    op: Literal["list"]
    listing: Name
    account: Name
    quantity: Quantity
    price: Price
    platforms: list[Platform] = Field(min_length=1, max_length=10)
    project: Name | None = None
    month: Month | None = None
    province: str | None = Field(default=None, min_length=1, max_length=50)

    @field_validator("platforms")
    @classmethod
    def _distinct(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("a platform is named twice")
        return v


class Delist(Command):
    op: Literal["delist"]
    listing: Name


class Buy(Command):
    op: Literal["buy"]
    account: Name
    listing: Name
    platform: Platform
    quantity: Quantity


class Delivery(BaseModel):
    """One scheduled delivery of a bilateral contract."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: date
    quantity: Quantity


class Bilateral(Command):
    op: Literal["bilateral"]
    contract: Name | None = None
    seller: Name
    buyer: Name
    quantity: Quantity
    price: Price
    platform: Platform
    project: Name | None = None
    month: Month | None = None
    deliveries: list[Delivery] | None = Field(default=None, min_length=1, max_length=120)

    @model_validator(mode="after")
    def _schedule(self) -> Bilateral:
        if self.deliveries is not None:
            if sum(d.quantity for d in self.deliveries) != self.quantity:
                raise ValueError("the deliveries' quantities must add up to the contract quantity")
            dates = [d.date for d in self.deliveries]
            if dates != sorted(set(dates)):
                raise ValueError("delivery dates must be distinct and in order")
        return self


class Deliver(Command):
    op: Literal["deliver"]
    contract: Name | None = None
    as_of: date | None = None


class GreenPowerSettlement(Command):
    op: Literal["green_power_settlement"]
    seller: Name
    buyer: Name
    project: Name
    month: Month
    kwh: Annotated[int, Field(gt=0, le=10**15)]
    price: PowerPrice
    certificate_price: Price | None = None
    platform: Platform | None = None
    settlement: str | None = Field(default=None, max_length=64)


class AuctionOpen(Command):
    op: Literal["auction_open"]
    auction: Name
    platform: Platform
    closes: datetime


class Bid(Command):
    op: Literal["bid"]
    auction: Name
    account: Name
    quantity: Quantity
    price: Price


class Ask(Command):
    op: Literal["ask"]
    auction: Name
    account: Name
    quantity: Quantity
    price: Price
    project: Name | None = None
    month: Month | None = None


class AuctionClear(Command):
    op: Literal["auction_clear"]
    auction: Name


AnyCommand = Annotated[
    OpenAccount
    | UpdateAccount
    | CloseAccount
    | RegisterProject
    | Meter
    | MeterBatch
    | ReviewMeter
    | Issue
    | Transfer
    | Claim
    | Expire
    | Correct
    | Freeze
    | Unfreeze
    | List
    | Delist
    | Buy
    | Bilateral
    | Deliver
    | GreenPowerSettlement
    | AuctionOpen
    | Bid
    | Ask
    | AuctionClear,
    Field(discriminator="op"),
]
_ADAPTER: TypeAdapter[Any] = TypeAdapter(AnyCommand)
OPS = (
    "open_account",
    "update_account",
    "close_account",
    "register_project",
    "meter",
    "meter_batch",
    "review_meter",
    "issue",
    "transfer",
    "claim",
    "expire",
    "correct",
    "freeze",
    "unfreeze",
    "list",
    "delist",
    "buy",
    "bilateral",
    "deliver",
    "green_power_settlement",
    "auction_open",
    "bid",
    "ask",
    "auction_clear",
)


def parse_command(raw: Any) -> Command:
    """A JSON object → its command model, or InputError with a readable message."""
    if not isinstance(raw, dict):
        raise InputError("a command must be a JSON object", "invalid_command")
    op = raw.get("op")
    if op not in OPS:
        raise InputError(f"unknown op {op!r}", "unknown_op")
    try:
        cmd: Command = _ADAPTER.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "command"
        raise InputError(f"{op}: {where}: {first['msg']}", "invalid_command") from None
    return cmd


def canonical(cmd: Command) -> dict[str, Any]:
    """The command as plain JSON (aliases, ISO dates), for the journal."""
    data: dict[str, Any] = cmd.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data
