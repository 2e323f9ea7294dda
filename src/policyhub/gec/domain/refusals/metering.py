"""Metering data (第十六条–第十七条, 第三十二条): who submits it, for which months, how much, and its review."""

from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Sequence
from typing import TypeVar

from ..months import last_day, parse_month
from . import refuse

SHOWN = 20  # a refused batch names this many bad rows, then counts the rest
MAX_KWH = 10**15
NAME = re.compile(r"^[A-Za-z0-9_.:\-]{1,64}$")  # a project name as the command models accept it
T = TypeVar("T")


def after_commissioning(month: str, commissioned: str | None) -> None:
    """No data for a month that ended before the project was commissioned (`commissioned`: ISO date)."""
    if commissioned is not None and commissioned > last_day(month).isoformat():
        raise refuse(f"该月早于项目投产 month {month} is before commissioning ({commissioned})", "before_commissioning")


def owner_submits(project: str, owner: str, role: str | None, account: str | None) -> None:
    """第十七条: an account holder submits data for the projects its account owns, and only those."""
    if role == "account_holder" and account != owner:
        raise refuse(
            f"项目 {project} 属于 {owner}，不属于 {account} not your project: "
            "an account holder submits data for its own projects only",
            "not_project_owner",
        )


def some_reading(grid_kwh: int | None, self_kwh: int | None) -> None:
    """A reading gives grid-fed and/or self-consumed kWh (第十四条 tells them apart)."""
    if grid_kwh is None and self_kwh is None:
        raise refuse("电量数据须填写上网电量或自发自用电量 meter: give grid_kwh and/or self_kwh", "invalid_command")


def hours(month: str) -> int:
    """Hours of a calendar month (Beijing time has no daylight saving)."""
    y, m = parse_month(month)
    return monthrange(y, m)[1] * 24


def ceiling(capacity_kw: float, month: str, max_capacity_factor: float) -> int:
    """The most kWh a project of this capacity can produce in the month."""
    return int(capacity_kw * hours(month) * max_capacity_factor)


def plausible(
    project: str, capacity_kw: float, month: str, grid_kwh: int | None, self_kwh: int | None, factor: float
) -> None:
    """No reading above capacity × hours × rules.json `meter_plausibility.max_capacity_factor`."""
    total = (grid_kwh or 0) + (self_kwh or 0)
    top = ceiling(float(capacity_kw), month, factor)
    if total > top:
        raise refuse(
            f"{project} {month}: {total:,} kWh 超过装机容量 {capacity_kw:g} kW × {hours(month)} h "
            f"(at most {top:,} kWh) is more than the capacity can produce",
            "implausible_meter",
        )


def not_lowered(
    project: str, month: str, old: tuple[int | None, int | None], new: tuple[int | None, int | None]
) -> None:
    """第三十二条: an issued month's figures (grid, self) are lowered only by a correction with a reason."""
    if any(was is not None and (now is None or now < was) for was, now in zip(old, new, strict=True)):
        raise refuse(
            f"该月绿证已核发，调低电量须更正 {project} {month} is issued; lower figures need op 'correct'",
            "needs_correction",
        )


def owner_data(project: str, month: str, row: T | None) -> T:
    """第十七条: what is reviewed is the data the owner submitted (`row`, None when there is none)."""
    if row is None:
        raise refuse(f"无业主提交的电量数据 no owner-submitted data for {project} {month}", "no_owner_data")
    return row


def review_order(stage: str, status: str) -> None:
    """第十七条: 初核 of submitted data, then 复核 of data that passed it."""
    expected = "submitted" if stage == "initial" else "initial_ok"
    if status != expected:
        raise refuse(f"审核顺序不符 {stage} review needs status {expected}, data is {status}", "review_order")


def segregated(stage: str, who: str, submitted_by: str | None, initial_by: str | None) -> None:
    """第十七条 segregation of duties: the submitter reviews none of its data; 复核 is not by whoever did 初核.

    Actors are role:token:scope; the operator's local tool is the one actor operator:local.
    """
    if submitted_by is not None and who == submitted_by:
        raise refuse(f"提交数据者不得审核 {who} submitted this owner data and may not review it", "own_submission")
    if stage == "final" and initial_by is not None and who == initial_by:
        why = f"初核与复核须由不同主体 {who} made the initial check; the final review needs another reviewer"
        raise refuse(why, "same_reviewer")


def _more(count: int) -> str:
    return f"; and {count - SHOWN} more" if count > SHOWN else ""


def some_rows(count: int) -> None:
    """A meter batch holds readings."""
    if not count:
        raise refuse("批量电量数据为空 meter_batch: no rows", "invalid_command")


def readings_well_formed(rows: Sequence[tuple[object, object, object]]) -> None:
    """Each row of a meter batch: a project name, and grid and/or self kWh as whole numbers in 0…10^15."""
    wrong = [
        f"row {n}: bad reading {project!r} {grid!r} {self_!r}"
        for n, (project, grid, self_) in enumerate(rows, 1)
        if not isinstance(project, str)
        or not NAME.match(project)
        or (grid is None and self_ is None)
        or any(v is not None and not (type(v) is int and 0 <= v <= MAX_KWH) for v in (grid, self_))
    ]
    if wrong:
        shown = "; ".join(wrong[:SHOWN])
        more = _more(len(wrong))
        raise refuse(f"批量电量数据有错误行 meter_batch: {len(wrong)} bad rows: {shown}{more}", "invalid_command")


def batch_projects_known(problems: Sequence[tuple[int, str, bool]]) -> None:
    """A batch's rows (line, project, known) whose project is unknown or commissioned after the month."""
    if problems:
        named = "; ".join(
            f"row {line} {project}: {'month before commissioning' if known else 'unknown project'}"
            for line, project, known in problems[:SHOWN]
        )
        raise refuse(
            f"批量电量数据中有项目不存在或早于投产 meter_batch: {named}{_more(len(problems))}",
            "before_commissioning" if problems[0][2] else "unknown_project",
        )


def batch_plausible(month: str, bad: Sequence[tuple[int, str, int, int]]) -> None:
    """A batch's rows (line, project, total kWh, ceiling) above their project's ceiling, all named."""
    if bad:
        shown = "; ".join(f"row {line} {project}: {total:,} kWh > {top:,}" for line, project, total, top in bad[:SHOWN])
        raise refuse(
            f"meter_batch {month}: {len(bad)} 行电量超过装机容量可发电量 rows above capacity × hours: {shown}"
            f"{_more(len(bad))}",
            "implausible_meter",
        )


def batch_once_each(repeated: str | None) -> None:
    """A batch gives each project's month once (`repeated`: a project named twice, if any)."""
    if repeated is not None:
        raise refuse(f"批量电量数据中项目重复 meter_batch: {repeated} appears twice", "duplicate_row")


def batch_not_lowered(month: str, lowered: str | None) -> None:
    """第三十二条 for a batch: `lowered` names a project whose issued figures the batch would lower."""
    if lowered is not None:
        raise refuse(
            f"该月绿证已核发，调低电量须更正 meter_batch: {lowered} {month} is issued; lower figures need op 'correct'",
            "needs_correction",
        )
