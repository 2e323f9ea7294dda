"""Project records (建档立卡, 第十条) with the tradability of their grid-fed electricity (第十四条)."""

from __future__ import annotations

from typing import TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.issuance import grid_is_tradable
from ..domain.refusals import projects as check
from .context import Ctx, open_account, refuse


class Registered(TypedDict):
    """A project registered (建档立卡, 第十条), and whether its grid power is tradable (第十四条)."""

    project: str
    grid_tradable: bool


def register(ctx: Ctx, cmd: c.RegisterProject) -> Registered:
    """Register a project of a seller account."""
    if repo.project(ctx.conn, cmd.project) is not None:
        raise refuse(f"项目已建档 project {cmd.project} already exists", "already_exists")
    check.owner_may_own(cmd.owner, open_account(ctx, cmd.owner).kind)
    check.commissioned_by(cmd.commissioned, ctx.today)
    tradable = grid_is_tradable(cmd.type, cmd.commissioned, cmd.fully_market, ctx.rules)
    pid = int(ctx.conn.execute(sa.select(sa.func.coalesce(sa.func.max(t.projects.c.pid), 0))).scalar_one()) + 1
    ctx.conn.execute(
        sa.insert(t.projects).values(
            project=cmd.project,
            pid=pid,
            owner=cmd.owner,
            name=cmd.name,
            type=cmd.type,
            province=cmd.province,
            capacity_kw=cmd.capacity_kw,
            commissioned=cmd.commissioned.isoformat(),
            fully_market=cmd.fully_market,
            grid_tradable=tradable,
            carry_t=0,
            carry_n=0,
        )
    )
    return {"project": cmd.project, "grid_tradable": tradable}
