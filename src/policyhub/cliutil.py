"""Small helpers shared by every module's CLI: output formats and reading input files."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Any

from policyhub.errors import InputError


class Format(StrEnum):
    """Output formats most commands offer."""

    text = "text"
    json = "json"


def print_json(data: Any) -> None:
    """Print data as UTF-8 JSON (Chinese kept readable)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def read_text(path: Path) -> str:
    """An input file's UTF-8 text (a byte-order mark is dropped), or InputError naming the file and the problem."""
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"{path}：文件不存在 no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}：无法按 UTF-8 读取 cannot read as UTF-8 ({exc})") from None


def read_json(path: Path) -> Any:
    """Read a JSON input file, or raise InputError naming the file and the problem."""
    text = read_text(path)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise InputError(f"{path}：不是有效的 JSON not valid JSON ({where})") from None
