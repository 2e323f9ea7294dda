"""Issuance into an account (第十三条) and by corrections (第三十二条), for an account statement.

A month's issuance gives each project's certificates to its owner at that moment. A project changes owner only by
`transfer_project` (journaled), so the account's issuance is that of the projects it owns now and never gave
away, plus that of each project it owned for a while, between the entries that moved it.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa

from .adapters import tables as t
from .domain.issuance import NON_TRADABLE, TRADABLE
from .journal_ops import rare_entries
from .statement_sources import Keyed, Movement, Period, Totals, add_total

_j, _i, _p = t.journal.c, t.issuance.c, t.projects.c
_KINDS = {"issue": "issued", "correct": "corrected"}
_NEVER = 2**62  # an owner window still open


def owner_windows(conn: sa.Connection, account: str) -> tuple[set[str], list[tuple[str, int, int]]]:
    """Projects that ever changed owner, and each (project, after entry, before entry) in which `account` held one."""
    moves: dict[str, list[tuple[int, str, str]]] = {}
    for r in rare_entries(conn, ("transfer_project",)):
        res = json.loads(r.result)
        moves.setdefault(str(res["project"]), []).append((int(r.seq), str(res["from"]), str(res["to"])))
    windows: list[tuple[str, int, int]] = []
    for project, steps in moves.items():
        start, owner = 0, steps[0][1]
        for seq, _, to in steps:
            if owner == account:
                windows.append((project, start, seq))
            start, owner = seq, to
        if owner == account:
            windows.append((project, start, _NEVER))
    return set(moves), windows


def issuance(conn: sa.Connection, p: Period, totals: Totals) -> list[Keyed]:
    """Certificates issued to the account up to the period's end; totals added, the period's movements returned."""
    months = sorted({json.loads(r.command)["month"] for r in rare_entries(conn, ("issue", "correct"), p.last)})
    if not months:
        return []
    moved, windows = owner_windows(conn, p.account)
    owned = sa.select(_p.project).where(_p.owner == p.account)
    if moved:
        owned = owned.where(_p.project.not_in(sorted(moved)))
    held: list[sa.ColumnElement[bool]] = [_i.project.in_(owned)]
    held += [sa.and_(_i.project == proj, _i.entry > after, _i.entry < before) for proj, after, before in windows]
    certs = sa.func.sum
    q = (
        sa.select(
            _i.entry,
            _j.at,
            _j.op,
            _i.month,
            certs(sa.case((_i.kind == TRADABLE, _i.certs), else_=0)).label("tradable"),
            certs(sa.case((_i.kind == NON_TRADABLE, _i.certs), else_=0)).label("non_tradable"),
            sa.func.count(sa.distinct(_i.project)).label("projects"),
        )
        .join(t.journal, _j.seq == _i.entry)
        # The months first: the issuance key is (month, project, …), so each of the account's projects is a seek.
        .where(_i.month.in_(months), _i.certs > 0, sa.or_(*held), sa.func.substr(_j.at, 1, 7) <= p.last)
        .group_by(_i.entry, _j.at, _j.op, _i.month)
        .order_by(_i.entry)
    )
    out: list[Keyed] = []
    for r in conn.execute(q):
        kind = _KINDS[str(r.op)]
        quantity = int(r.tradable) + int(r.non_tradable)
        side = p.side(str(r.at)[:7])
        add_total(totals, kind, side, quantity)
        if side == 0:
            out.append(((r.at, int(r.entry)), _movement(r, kind, quantity)))
    return out


def _movement(r: Any, kind: str, quantity: int) -> Movement:
    return {
        "entry": int(r.entry),
        "at": r.at,
        "kind": kind,
        "quantity": quantity,
        "month": r.month,
        "tradable": int(r.tradable),
        "non_tradable": int(r.non_tradable),
        "projects": int(r.projects),
    }
