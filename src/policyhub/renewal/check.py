"""The pure checker: each asset against its sector's triggers (in scope / not / undetermined), with replacements."""

from __future__ import annotations

from datetime import date, timedelta

from policyhub.firstset.units import UnitError
from policyhub.renewal import data, kinds
from policyhub.renewal.answers import AssetCheck, TriggerHit
from policyhub.renewal.reasons import asset_reasons
from policyhub.renewal.register import Asset
from policyhub.renewal.units import to_unit
from policyhub.tristate import MET, NOT_MET, UNKNOWN, Tri, any_of

FIRED, CLEAR, OPEN = "fired", "clear", "open"
AS_CONDITION = {FIRED: MET, OPEN: UNKNOWN, CLEAR: NOT_MET}  # a trigger is a condition any one of which suffices


def add_years(day: date, years: float) -> date:
    """The date `years` after day (29 Feb -> 28 Feb; a fractional year counted in days of 365.2425)."""
    if float(years).is_integer():
        y = day.year + int(years)
        return day.replace(year=y) if not (day.month == 2 and day.day == 29) else date(y, 3, 1) - timedelta(days=1)
    return day + timedelta(days=round(years * 365.2425))


def age_years(asset: Asset, as_of: date) -> tuple[float, float] | None:
    """The asset's age on as_of in years, as (least, most) when only a year or month of commissioning is given."""
    if asset.commissioned is None:
        return None
    lo, hi = asset.commissioned
    return round((as_of - hi).days / 365.2425, 1), round((as_of - lo).days / 365.2425, 1)


def _age_text(asset: Asset, as_of: date) -> str:
    ages = age_years(asset, as_of)
    if ages is None:
        return ""
    return f"{ages[0]:g} 年 years" if ages[0] == ages[1] else f"{ages[0]:g}–{ages[1]:g} 年 years"


def _age(t: data.Trigger, a: Asset, as_of: date) -> tuple[str, str, str]:
    """第一部分 d02.一.（一） "达到设计使用年限或实际投产运行超过20年": either part fires the trigger."""
    parts: list[tuple[str, str]] = []
    when = a.commissioned
    n = t.get("years")
    if n is not None:
        if when is None:
            parts.append((OPEN, "投产日期未填 commissioned not given"))
        elif as_of > add_years(when[1], n):  # 超过 N 年: more than N years (民法典 第一千二百五十九条: 超过 excludes N)
            parts.append((FIRED, f"投产 {a.commissioned_text}，至 {as_of} 已 {_age_text(a, as_of)} > {n} 年"))
        elif as_of <= add_years(when[0], n):
            parts.append((CLEAR, f"投产 {a.commissioned_text}，至 {as_of} 为 {_age_text(a, as_of)} ≤ {n} 年"))
        else:
            parts.append((OPEN, f"投产日期只写到 {a.commissioned_text}，不能判定是否超过 {n} 年 not precise enough"))
    if t.get("design_life"):
        life = a.design_life_years
        if when is None or life is None:
            missing = "设计使用年限 design_life_years" if life is None else "投产日期 commissioned"
            parts.append((OPEN, f"{missing} 未填 not given"))
        elif as_of >= add_years(when[1], life):  # 达到设计使用年限: reached, so the end day itself counts
            parts.append((FIRED, f"{_age_text(a, as_of)} ≥ 设计使用年限 design life {life:g} 年"))
        elif as_of < add_years(when[0], life):
            parts.append((CLEAR, f"{_age_text(a, as_of)} < 设计使用年限 design life {life:g} 年"))
        else:
            parts.append((OPEN, f"投产日期只写到 {a.commissioned_text}，不能判定是否达到设计使用年限"))
    threshold = " 或 ".join(
        ([f"> {t['years']} 年"] if t.get("years") is not None else [])
        + (["≥ 设计使用年限"] if t.get("design_life") else [])
    )
    for status in (FIRED, OPEN, CLEAR):
        hits = [why for s, why in parts if s == status]
        if hits and (status != CLEAR or len(hits) == len(parts)):
            return status, "；".join(hits), threshold
    return OPEN, "", threshold


