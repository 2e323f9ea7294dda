"""Read a meter CSV (project,grid_kwh,self_kwh) for the bulk import path."""

from __future__ import annotations

import csv
from pathlib import Path

from policyhub.errors import InputError

from .registry import BatchRow


def _kwh(text: str, where: str) -> int | None:
    text = text.strip()
    if text == "":
        return None
    if not text.isdigit():
        raise InputError(f"{where}: kWh must be a whole non-negative number, got {text!r}", "invalid_csv")
    return int(text)


def read_meter_csv(path: Path) -> list[BatchRow]:
    """Rows of a CSV with header project,grid_kwh,self_kwh; InputError naming the line on any problem."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.reader(fh)
            header = [h.strip() for h in next(reader, [])]
            if header[:3] != ["project", "grid_kwh", "self_kwh"]:
                raise InputError(f"{path}: header must be project,grid_kwh,self_kwh", "invalid_csv")
            rows: list[BatchRow] = []
            for n, rec in enumerate(reader, 2):
                if not rec:
                    continue
                if len(rec) < 3 or not rec[0].strip():
                    raise InputError(f"{path}:{n}: expected project,grid_kwh,self_kwh", "invalid_csv")
                rows.append((rec[0].strip(), _kwh(rec[1], f"{path}:{n}"), _kwh(rec[2], f"{path}:{n}")))
    except FileNotFoundError:
        raise InputError(f"{path}: 文件不存在 no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: 无法读取 cannot read ({exc})") from None
    except csv.Error as exc:  # a field over csv.field_size_limit (128 KB), a NUL
        raise InputError(f"{path}: CSV 格式错误 the CSV is malformed ({exc})", "invalid_csv") from None
    if not rows:
        raise InputError(f"{path}: no readings", "invalid_csv")
    return rows
