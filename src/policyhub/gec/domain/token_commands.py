"""API token grants and revocations as journal entries, so that audit can hold the token table to them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictInt

from .command_base import Command, Name, Platform

TokenId = Annotated[StrictInt, Field(ge=1)]


class GrantToken(Command):
    """A token was created (`policyhub admin token create`): its id, role, scope and the digest stored."""

    op: Literal["grant_token"]
    token: TokenId
    role: Annotated[str, Field(pattern=r"^[a-z_]{1,32}$")]
    account: Name | None = None
    platform: Platform | None = None
    sha256: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]


class RevokeToken(Command):
    """A token was revoked."""

    op: Literal["revoke_token"]
    token: TokenId
