"""Trust-boundary command models: platform mandates (第七条–第八条) and moving a project between accounts."""

from __future__ import annotations

from typing import Literal

from .command_base import Command, Name, Platform


class Mandate(Command):
    """An account lets a platform act for it (list, delist, buy, bilateral, bid, ask) until revoked."""

    op: Literal["mandate"]
    account: Name
    platform: Platform


class RevokeMandate(Command):
    """The account withdraws a platform's mandate: the platform no longer acts for it."""

    op: Literal["revoke_mandate"]
    account: Name
    platform: Platform


class TransferProject(Command):
    """The operator moves a project to another account of the same entity; later issuance goes there."""

    op: Literal["transfer_project"]
    project: Name
    to: Name
