"""Token grants and revocations: journal entries only (the token table is the access module's); audit compares."""

from __future__ import annotations

from typing import TypedDict

from ..domain import token_commands as tc
from .context import Ctx


class Granted(TypedDict):
    """An API token granted: its number, role and scope (its secret is never journaled, only its digest)."""

    token: int
    role: str
    account: str | None
    platform: str | None


class TokenRevoked(TypedDict):
    """An API token revoked."""

    token: int


def grant(ctx: Ctx, cmd: tc.GrantToken) -> Granted:
    """Record a grant: who may act from now on, and as whom."""
    return {"token": cmd.token, "role": cmd.role, "account": cmd.account, "platform": cmd.platform}


def revoke(ctx: Ctx, cmd: tc.RevokeToken) -> TokenRevoked:
    """Record a revocation."""
    return {"token": cmd.token}
