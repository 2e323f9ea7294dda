"""Names callers give to what they create, kept apart from the codes the registry gives (第二十七条 查验)."""

from __future__ import annotations

from policyhub.errors import InputError

from . import commands as c
from .codes import code_shaped


def created_names(cmd: c.Command) -> list[tuple[str, str]]:
    """(field, name) of every caller-chosen name a command creates."""
    if isinstance(cmd, c.OpenAccount):
        return [("account", cmd.account)]
    if isinstance(cmd, c.RegisterProject):
        return [("project", cmd.project)]
    if isinstance(cmd, c.Claim) and cmd.claim is not None:
        return [("claim", cmd.claim)]
    if isinstance(cmd, c.List):
        return [("listing", cmd.listing)]
    if isinstance(cmd, c.AuctionOpen):
        return [("auction", cmd.auction)]
    if isinstance(cmd, c.Bilateral) and cmd.contract is not None:
        return [("contract", cmd.contract)]
    if isinstance(cmd, c.ProjectBatch):
        return [("project", str(row.get("project"))) for row in cmd.rows if isinstance(row, dict)]
    return []


def check_new_name(cmd: c.Command) -> None:
    """Refuse a new name shaped like a certificate or claim code (`bad_input`); journaled names are not re-judged."""
    for field, name in created_names(cmd):
        if code_shaped(name):
            raise InputError(
                f"名称不得采用绿证或声明编码的形式 {field} {name!r} looks like a registry code (GEC…/GECC… followed by "
                "digits): codes are the registry's to give; choose another name",
                "bad_input",
            )
