"""Project records (建档立卡, 第八条, 第十条): whose projects they are, when they began, and a batch of them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from policyhub.errors import InputError

from ..bulk_commands import SHOWN
from ..project_rows import ProjectRow
from . import refuse

# Account kinds that may own projects (第八条: projects belong to sellers).
OWNER_KINDS = frozenset({"seller"})


class RowsRefused(InputError):
    """Bad rows of a batch: the refusal names every one (row number in the batch, reason)."""

    def __init__(self, code: str, rows: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"row {n}: {why}" for n, why in rows[:SHOWN])
        more = f"; and {len(rows) - SHOWN} more" if len(rows) > SHOWN else ""
        super().__init__(f"project_batch：{len(rows)} 行被拒绝 {len(rows)} rows refused: {shown}{more}", code)
        self.rows = [{"row": n, "reason": why} for n, why in rows]


def owner_may_own(owner: str, kind: str) -> None:
    """第八条: a project is registered to a seller account."""
    if kind not in OWNER_KINDS:
        raise refuse(
            f"项目只能属于卖方账户 owner {owner} is a {kind} account; projects belong to sellers (第八条)",
            "not_seller",
        )


def commissioned_by(commissioned: date, today: date) -> None:
    """A project is recorded once it runs: its commissioning date is not in the future."""
    if commissioned > today:
        raise refuse(f"投产日期晚于今日 commissioning date {commissioned} is after {today.isoformat()}", "future_date")


def new_owner(project: str, owner: str, to: str) -> None:
    """A project moves to another account, not to the one that has it."""
    if owner == to:
        raise refuse(f"项目 {project} 已属于 {to} the project already belongs there", "same_owner")


def receiver_may_own(to: str, kind: str) -> None:
    """第八条: a project moves only to a seller account."""
    if kind not in OWNER_KINDS:
        raise refuse(
            f"项目只能属于卖方账户 {to} is a {kind} account; projects belong to sellers (第八条)",
            "not_seller",
        )


def one_entity(owner: str, to: str, owner_doc: str | None, to_doc: str | None) -> None:
    """A project stays with its entity (第五条 / 第十条): the new account has the old owner's identity document."""
    if not owner_doc or owner_doc != to_doc:
        raise refuse(
            f"{to} 与 {owner} 不是同一主体: {to} is not an account of {owner}'s entity (the id_doc differs)",
            "different_entity",
        )


def some_projects(count: int) -> None:
    """A bulk 建档立卡 holds rows."""
    if not count:
        raise RowsRefused("invalid_command", [(0, "没有项目 no rows")])


def row_problems(
    rows: Sequence[ProjectRow], today: str, owners: Mapping[str, tuple[str, str]]
) -> list[tuple[int, str, str]]:
    """(row, reason, code) for repeated names, future dates, and owners (`owners`: name → (kind, status)) that
    are not open seller accounts (第八条, 第十二条)."""
    out: list[tuple[int, str, str]] = []
    if len({r[0] for r in rows}) != len(rows):
        first: dict[str, int] = {}
        for n, row in enumerate(rows, 1):
            seen = first.setdefault(row[0], n)
            if seen != n:
                out.append((n, f"project {row[0]} 与第 {seen} 行重复 duplicates row {seen}", "duplicate_row"))
    if max(r[6] for r in rows) > today:
        out += [(n, f"投产日期晚于今日 commissioning date {r[6]} is after {today}", "future_date")
                for n, r in enumerate(rows, 1) if r[6] > today]  # fmt: skip
    names = {r[1] for r in rows}
    if len(owners) == len(names) and all(found == ("seller", "open") for found in owners.values()):
        return sorted(out)
    for n, row in enumerate(rows, 1):
        kind, status = owners.get(row[1], (None, None))
        if kind is None:
            out.append((n, f"账户不存在 no account {row[1]!r}", "unknown_account"))
        elif kind not in OWNER_KINDS:
            out.append((n, f"{row[1]} 是 {kind} 账户，项目属于卖方 projects belong to sellers (第八条)", "not_seller"))
        elif status == "closed":
            out.append((n, f"账户 {row[1]} 已注销 account is closed", "account_closed"))
    return sorted(out)


def rows_refused(problems: list[tuple[int, str, str]], registered: list[tuple[int, str]]) -> None:
    """Refuse a batch with problems, naming every bad row (and those naming a project already registered)."""
    if problems:
        bad = sorted([*problems, *((n, why, "already_exists") for n, why in registered)])
        raise RowsRefused(bad[0][2], [(n, why) for n, why, _ in bad])


def already_registered(rows: Sequence[ProjectRow], known: set[str]) -> list[tuple[int, str]]:
    """Rows naming a project that is already registered (`known`: those of the rows' names the registry has)."""
    return [(n, f"项目 {r[0]} 已建档 project already exists") for n, r in enumerate(rows, 1) if r[0] in known]
