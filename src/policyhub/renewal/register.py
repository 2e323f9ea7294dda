"""A firm's asset register (CSV or XLSX, Chinese or English headers) read into assets, every bad cell reported."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from policyhub.errors import InputError
from policyhub.firstset.units import UnitError
from policyhub.renewal.units import check_unit, read_grade
from policyhub.spreadsheets import Caps, find_columns, sheet_rows, too_many_columns, too_many_rows

# Canonical column -> the headers firms use (compared without spaces, case or a bracketed unit such as （年）).
COLUMNS: dict[str, tuple[str, ...]] = {
    "asset": ("asset", "asset_id", "id", "资产编号", "设备编号", "编号", "资产号"),
    "name": ("name", "equipment", "设备名称", "名称", "资产名称"),
    "model": ("model", "规格型号", "型号"),
    "commissioned": ("commissioned", "commissioning_date", "in_service", "投产日期/年份", "投产日期", "投产年份",
                     "投产时间", "投用日期", "投运日期", "启用日期"),
    "design_life_years": ("design_life_years", "design_life", "设计使用年限", "设计寿命"),
    "capacity": ("capacity", "rating", "容量/规格", "容量", "规格", "额定容量", "额定电流"),
    "unit": ("unit", "单位", "容量单位"),
    "energy_grade": ("energy_grade", "grade", "能效等级"),
    "energy_level": ("energy_level", "能效水平"),
    "listed": ("listed", "列入目录", "是否列入目录"),
    "quantity": ("quantity", "qty", "数量"),
    "kind": ("kind", "equipment_kind", "设备类别", "设备类型", "类别"),
    "power_factor": ("power_factor", "功率因数", "cosφ"),
}  # fmt: skip
LABELS = {"asset": "资产编号", "name": "设备名称", "model": "规格型号", "commissioned": "投产日期",
          "design_life_years": "设计使用年限", "capacity": "容量/规格", "unit": "单位", "energy_grade": "能效等级",
          "energy_level": "能效水平", "listed": "列入目录", "quantity": "数量",
          "kind": "设备类别", "power_factor": "功率因数"}  # fmt: skip
LEVELS = ("低于基准水平", "基准水平", "标杆水平")
REGISTER = Caps()  # policyhub.limits: REGISTER_ROWS, REGISTER_COLUMNS, REGISTER_CELLS
YES, NO = ("是", "yes", "y", "true", "1", "列入"), ("否", "no", "n", "false", "0", "未列入")


@dataclass(frozen=True)
class Asset:
    """One row of the register: commissioning as the earliest and latest date the cell allows (a year: Jan–Dec)."""

    row: int
    asset: str
    name: str
    model: str = ""
    commissioned: tuple[date, date] | None = None
    commissioned_text: str = ""
    design_life_years: float | None = None
    capacity: float | None = None
    unit: str = ""
    energy_grade: int | None = None  # GB "能效限定值及能效等级" grade 1–3; 4 = below the 限定值 (grade 3)
    energy_level: str | None = None  # 标杆水平 / 基准水平 / 低于基准水平
    listed: bool | None = None
    quantity: int = 1
    kind_text: str = ""  # the 设备类别 cell as written (renewal/kinds.py reads it)
    power_factor: float | None = None  # cos φ: lets an active power (kW, MW) be read as apparent (kVA)
    grade_reading: str = ""  # how an IE class or a GB 18613—2012 grade was read as a 2020 grade


def column_map(headers: list[str]) -> dict[str, int]:
    """Canonical column -> index in the file; asset and name are required."""
    found = find_columns(headers, COLUMNS)
    missing = [f"{c}（{LABELS[c]}）" for c in ("asset", "name") if c not in found]
    if missing:
        raise InputError(f"第1行 row 1: 缺少列 missing column {', '.join(missing)}", "bad_register")
    return found


def _month_end(y: int, m: int) -> date:
    return date(y + m // 12, m % 12 + 1, 1) - timedelta(days=1)


def commissioning(value: Any) -> tuple[date, date]:
    """A date cell, or "2004-06-01", "2004/6", "2004年6月", "2004" -> (earliest, latest) possible date."""
    if isinstance(value, datetime):
        return value.date(), value.date()
    if isinstance(value, date):
        return value, value
    if isinstance(value, int | float) and float(value).is_integer() and 1900 <= value <= 2100:
        return date(int(value), 1, 1), date(int(value), 12, 31)
    s = str(value).strip().replace("年", "-").replace("月", "-").replace("日", "").replace("/", "-").replace(".", "-")
    s = s.rstrip("-")
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?", s)
    if not m:
        raise ValueError("不是日期 not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if d:
        day = date(y, int(mo), int(d))
        return day, day
    if mo:
        return date(y, int(mo), 1), _month_end(y, int(mo))
    return date(y, 1, 1), date(y, 12, 31)


def _number(value: Any) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float(str(value).replace(",", "").strip())


def _capacity(value: Any, unit: str) -> tuple[float, str]:
    """ "25000" with unit kVA, or "25000kVA" / "25 MVA" in the capacity cell alone."""
    if not unit and isinstance(value, str):
        m = re.fullmatch(r"\s*([\d.,]+)\s*([A-Za-zΩμ°²³/·\u4e00-\u9fff]+)\s*", value)
        if m:
            return _number(m.group(1)), m.group(2)
    return _number(value), unit


def _cell(row: list[Any], cols: dict[str, int], col: str) -> Any:
    i = cols.get(col)
    value = row[i] if i is not None and i < len(row) else None
    return None if value is None or (isinstance(value, str) and not value.strip()) else value


def read_row(n: int, row: list[Any], cols: dict[str, int], as_of: date) -> tuple[Asset | None, list[str]]:
    """One register row as an Asset, or the problems found in it (each naming the column)."""
    errors: list[str] = []
    fields: dict[str, Any] = {}

    def bad(col: str, value: Any, why: str) -> None:
        errors.append(f"第{n}行 row {n}，{col} 列 column（{LABELS[col]}）{str(value)!r}: {why}")

    get = {c: _cell(row, cols, c) for c in COLUMNS}
    for col in ("asset", "name"):
        if get[col] is None:
            bad(col, "", "为空 is empty")
    fields["model"] = str(get["model"] or "").strip()
    if get["commissioned"] is not None:
        try:
            lo, hi = commissioning(get["commissioned"])
            if lo > as_of:
                raise ValueError(f"晚于核对日期 after the as-of date {as_of.isoformat()}")
            fields["commissioned"], fields["commissioned_text"] = (lo, min(hi, as_of)), str(get["commissioned"])
        except ValueError as exc:
            bad("commissioned", get["commissioned"], str(exc) if "not a date" in str(exc) or "as-of" in str(exc)
                else "不是日期 not a date (YYYY-MM-DD, YYYY-MM or YYYY)")  # fmt: skip
    if get["design_life_years"] is not None:
        try:
            life = _number(get["design_life_years"])
            if not 0 < life <= 200:
                raise ValueError
            fields["design_life_years"] = life
        except ValueError:
            bad("design_life_years", get["design_life_years"], "应为正数（年） must be a positive number of years")
    unit = str(get["unit"] or "").strip()
    if get["capacity"] is not None:
        try:
            fields["capacity"], unit = _capacity(get["capacity"], unit)
        except ValueError:
            bad("capacity", get["capacity"], "不是数值 not a number")
    if unit:
        try:
            check_unit(unit)
            fields["unit"] = unit
        except UnitError:
            bad("unit", unit, "无法识别的单位 unknown unit (e.g. kVA, 千伏安, MVA, kA, A, kW, 兆瓦, t/h, 蒸吨, 立方米)")
    if get["energy_grade"] is not None:
        read = read_grade(str(get["energy_grade"]))
        if read is None:
            bad("energy_grade", get["energy_grade"], "应为 1、2、3 级、低于3级或 IE1–IE5 must be grade 1, 2, 3, "
                "低于3级 or IE1–IE5 (GB 18613—2012 grades as \"2级(2012)\")")  # fmt: skip
        fields["energy_grade"], fields["grade_reading"] = read if read else (None, "")
    if get["kind"] is not None:
        fields["kind_text"] = str(get["kind"]).strip()
    if get["power_factor"] is not None:
        try:
            pf = _number(get["power_factor"])
            if not 0 < pf <= 1:
                raise ValueError
            fields["power_factor"] = pf
        except ValueError:
            bad("power_factor", get["power_factor"], "应为 0–1 之间的数 must be a number in (0, 1]")
    if get["energy_level"] is not None:
        level = str(get["energy_level"]).strip()
        if level not in LEVELS:
            bad("energy_level", level, f"应为 must be one of {'、'.join(LEVELS)}")
        fields["energy_level"] = level if level in LEVELS else None
    if get["listed"] is not None:
        flag = str(get["listed"]).strip().lower()
        if flag not in YES + NO:
            bad("listed", get["listed"], "应为 是/否 must be yes or no")
        fields["listed"] = flag in YES
    if get["quantity"] is not None:
        try:
            qty = _number(get["quantity"])
            if qty < 1 or not qty.is_integer():
                raise ValueError
            fields["quantity"] = int(qty)
        except ValueError:
            bad("quantity", get["quantity"], "应为正整数 must be a whole number ≥ 1")
    if errors:
        return None, errors
    return Asset(n, str(get["asset"]).strip(), str(get["name"]).strip(), **fields), []


def read_register(data: bytes, filename: str, as_of: date) -> list[Asset]:
    """Every asset of the register; any unreadable row raises one InputError naming each row and column."""
    rows = sheet_rows(data, filename, Caps(), "bad_register")
    rows = [(n, r) for n, r in rows if any(c is not None and str(c).strip() for c in r)]  # blank lines carry nothing
    if not rows:
        raise InputError("资产清单为空 the register is empty (no header row)", "bad_register")
    (_, header), body = rows[0], rows[1:]
    cols = column_map([str(h or "") for h in header])
    return rows_to_assets([(n, r) for n, r in body], cols, as_of)


def rows_to_assets(body: list[tuple[int, list[Any]]], cols: dict[str, int], as_of: date) -> list[Asset]:
    """Assets from numbered rows; the errors of every bad row together in one InputError."""
    assets: list[Asset] = []
    errors: list[str] = []
    seen: dict[str, int] = {}
    for n, row in body:
        asset, problems = read_row(n, row, cols, as_of)
        errors.extend(problems)
        if asset is not None:
            if asset.asset in seen:
                errors.append(f"第{n}行 row {n}，asset 列 column（资产编号）{asset.asset!r}: "
                              f"与第{seen[asset.asset]}行重复 repeats row {seen[asset.asset]}")  # fmt: skip
                continue
            seen[asset.asset] = n
            assets.append(asset)
    if errors:
        raise InputError("资产清单有误 the register has bad rows: " + "；".join(errors), "bad_register")
    if not assets:
        raise InputError("资产清单没有资产行 the register has a header but no assets", "bad_register")
    return assets


def assets_from_json(rows: list[dict[str, Any]], as_of: date) -> list[Asset]:
    """JSON rows (objects with the register's column names) read like a CSV: row 2 is the first."""
    if len(rows) + 1 > REGISTER.rows:  # the header a CSV would have counts, as in a file
        raise too_many_rows(len(rows) + 1, REGISTER)
    headers: list[str] = []
    seen: set[str] = set()
    for r in rows:
        for k in r:
            if k not in seen:
                seen.add(k)
                headers.append(k)
        if len(headers) > REGISTER.columns:
            raise too_many_columns(len(headers), REGISTER)
    cols = column_map(headers)
    return rows_to_assets([(i, [r.get(h) for h in headers]) for i, r in enumerate(rows, 2)], cols, as_of)
