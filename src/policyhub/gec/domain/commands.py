"""Command models: one pydantic model per op of `policyhub gec apply` (validated at the edge)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from policyhub.errors import InputError

from . import claim_fields
from .bulk_commands import ProjectBatch
from .claim_fields import Claim
from .command_base import (
    CapacityKw,
    Command,
    IdDoc,
    Kwh,
    MonthCommand,
    Name,
    ProjectType,
    Quantity,
    StrictBool,
    Text64,
    Text200,
    Text500,
    forbidden_text,
)
from .provinces import Province
from .token_commands import GrantToken, RevokeToken
from .trading_commands import (
    Ask,
    AuctionClear,
    AuctionOpen,
    Bid,
    Bilateral,
    Buy,
    Delist,
    Deliver,
    Delivery,
    GreenPowerSettlement,
    List,
)
from .trust_commands import Mandate, RevokeMandate, TransferProject

__all__ = [
    "OPS",
    "AnyCommand",
    "ApproveAccountChange",
    "Ask",
    "AuctionClear",
    "AuctionOpen",
    "Bid",
    "Bilateral",
    "Buy",
    "Claim",
    "CloseAccount",
    "Command",
    "Correct",
    "Delist",
    "Deliver",
    "Delivery",
    "Expire",
    "Freeze",
    "GreenPowerSettlement",
    "Issue",
    "Kwh",
    "List",
    "Mandate",
    "Meter",
    "MeterBatch",
    "MeterRow",
    "MonthCommand",
    "Name",
    "OpenAccount",
    "ProjectBatch",
    "ProjectType",
    "Quantity",
    "RegisterProject",
    "RejectAccountChange",
    "ReviewMeter",
    "RevokeMandate",
    "Transfer",
    "TransferProject",
    "Unfreeze",
    "UpdateAccount",
    "canonical",
    "parse_command",
]


class OpenAccount(Command):
    op: Literal["open_account"]
    account: Name
    kind: Literal["seller", "buyer", "provincial", "special"]
    name: Text200
    id_doc: IdDoc | None = None
    province: Province | None = None
    gec_only_pledge: StrictBool = False


class UpdateAccount(Command):
    op: Literal["update_account"]
    account: Name
    name: Text200 | None = None
    id_doc: IdDoc | None = None
    province: Province | None = None
    gec_only_pledge: StrictBool | None = None


class CloseAccount(Command):
    op: Literal["close_account"]
    account: Name


class RegisterProject(Command):
    op: Literal["register_project"]
    project: Name
    owner: Name
    name: Text200
    type: ProjectType
    province: Province
    capacity_kw: CapacityKw
    commissioned: date
    fully_market: StrictBool = False


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
    approve: StrictBool
    note: Text500 | None = None


class Issue(MonthCommand):
    op: Literal["issue"]


class Transfer(MonthCommand):
    op: Literal["transfer"]
    from_: Name = Field(alias="from")
    to: Name
    project: Name
    quantity: Quantity
    settlement: Text64 | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Expire(Command):
    op: Literal["expire"]
    as_of: date | None = None


class Correct(MonthCommand):
    op: Literal["correct"]
    project: Name
    grid_kwh: Kwh
    self_kwh: Kwh
    reason: Text500


class ApproveAccountChange(Command):
    """第十二条: the operator approves a pending change of name or identity document."""

    op: Literal["approve_account_change"]
    account: Name


class RejectAccountChange(Command):
    op: Literal["reject_account_change"]
    account: Name
    reason: Text500 | None = None


class Freeze(Command):
    op: Literal["freeze"]
    account: Name
    reason: Text500


class Unfreeze(Command):
    op: Literal["unfreeze"]
    account: Name
    reason: Text500 | None = None


AnyCommand = Annotated[
    OpenAccount
    | UpdateAccount
    | ApproveAccountChange
    | RejectAccountChange
    | CloseAccount
    | RegisterProject
    | ProjectBatch
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
    | AuctionClear
    | GrantToken
    | RevokeToken
    | Mandate
    | RevokeMandate
    | TransferProject,
    Field(discriminator="op"),
]
# cast: mypy stops reading a union this long as a type (30+ members), pydantic reads it fine.
_ADAPTER: TypeAdapter[Any] = TypeAdapter(cast(Any, AnyCommand))
OPS = (
    "open_account",
    "update_account",
    "approve_account_change",
    "reject_account_change",
    "close_account",
    "register_project",
    "project_batch",
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
    "grant_token",
    "revoke_token",
    "mandate",
    "revoke_mandate",
    "transfer_project",
)


def parse_command(raw: Any) -> Command:
    """A JSON object → its command model, or InputError with a readable message."""
    if not isinstance(raw, dict):
        raise InputError("每条指令须为 JSON 对象 a command must be a JSON object", "invalid_command")
    op = raw.get("op")
    if op not in OPS:
        raise InputError(f"未知指令 unknown op {op!r}", "unknown_op")
    if op == "claim":
        claim_fields.check(raw)  # its purpose, province and site are refused as bad_input (issue 29's contract)
    bad = forbidden_text(raw)
    if bad is not None:
        raise InputError(
            f"文字不得含控制字符或双向覆盖字符 {op}: {bad}: text may not contain control or bidirectional-override "
            "characters",
            "invalid_command",
        )
    try:
        cmd: Command = _ADAPTER.validate_python(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"][1:]) or "command"
        what = "缺少字段 missing field" if first["type"] == "missing" else "字段有误 invalid field"
        raise InputError(f"指令{what} {op}: {where}: {first['msg']}", "invalid_command") from None
    return cmd


def canonical(cmd: Command) -> dict[str, Any]:
    """The command as plain JSON (aliases, ISO dates), for the journal."""
    data: dict[str, Any] = cmd.model_dump(mode="json", by_alias=True, exclude_none=True)
    return data
