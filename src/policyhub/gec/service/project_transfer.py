"""Moving a project to another account of the same entity (operator only): later issuance goes to the new owner.

The 资质中心 keeps the project records (第五条, 建档立卡 第十条); an entity that reorganises its accounts keeps its
projects, but a project never changes hands between entities here: certificates already issued stay where they are.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ..adapters import repository as repo
from ..adapters import tables as t
from ..domain import commands as c
from .context import Ctx, existing_project, open_account, refuse

# Account kinds that may own projects (第八条: projects belong to sellers), as register_project requires.
OWNER_KINDS = frozenset({"seller"})


def transfer_project(ctx: Ctx, cmd: c.TransferProject) -> dict[str, Any]:
    """Give a project a new owner account of the same entity (same id_doc): open and allowed to own projects."""
    proj = existing_project(ctx, cmd.project)
    if proj.owner == cmd.to:
        raise refuse(f"项目 {cmd.project} 已属于 {cmd.to} the project already belongs there", "same_owner")
    target = open_account(ctx, cmd.to)
    if target.kind not in OWNER_KINDS:
        raise refuse(
            f"项目只能属于卖方账户 {cmd.to} is a {target.kind} account; projects belong to sellers (第八条)",
            "not_seller",
        )
    old = repo.account(ctx.conn, str(proj.owner))
    if old is None or not old.id_doc or old.id_doc != target.id_doc:
        raise refuse(
            f"{cmd.to} 与 {proj.owner} 不是同一主体: {cmd.to} is not an account of {proj.owner}'s entity "
            "(the id_doc differs)",
            "different_entity",
        )
    q = sa.update(t.projects).where(t.projects.c.project == cmd.project)
    ctx.conn.execute(q.values(owner=cmd.to))
    return {"project": cmd.project, "from": proj.owner, "to": cmd.to}
