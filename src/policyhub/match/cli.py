"""`policyhub match PROFILE.json [--as-of D] [--format text|json|ics]` and `policyhub match calls --format json`."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from policyhub.cliutil import read_json
from policyhub.errors import InputError
from policyhub.match import catalog, render
from policyhub.match.service import run

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, help="政策匹配与申报日历 policy match.")


class Format(StrEnum):
    text = "text"
    json = "json"
    ics = "ics"


def read_profile(path: Path) -> Any:
    """The profile file as JSON (a UTF-8 BOM is accepted)."""
    return read_json(path)


def _out(data: bytes | str) -> None:
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
    else:
        sys.stdout.write(data if data.endswith("\n") else data + "\n")


@app.command("match")
def main(
    profile: str = typer.Argument(
        ...,
        metavar="PROFILE.json|calls",
        help="档案文件；或 calls 列出全部申报与义务 a profile, or calls: every call and duty",
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="判定日期，默认北京时间今天 Date to judge on, YYYY-MM-DD (default today, Beijing time)"
    ),
    format: Format = typer.Option(Format.text, "--format", help="输出格式 Output format: text | json | ics"),
) -> None:
    """政策匹配：档案 → 每项申报与义务的条件（满足/不满足/未知）、条款与截止日期。

    Policy match: profile → each call's and duty's conditions (met / not met / unknown), clauses and deadlines.
    """
    if profile == "calls" and not Path(profile).is_file():
        # `policyhub match calls`: the catalogue itself, every call and duty as data.
        listing = catalog.listing()
        if format is Format.json:
            _out(json.dumps(listing, ensure_ascii=False, indent=2))
        elif format is Format.ics:
            raise InputError("calls 只有 text 或 json 格式 calls is listed as text or json")
        else:
            _out("\n".join(f"{c['id']}\t{c['doc']}\t{c['kind']}\t{c['title']}\t{c['who']}" for c in listing))
        return
    result = run(read_profile(Path(profile)), as_of)
    if format is Format.json:
        _out(json.dumps(result, ensure_ascii=False, indent=2))
    elif format is Format.ics:
        _out(render.ics(result))
    else:
        _out(render.text(result))