def _bound(t: data.Trigger, a: Asset) -> tuple[str, str, str]:
    """A printed bound: 小电石炉（<25000KVA）, 淘汰200kA以下预焙阳极铝电解槽 (以下 includes 200 kA)."""
    threshold = f"{t['op']} {t['value']:g} {t['unit']}"
    if a.capacity is None:
        return OPEN, f"容量/规格未填 capacity not given (in {t['unit']})", threshold
    if not a.unit:
        return OPEN, f"单位未填 unit not given for {a.capacity:g} (give {t['unit']} or a compatible unit)", threshold
    try:
        value, how = to_unit(a.capacity, a.unit, t["unit"], a.power_factor)
    except UnitError as exc:  # 16.5 MW is not 16,500 kVA: never converted across dimensions
        return OPEN, f"{a.capacity:g} {a.unit} 不能与 {t['unit']} 比较 cannot be compared: {exc}", threshold
    shown = f"{a.capacity:g} {a.unit}" + ("" if a.unit == t["unit"] else f" = {value:g} {t['unit']}")
    shown += f"（{how}）" if how else ""
    below = value < t["value"] if t["op"] == "<" else value <= t["value"]
    return (FIRED if below else CLEAR), shown, threshold


def _standard(t: data.Trigger) -> str:
    std = t.get("standard")
    return "《" + " ".join(p for p in (std.get("code"), std.get("title")) if p) + "》" if std else ""


def _grade(t: data.Trigger, a: Asset) -> tuple[str, str, str]:
    """低效电机 and the 重点用能设备: the guide names the standard (GB18613—2020 …) but prints no grade to replace."""
    std = _standard(t)
    threshold = f"{std} 能效等级"
    if a.energy_grade is None:
        return OPEN, f"请填能效等级 give the asset's energy_grade per {std}", threshold
    printed = t.get("standard")
    if a.grade_reading and not str((printed.get("code") if printed else None) or "").startswith("GB18613"):
        why = f"{a.grade_reading} 是电动机的等级，{std} 另有等级 a motor grade: give the grade per {std}"
        return OPEN, why, threshold
    fired, status = _grade_status(a.energy_grade)
    return fired, "；".join(p for p in (a.grade_reading, status) if p), threshold


def _grade_status(grade: int) -> tuple[str, str]:
    """GB "能效限定值及能效等级" grades: 3 is the 能效限定值; below it is short of the standard's minimum."""
    if grade == 4:
        return FIRED, "低于3级（能效限定值） below grade 3, the standard's minimum"
    if grade == 1:
        return CLEAR, "1级 grade 1, the standard's best"
    return OPEN, f"{grade}级: 指南未规定哪一级须更新 the guide names no grade to replace"


def _listed(t: data.Trigger, a: Asset) -> tuple[str, str, str]:
    std = _standard(t)
    if a.listed is None:
        return OPEN, f"请填是否列入 give listed (是/否): whether the asset is in {std}", f"列入 {std}"
    return (FIRED if a.listed else CLEAR), ("已列入 listed" if a.listed else "未列入 not listed"), f"列入 {std}"


def _level(t: data.Trigger, a: Asset) -> tuple[str, str, str]:
    std = _standard(t)
    if a.energy_level is None:
        return OPEN, f"请填能效水平 give energy_level per {std}", f"低于 {t['below']}"
    return (FIRED if a.energy_level == "低于基准水平" else CLEAR), a.energy_level, f"低于 {t['below']}"


NAMED_KINDS = ("capacity", "current", "named", "listed", "condition")  # the guide prints which equipment of the kind


