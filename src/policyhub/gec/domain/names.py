"""Names callers give to what they create, kept apart from the codes the registry gives (第二十七条 查验)."""

from __future__ import annotations

from collections.abc import Iterable

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
        return [("project", row[0]) for row in cmd.checked_rows()]  # as stored: trimmed of any space
    return []


def check_project_names(projects: Iterable[str]) -> None:
    """A bulk 建档立卡's project names (CSV import or a `project_batch`), judged as `check_new_name` judges one."""
    _check(("project", name) for name in projects)


def check_new_name(cmd: c.Command) -> None:
    """Refuse a new name shaped like a certificate or claim code (`bad_input`); journaled names are not re-judged."""
    _check(created_names(cmd))


def _check(named: Iterable[tuple[str, str]]) -> None:
    for field, name in named:
        if code_shaped(name):
            raise InputError(
                f"名称不得采用绿证或声明编码的形式 {field} {name!r} looks like a registry code (GEC…/GECC… followed by "
                "digits): codes are the registry's to give; choose another name",
                "bad_input",
            )
