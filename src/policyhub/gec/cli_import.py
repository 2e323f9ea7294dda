"""Bulk commands of `policyhub gec`: a month's meter data and a file of projects (建档立卡), one journal entry each."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, cast

import typer

from policyhub.cliutil import Format, print_json, read_text
from policyhub.errors import InputError

from .cli_options import DbOpt, FormatOpt, console, open_registry
from .domain.project_rows import read_csv

if TYPE_CHECKING:
    from .service.meter import Imported
    from .service.project_batch import ProjectsImported


def import_meter(
    file: Annotated[Path, typer.Argument(help="带表头的 CSV 文件 CSV with header project,grid_kwh,self_kwh.")],
    month: Annotated[str, typer.Option("--month", help="电量生产月份 Production month, e.g. 2024-08.")],
    at: Annotated[str | None, typer.Option("--at", help="逻辑时间 Logical time (ISO), default now.")] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """批量导入电量数据 bulk import of a month's grid data: one journal entry holding the rows' digest."""
    from .csvimport import read_meter_csv

    rows = read_meter_csv(file)
    when = None
    if at is not None:
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise InputError(f"--at {at!r} 不是 ISO 日期时间 is not an ISO date-time") from None
    with open_registry(db, create=True) as reg:
        result = reg.import_meter(month, rows, at=when)
    if not result["ok"]:
        raise InputError(result["error"]["message"], result["error"]["code"])
    if fmt is Format.json:
        print_json(result)
    else:
        count, entry = cast("Imported", result)["rows"], result["entry"]  # an applied meter_batch's fields
        console.print(f"已导入 {month} 电量 {count} 条 imported {count} readings（日志条目 journal entry {entry}）")


def import_projects(
    file: Annotated[
        Path,
        typer.Argument(
            help="项目 CSV 文件 CSV: project,owner,name,type,province,capacity_kw,commissioned,fully_market."
        ),
    ],
    at: Annotated[
        str | None,
        typer.Option("--at", help="逻辑时间（ISO，带时区），默认现在 Logical time (ISO with offset), default now."),
    ] = None,
    db: DbOpt = None,
    fmt: FormatOpt = Format.text,
) -> None:
    """批量建档立卡 bulk project registration: every row checked, all imported in one journal entry, or none."""
    rows, lines, bad = read_csv(read_text(file))
    when = _iso_at(at)
    if not bad:
        with open_registry(db, create=True) as reg:
            result = reg.import_projects(rows, at=when)
        if result["ok"]:
            if fmt is Format.json:
                print_json(result)
            else:
                imported = cast("ProjectsImported", result)["imported"]  # an applied project_batch's fields
                console.print(
                    f"已建档 {imported} 个项目 imported {imported} projects（日志条目 journal entry {result['entry']}）"
                )
            return
        found = result["error"].get("rows")
        if found is None:
            raise InputError(result["error"]["message"], result["error"]["code"])
        bad = [(lines[r["row"] - 1] if 0 < r["row"] <= len(lines) else 0, r["reason"]) for r in found]
    _refuse_rows(file, bad, fmt)


def _iso_at(at: str | None) -> datetime | None:
    if at is None:
        return None
    try:
        when = datetime.fromisoformat(at)
    except ValueError:
        raise InputError(f"--at {at!r} 不是 ISO 日期时间 is not an ISO date-time") from None
    if when.tzinfo is None:
        raise InputError(f"--at {at!r} 须带时区 needs an offset, e.g. {at}+08:00", "invalid_at")
    return when


def _refuse_rows(file: Path, bad: list[tuple[int, str]], fmt: Format) -> None:
    """Every bad line with its reason; nothing was imported; exit 2."""
    if fmt is Format.json:
        print_json({"ok": False, "imported": 0, "errors": [{"line": n, "reason": why} for n, why in bad]})
    else:
        for n, why in bad:
            sys.stderr.write(f"{file}:{n}: {why}\n")
    raise InputError(f"{file}：{len(bad)} 行有误，未导入任何项目 {len(bad)} bad rows, nothing imported", "invalid_csv")


def register(app: typer.Typer) -> None:
    """Add this module's commands to `policyhub gec`."""
    app.command("import-meter")(import_meter)
    app.command("import-projects")(import_projects)
