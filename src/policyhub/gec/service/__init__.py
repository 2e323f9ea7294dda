"""Command handlers: one function per op, dispatched by `handle`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..domain import commands as c
from . import (
    account_changes,
    accounts,
    auctions,
    bilateral,
    correct,
    issue,
    listings,
    mandates,
    meter,
    movements,
    project_batch,
    project_transfer,
    projects,
    tokens,
)
from .context import Ctx

# Each handler's answer is a TypedDict of its own module (Issued, Claimed, Bought, …): the op's fields of the result.
Handler = Callable[[Ctx, Any], Mapping[str, object]]

HANDLERS: dict[str, Handler] = {
    "open_account": mandates.open_through_platform,  # accounts.open_, plus the opening platform's mandate
    "update_account": accounts.update,
    "approve_account_change": account_changes.approve,
    "reject_account_change": account_changes.reject,
    "close_account": accounts.close,
    "freeze": accounts.freeze,
    "unfreeze": accounts.unfreeze,
    "register_project": projects.register,
    "project_batch": lambda ctx, _cmd: project_batch.batch(ctx),
    "meter": meter.meter,
    "review_meter": meter.review,
    "meter_batch": lambda ctx, cmd: meter.batch(ctx, cmd.month, cmd.source),
    "issue": issue.issue,
    "transfer": movements.transfer,
    "claim": movements.claim,
    "expire": movements.expire,
    "correct": correct.correct,
    "list": listings.list_,
    "delist": listings.delist,
    "buy": listings.buy,
    "bilateral": bilateral.bilateral,
    "deliver": bilateral.deliver,
    "green_power_settlement": bilateral.green_power_settlement,
    "auction_open": auctions.open_,
    "bid": auctions.bid,
    "ask": auctions.ask,
    "auction_clear": auctions.clear,
    "grant_token": tokens.grant,
    "revoke_token": tokens.revoke,
    "mandate": mandates.mandate,
    "revoke_mandate": mandates.revoke,
    "transfer_project": project_transfer.transfer_project,
}


def creation_key(cmd: c.Command, logged: Mapping[str, Any]) -> str | None:
    """The name of what a command creates: the same name twice is done once (safe retries).

    The caller chooses it, or, for a bulk 建档立卡, it is the rows' digest (the same file twice is imported once).
    """
    if isinstance(cmd, c.OpenAccount):
        return f"account:{cmd.account}"
    if isinstance(cmd, c.RegisterProject):
        return f"project:{cmd.project}"
    if isinstance(cmd, c.ProjectBatch):
        return f"project_batch:{logged['rows_sha256']}"
    if isinstance(cmd, c.Claim) and cmd.claim is not None:
        return f"claim:{cmd.claim}"
    if isinstance(cmd, c.List):
        return f"listing:{cmd.listing}"
    if isinstance(cmd, c.AuctionOpen):
        return f"auction:{cmd.auction}"
    if isinstance(cmd, c.Bilateral) and cmd.contract is not None:
        return f"contract:{cmd.contract}"
    return None


def handle(ctx: Ctx, cmd: c.Command) -> Mapping[str, object]:
    """Run the handler of a command's op."""
    op: str = getattr(cmd, "op")  # noqa: B009 - every concrete command has `op`
    mandates.check_acting_platform(ctx, cmd)  # 第八条: a platform acts for an account only under its mandate
    return HANDLERS[op](ctx, cmd)
