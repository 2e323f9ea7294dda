"""A firm's electricity use by site and month (CSV, XLSX or JSON rows) read within budget, every bad cell named."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from policyhub import limits
from policyhub.errors import InputError
from policyhub.gec.domain.months import parse_month
from policyhub.gec.domain.provinces import normalise
from policyhub.spreadsheets import Caps, Rows, find_columns, sheet_rows, too_many_columns, too_many_rows

CODE = "bad_use_file"
CAPS = Caps(limits.USE_ROWS, limits.REGISTER_COLUMNS, limits.USE_CELLS)
# Canonical column → the headers firms write (compared without spaces, case or a bracketed unit such as （千瓦时）).
COLUMNS: dict[str, tuple[str, ...]] = {
    "site": ("site", "场站", "厂区", "站点", "用电单位", "用能单位"),
    "province": ("province", "省份", "所在省份", "省"),
    "month": ("month", "月份", "用电月份"),
    "kwh": ("kwh", "用电量", "电量"),
    "green_trade_kwh": ("green_trade_kwh", "绿电交易电量", "绿色电力交易电量"),
    "product": ("product", "产品"),
    "output": ("output", "产量"),
    "output_unit": ("output_unit", "产量单位", "单位"),
}
REQUIRED = ("site", "province", "month", "kwh")
LABELS = {"site": "场站", "province": "省份", "month": "月份", "kwh": "用电量", "green_trade_kwh": "绿电交易电量",
          "product": "产品", "output": "产量", "output_unit": "产量单位"}  # fmt: skip
MAX_KWH = Decimal("1e13")  # 10 TWh a site-month: more than any plant; a larger figure is a typo
MAX_TEXT = 100
SHOWN_ERRORS = 20


@dataclass(frozen=True)
class UseRow:
    """One row: a site's electricity in one month (optionally the part for one product and that product's output)."""

    line: int
    site: str
    province: str
    month: str
    kwh: Decimal
    green_trade_kwh: Decimal = Decimal(0)
    product: str | None = None
    output: Decimal | None = None
    output_unit: str | None = None


def column_map(headers: list[str]) -> dict[str, int]:
    """Canonical column → its index; site, province, month and kwh are required."""
    found = find_columns(headers, COLUMNS)
    missing = [f"{c}（{LABELS[c]}）" for c in REQUIRED if c not in found]
    if missing:
        raise InputError(f"第1行 row 1: 缺少列 missing column {', '.join(missing)}；表头应为 the header is "
                         "site,province,month,kwh[,green_trade_kwh,product,output,output_unit]", CODE)  # fmt: skip
    return found


def _text(value: Any) -> str:
    text = str(value).strip()
    if not 1 <= len(text) <= MAX_TEXT or any(unicodedata.category(ch) == "Cc" for ch in text):
        raise ValueError(f"应为 1–{MAX_TEXT} 个字符且无控制字符 must be 1–{MAX_TEXT} characters, no control characters")
    return text


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise ValueError
    try:
        number = Decimal(str(value).replace(",", "").strip()) if not isinstance(value, float) else Decimal(repr(value))
    except InvalidOperation:
        raise ValueError from None
    if not number.is_finite() or number < 0 or number > MAX_KWH:
        raise ValueError
    return number


def _month(value: Any) -> str:
    if isinstance(value, datetime | date):
        return f"{value.year:04d}-{value.month:02d}"
    text = str(value).strip().replace("年", "-").replace("月", "").replace("/", "-").replace(".", "-")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-01)?", text)
    month = f"{m.group(1)}-{int(m.group(2)):02d}" if m else text
    parse_month(month)  # InputError for 2024-13, 1999-01, or anything else
    return month


def _cell(row: list[Any], cols: dict[str, int], col: str) -> Any:
    i = cols.get(col)
    value = row[i] if i is not None and i < len(row) else None
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def read_row(n: int, row: list[Any], cols: dict[str, int]) -> tuple[UseRow | None, list[str]]:
    """One row as a UseRow, or the problems found in it (each naming row and column)."""
    errors: list[str] = []
    get = {c: _cell(row, cols, c) for c in COLUMNS}

    def bad(col: str, why: str) -> None:
        shown = "" if get[col] is None else f" {str(get[col])[:40]!r}"
        errors.append(f"第{n}行 row {n}，{col}（{LABELS[col]}）{shown}: {why}")

    out: dict[str, Any] = {}
    for col in REQUIRED:
        if get[col] is None:
            bad(col, "为空 is empty")
    readers = {"site": _text, "province": normalise, "month": _month, "kwh": _number,
               "green_trade_kwh": _number, "product": _text, "output": _number, "output_unit": _text}  # fmt: skip
    kwh = "应为 ≥ 0 的千瓦时数 must be a number of kWh ≥ 0"
    whys = {"kwh": kwh, "green_trade_kwh": kwh, "output": "应为 > 0 的数 must be a number > 0"}
    for col, reader in readers.items():
        if get[col] is None:
            continue
        try:
            out[col] = reader(get[col])
        except (ValueError, InputError) as exc:
            message = exc.message if isinstance(exc, InputError) else str(exc)
            bad(col, whys.get(col) or message or "无效 invalid")
    if not errors:
        if out.get("green_trade_kwh", 0) > out["kwh"]:
            bad("green_trade_kwh", "超过该行用电量 is more than the row's kwh")
        if ("product" in out) != ("output" in out) or out.get("output") == 0:
            errors.append(f"第{n}行 row {n}: product（产品）与 output（产量 > 0）须同时填写 give both product and an "
                          "output > 0, or neither")  # fmt: skip
    if errors:
        return None, errors
    return UseRow(n, **out), []


def rows_to_use(body: list[tuple[int, list[Any]]], cols: dict[str, int]) -> list[UseRow]:
    """Rows from numbered cells; every bad row, a repeated (site, month, product), a site in two provinces and a
    product in two units reported together in one InputError."""
    rows: list[UseRow] = []
    errors: list[str] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    provinces: dict[str, tuple[str, int]] = {}
    units: dict[str, tuple[str | None, int]] = {}
    for n, cells in body:
        row, problems = read_row(n, cells, cols)
        errors.extend(problems)
        if row is None:
            continue
        key = (row.site, row.month, row.product)
        if key in seen:
            errors.append(f"第{n}行 row {n}: {row.site} {row.month}{' ' + row.product if row.product else ''} "
                          f"与第{seen[key]}行重复 repeats row {seen[key]}")  # fmt: skip
            continue
        seen[key] = n
        province, first = provinces.setdefault(row.site, (row.province, n))
        if province != row.province:
            errors.append(f"第{n}行 row {n}: 场站 site {row.site} 在第{first}行为 is in {province} on row {first}, "
                          f"此处为 here {row.province}")  # fmt: skip
        if row.product is not None:
            unit, first = units.setdefault(row.product, (row.output_unit, n))
            if unit != row.output_unit:
                errors.append(f"第{n}行 row {n}: 产品 product {row.product} 的产量单位与第{first}行不同 has another "
                              f"output_unit than on row {first} ({unit} / {row.output_unit})")  # fmt: skip
        rows.append(row)
    if errors:
        more = f"；另有 and {len(errors) - SHOWN_ERRORS} more" if len(errors) > SHOWN_ERRORS else ""
        raise InputError("用电数据有误 the use file has bad rows: " + "；".join(errors[:SHOWN_ERRORS]) + more, CODE)
    if not rows:
        raise InputError("用电数据没有数据行 the use file has a header but no rows", CODE)
    return rows


def _body(rows: Rows) -> list[UseRow]:
    rows = [(n, r) for n, r in rows if any(c is not None and str(c).strip() for c in r)]  # blank lines carry nothing
    if not rows:
        raise InputError("用电数据为空 the use file is empty (no header row)", CODE)
    (_, header), body = rows[0], rows[1:]
    return rows_to_use(body, column_map([str(h or "") for h in header]))


def read_use(data: bytes, filename: str = "") -> list[UseRow]:
    """Every row of a CSV or XLSX use file; within USE_FILE_BYTES, USE_ROWS and USE_CELLS (TooLarge past them)."""
    if len(data) > limits.USE_FILE_BYTES:
        from policyhub.errors import TooLarge

        raise TooLarge(f"用电数据文件过大 the use file is larger than {limits.USE_FILE_BYTES // limits.MIB} MB")
    return _body(sheet_rows(data, filename, CAPS, CODE))


def use_from_json(rows: Any) -> list[UseRow]:
    """The API's JSON rows (objects keyed by the file's column names), read like a CSV whose first row is row 2."""
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise InputError('"use" 应为用电数据行的数组 must be a non-empty array of row objects', CODE)
    if len(rows) + 1 > CAPS.rows:
        raise too_many_rows(len(rows) + 1, CAPS)
    headers: list[str] = []
    for r in rows:
        for k in r:
            if k not in headers:
                headers.append(k)
                if len(headers) > CAPS.columns:
                    raise too_many_columns(len(headers), CAPS)
    cols = column_map(headers)
    return rows_to_use([(i, [r.get(h) for h in headers]) for i, r in enumerate(rows, 2)], cols)