def evaluate(t: data.Trigger, a: Asset, as_of: date) -> tuple[str, str, str]:
    """(fired | clear | open, the deciding figure or why it is open, the threshold) of one trigger for one asset."""
    kind = t["kind"]
    if kind in NAMED_KINDS and t["match"] != ["*"] and not data.names_match(t["match"], f"{a.name} {a.model}"):
        printed = "、".join(t["names"])  # 电石炉 among furnaces, 步进式 among sintering machines
        return CLEAR, f"名称未写明指南所列设备「{printed}」 the name is not the equipment the guide prints", printed
    if kind == "age":
        return _age(t, a, as_of)
    if kind in ("capacity", "current"):
        return _bound(t, a)
    if kind == "grade":
        return _grade(t, a)
    if kind == "listed":
        return _listed(t, a)
    if kind == "level":
        return _level(t, a)
    qualifier = t.get("qualifier") or ""  # a named or condition trigger prints one
    if kind == "named":
        return FIRED, f"指南点名 named by the guide（{qualifier}）", qualifier
    return OPEN, f"需人工判定 needs a person's judgement: {qualifier}", qualifier  # condition


def applies(t: data.Trigger, a: Asset, kind: str) -> bool:
    """Whether the trigger scopes this kind of equipment (data/kinds.json; a level trigger: rows giving 能效水平)."""
    if t["kind"] == "level" and a.energy_level is None:
        return False  # 能效基准水平 is measured per production line: the firm marks those rows with 能效水平
    return "*" in t["kinds"] or kind in t["kinds"]


def _family(only: data.Family | None, a: Asset, sector: str) -> bool:
    if not only:
        return True
    return sector in only["sectors"] or any(w in f"{a.name} {a.model}" for w in only["words"])


def replacements(a: Asset, kind: str = "", sector: str = "") -> list[str]:
    """首台（套） codes of the asset's class, of its own kind and product family (data/classes.json)."""
    codes: list[str] = []
    for cls in data.classes()["classes"]:
        if kind and kind not in cls["kinds"]:
            continue  # 高炉鼓风机电动机 is a motor: no blower, no blast furnace
        if data.names_match(cls["match"], f"{a.name} {a.model}"):
            only = cls.get("only", {})
            codes.extend(c for c in cls["catalog"] if c not in codes and _family(only.get(c), a, sector))
    return codes


def check_asset(a: Asset, triggers: list[data.Trigger], as_of: date, sector: str = "") -> AssetCheck:
    """One asset: in_scope, the triggers that fired, those left open, those cleared, and the reasons for its status."""
    kind = kinds.classify(a.name, a.kind_text)
    sector = sector or next((t["sector"] for t in triggers if t["applies"] == "sector"), "")
    fired: list[TriggerHit] = []
    open_: list[TriggerHit] = []
    clear: list[TriggerHit] = []
    judged: list[Tri] = []
    for t in triggers:
        if not applies(t, a, kind):
            continue
        status, figure, threshold = evaluate(t, a, as_of)
        item: TriggerHit = {"id": t["id"], "kind": t["kind"], "text": t["text"], "citation": t["citation"],
                            "figure": figure, "threshold": threshold}  # fmt: skip
        if t.get("standard"):
            item["standard"] = t["standard"]
        {FIRED: fired, OPEN: open_, CLEAR: clear}[status].append(item)
        judged.append(AS_CONDITION[status])
    # In scope when one trigger fired, undetermined when none did but one stays open, else not.
    in_scope = any_of(judged).scope  # true / "undetermined" / false on the wire
    ages = age_years(a, as_of)
    return {
        "row": a.row,
        "asset": a.asset,
        "name": a.name,
        "model": a.model,
        "equipment_kind": kind or None,
        "equipment_kind_label": kinds.label(kind),
        "quantity": a.quantity,
        "commissioned": a.commissioned_text or None,
        "age_years": None if ages is None else ages[0] if ages[0] == ages[1] else list(ages),
        "design_life_years": a.design_life_years,
        "capacity": a.capacity,
        "unit": a.unit or None,
        "in_scope": in_scope,
        "triggers": fired,
        "open": open_,
        "cleared": clear,
        "reasons": asset_reasons(in_scope, fired, open_, clear, triggers, kind, sector),
        "replacements": replacements(a, kind, sector) if in_scope is not False else [],
    }
