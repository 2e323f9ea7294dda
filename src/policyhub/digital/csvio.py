"""The batch CSV layout: one row per firm, turned into the same JSON the assess command reads."""

from __future__ import annotations

import re
from typing import Any

from policyhub.digital.catalog import Catalog
from policyhub.errors import InputError
from policyhub.spreadsheets import BATCH, csv_rows

SEPARATORS = re.compile(r"[;；|、\s]+")
QUESTION = re.compile(r"^[Qq]?(\d+)$")
RAW_FIELD = re.compile(r"^[Qq]?(\d+)\.(\w+)$")


def _cell_list(cell: str) -> list[Any]:
    return [int(p) if p.isdigit() else p for p in SEPARATORS.split(cell.strip()) if p]


def _column(header: str, catalog: Catalog) -> tuple[str, Any]:
    """What a header names: ("firm",), ("q", n), ("raw", (n, field)) or ("scenario", name)."""
    h = header.strip()
    if h.lower() in ("firm", "name", "企业", "企业名称"):
        return "firm", None
    if m := QUESTION.match(h):
        return "q", int(m.group(1))
    if m := RAW_FIELD.match(h):
        return "raw", (int(m.group(1)), m.group(2))
    name = h.replace("*", "").replace(" ", "")
    if name in catalog.scenarios:
        return "scenario", name
    raise InputError(
        f"CSV 列 {header!r} 无法识别 CSV column {header!r}："
        "应为 firm、Q1..Q15、Q<n>.<字段>（原始数据）或 16 个场景名之一"
    )


def rows_from_csv(text: str, catalog: Catalog) -> list[tuple[str, dict[str, Any]]]:
    """Each row as (firm name, contract JSON); cells are validated later by parse_firm, per firm."""
    return _rows([row for _, row in csv_rows(text.lstrip("\ufeff"), BATCH, "invalid_input", strict=True)], catalog)


def _rows(lines: list[list[str]], catalog: Catalog) -> list[tuple[str, dict[str, Any]]]:
    reader = iter(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("CSV 为空 CSV is empty：应有表头行（firm、Q1..Q15、场景名）") from None
    columns = [_column(h, catalog) for h in header]
    out = []
    for row_no, row in enumerate(reader, start=2):
        if not any(c.strip() for c in row):
            continue
        name = f"row {row_no}"
        answers: dict[str, Any] = {}
        raw: dict[int, dict[str, str]] = {}
        scenarios: dict[str, Any] = {}
        for (kind, key), cell in zip(columns, row, strict=False):
            cell = cell.strip()
            if kind == "firm" and cell:
                name = cell
            elif kind == "q" and cell:
                multi = key in catalog.questions and catalog.questions[key].multi
                values = _cell_list(cell)
                answers[str(key)] = values if multi else (values[0] if len(values) == 1 else cell)
            elif kind == "raw" and cell:
                raw.setdefault(key[0], {})[key[1]] = cell
            elif kind == "scenario" and cell:
                scenarios[key] = _cell_list(cell)
        for number, fields in raw.items():
            if str(number) not in answers:  # an option given in Q<n> wins over raw columns
                answers[str(number)] = fields
        out.append((name, {"firm": name, "answers": answers, "scenarios": scenarios}))
    return out
