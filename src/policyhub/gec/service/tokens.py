"""Token grants and revocations: journal entries only (the token table is the access module's); audit compares."""

from __future__ import annotations

from typing import Any

from ..domain import token_commands as tc
from .context import Ctx


def grant(ctx: Ctx, cmd: tc.GrantToken) -> dict[str, Any]:
    """Record a grant: who may act from now on, and as whom."""
    return {"token": cmd.token, "role": cmd.role, "account": cmd.account, "platform": cmd.platform}


def revoke(ctx: Ctx, cmd: tc.RevokeToken) -> dict[str, Any]:
    """Record a revocation."""
    return {"token": cmd.token}
