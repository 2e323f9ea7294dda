"""Moving a project to another account of the same entity (operator only): later issuance goes to the new owner.

The 资质中心 keeps the project records (第五条, 建档立卡 第十条); an entity that reorganises its accounts keeps its
projects, but a project never changes hands between entities here: certificates already issued stay where they are.
"""

from __future__ import annotations

from typing import TypedDict

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from ..domain.refusals import projects as check
from .context import Ctx, existing_project, open_account

# A project's new owner: who had it, who has it now. (`from` is a keyword: spelled as the contract has it.)
ProjectMoved = TypedDict("ProjectMoved", {"project": str, "from": str, "to": str})


def transfer_project(ctx: Ctx, cmd: c.TransferProject) -> ProjectMoved:
    """Give a project a new owner account of the same entity (same id_doc): open and allowed to own projects."""
    proj = existing_project(ctx, cmd.project)
    check.new_owner(cmd.project, proj.owner, cmd.to)
    target = open_account(ctx, cmd.to)
    check.receiver_may_own(cmd.to, target.kind)
    old = repo.account(ctx.conn, str(proj.owner))
    check.one_entity(proj.owner, cmd.to, None if old is None else old.id_doc, target.id_doc)
    q = sa.update(t.projects).where(t.projects.c.project == cmd.project)
    ctx.conn.execute(q.values(owner=cmd.to))
    return {"project": cmd.project, "from": proj.owner, "to": cmd.to}
