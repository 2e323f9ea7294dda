"""Check a product's parameters against an entry's indicators, and match a spec against every entry."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from policyhub.errors import InputError
from policyhub.firstset.catalog import Catalog, Indicator
from policyhub.firstset.requirements import Requirement, grade_level, grade_rank
from policyhub.firstset.textnorm import name_key
from policyhub.firstset.units import NUMBER, UnitError, convert, multiplier, number, units_of

YES = {"true", "yes", "y", "是", "有", "具备", "满足", "1"}
NO = {"false", "no", "n", "否", "无", "不具备", "不满足", "0"}


@dataclass(frozen=True)
class Given:
    """A parameter value as the user wrote it, read into numbers in its own unit."""

    raw: Any
    values: tuple[float, ...] = ()  # one number, two (a range "a~b"), or several (dimensions "a×b")
    unit: str = ""
    spread: str = "one"  # one | range | dims | tolerance
    flag: bool | None = None


def read_value(raw: Any) -> Given:
    """Read a user's value: true/false, a number, "1.8 μm", "±0.02mm", "630~1000mm", "300mm×300mm", "P2"."""
    if isinstance(raw, bool):
        return Given(raw, flag=raw)
    if isinstance(raw, int | float):
        if not math.isfinite(raw):
            raise InputError(f"{raw!r} 不是有限数值 is not a finite number")
        return Given(raw, (float(raw),))
    if not isinstance(raw, str) or not raw.strip():
        raise InputError(
            f'{raw!r}：请填写带单位的数值（如 "1.8 μm"）、等级（如 "P2"）或 是/否 '
            "give a number with its unit, a grade or true/false"
        )
    s = raw.strip().replace("＜", "<").replace("～", "~").replace(" ", "")
    if s.lower() in YES or s.lower() in NO:
        return Given(raw, flag=s.lower() in YES)
    s = s.lstrip("≤≥<>=")
    tolerance = s.startswith("±")
    s = s.lstrip("±")
    if m := re.fullmatch(rf"({NUMBER})([^~\d]*)~({NUMBER})(.*)", s):
        unit = m.group(4) or m.group(2)
        f, unit = multiplier(unit)
        return Given(raw, (number(m.group(1)) * f, number(m.group(3)) * f), unit, "range")
    parts = re.split(r"[×xX*]", s) if re.search(r"[A-Za-zμ°″′)）]\s*[×xX*]\s*\d", s) else [s]
    values, units = [], []
    for part in parts:
        part = re.sub(r"[(（][^()（）]*[)）]$", "", part) if len(parts) > 1 else part  # "36°(水平)": a label
        m = re.fullmatch(rf"({NUMBER})(.*)", part)
        if not m:
            return Given(raw)  # not a number: maybe a grade ("P2", "IP67", "第三阶段")
        f, unit = multiplier(m.group(2).strip())
        values.append(number(m.group(1)) * f)
        units.append(unit)
    unit = units[-1]
    if any(u and u != unit for u in units):
        raise InputError(f"{raw!r}：各尺寸请用同一单位 give every dimension in one unit")
    spread = "dims" if len(values) > 1 else "tolerance" if tolerance else "one"
    return Given(raw, tuple(values), unit, spread)


def _in(value: float, given_unit: str, req: Requirement, delta: bool = False) -> float:
    """A given number in the requirement's unit (a bare number is taken to be in that unit already)."""
    target = req.unit or ""
    if not given_unit:
        return value
    try:
        return convert(value, given_unit, target, delta=delta)
    except UnitError as exc:
        what = target or "无单位数值 plain number"
        raise InputError(f"{given_unit!r} 无法与目录要求的单位 {what} 比较 cannot be compared: {exc}") from None


def _cmp(op: str, v: float, limit: float) -> bool:
    close = math.isclose(v, limit, rel_tol=1e-9, abs_tol=1e-12)
    return {
        ">=": v > limit or close,
        "<=": v < limit or close,
        ">": v > limit and not close,
        "<": v < limit and not close,
        "=": close,
    }[op]


def _gap(v: float, limit: float, unit: str | None) -> dict[str, Any]:
    """How far a missed value is from the limit, in the catalog's unit and in % of the limit."""
    diff = abs(v - limit)
    pct = round(diff / abs(limit) * 100, 4) if limit else None
    return {"value": round(diff, 10), "unit": unit or "", "percent": pct}


def evaluate(ind: Indicator, given: Given, params: dict[str, Given]) -> tuple[bool | None, dict[str, Any] | None]:
    """(pass, gap) of one indicator for one given value."""
    req = ind.requirement
    if req.kind in ("yes_no", "text"):
        if given.flag is None:
            raise InputError(f"{ind.name}：该指标为是否项（{ind.text}），请填 是/否 give true or false")
        return given.flag, None
    if given.flag is not None and req.kind == "grade":  # "满足SIL4级要求": a declared yes/no is accepted too
        return given.flag, None
    if given.flag is not None:
        raise InputError(f"{ind.name}：请填写数值（{ind.text}），而非 是/否 give a value, not true/false")
    if req.kind == "grade":
        return _grade(ind, given)
    if not given.values:
        raise InputError(f"{ind.name}：{given.raw!r} 不是数值 is not a number（要求 required：{ind.text}）")
    delta = req.kind == "tolerance" or "温升" in ind.name  # a tolerance in ℃ is a temperature difference
    vals = [_in(x, given.unit, req, delta) for x in given.values]
    if req.kind == "dimensions":
        assert req.values is not None and req.op is not None
        if len(vals) != len(req.values):
            raise InputError(
                f"{ind.name}：请按 {ind.text} 填写 {len(req.values)} 个尺寸 give {len(req.values)} dimensions"
            )
        misses = [(v, lim) for v, lim in zip(vals, req.values, strict=True) if not _cmp(req.op, v, lim)]
        return (
            (False, _gap(*max(misses, key=lambda m: abs(m[0] - m[1]) / abs(m[1])), req.unit))
            if misses
            else (
                True,
                None,
            )
        )
    if req.kind == "range":
        return _range(req, vals)
    v = vals[0]
    if req.kind == "tolerance" or req.magnitude:
        v = abs(v)
    assert req.value is not None and req.op is not None
    limit = req.value * (1 + (req.allowance_pct or 0) / 100)
    if req.kind == "rule" and req.depends_on:
        dep = req.depends_on
        stroke = params.get(name_key(dep.param))
        if stroke is None:
            # the limit only grows with the stroke: meeting the base limit passes at any stroke
            return (True, None) if _cmp(req.op, v, limit) else (None, None)
        s = convert(stroke.values[0], stroke.unit or dep.unit, dep.unit) if stroke.values else 0.0
        limit += dep.increment * max(0.0, (s - dep.value) / dep.step)  # linear between steps: see docs
    ok = _cmp(req.op, v, limit)
    return ok, None if ok else _gap(v, limit, req.unit)


def _within(req: Requirement, x: float) -> tuple[bool, bool]:
    """(above the low end, below the high end), each end inclusive or not as printed."""
    assert req.low is not None and req.high is not None
    lo = _cmp(">=" if req.low_inclusive else ">", x, req.low)
    hi = _cmp("<=" if req.high_inclusive else "<", x, req.high)
    return lo, hi


def _range(req: Requirement, vals: list[float]) -> tuple[bool, dict[str, Any] | None]:
    assert req.low is not None and req.high is not None
    if len(vals) == 2:  # a range given: it must cover the required range (an operating envelope)
        lo, hi = sorted(vals)
        ok = _cmp("<=", lo, req.low) and _cmp(">=", hi, req.high)
        worst = max((lo - req.low, req.low), (req.high - hi, req.high), key=lambda d: d[0] / abs(d[1] or 1))
        return ok, None if ok else {"value": round(worst[0], 10), "unit": req.unit or "", "percent": _pct(worst)}
    lo_ok, hi_ok = _within(req, vals[0])
    if lo_ok and hi_ok:
        return True, None
    return False, _gap(vals[0], req.low if not lo_ok else req.high, req.unit)


def _pct(d: tuple[float, float]) -> float | None:
    return round(d[0] / abs(d[1]) * 100, 4) if d[1] else None


def _grade(ind: Indicator, given: Given) -> tuple[bool, dict[str, Any] | None]:
    req = ind.requirement
    assert req.scale is not None and req.level is not None
    raw = str(given.raw)
    level = grade_level(req.scale, raw)
    if level is None:
        raise InputError(
            f"{ind.name}：{raw!r} 不是 {req.scale} 等级 is not a {req.scale} grade（要求 required：{ind.text}）"
        )
    mine, needed = grade_rank(req.scale, level), grade_rank(req.scale, req.level)
    ok = mine <= needed if req.better == "lower" else mine >= needed
    return ok, None if ok else {"value": abs(level - req.level), "unit": f"{req.scale} 级", "percent": None}


def _resolve(catalog: Catalog, code: str, params: dict[str, Any], strict: bool) -> dict[str, Given]:
    """Params keyed by name key; an unknown name is an error listing the entry's indicator names."""
    names = catalog.indicator_names(code)
    if not names and strict:
        subs = "、".join(catalog.entries[code].subentries)
        raise InputError(f"{code} 本身未列指标，请核对其子条目 check one of its sub-entries：{subs}")
    keys = {name_key(n): n for n in names}
    short = {name_key(re.split(r"[：:]", n)[-1]): n for n in names}  # "内圆圆度" for "加工精度：内圆圆度"
    out = {}
    for name, raw in params.items():
        key = name_key(str(name))
        found = keys.get(key) or short.get(key)
        if found is None:
            if strict:
                raise InputError(
                    f"{code} 没有名为 {name!r} 的指标 has no such indicator；"
                    f"其指标为 its indicators：{'、'.join(names)}"
                )
            continue
        out[name_key(found)] = read_value(raw)
    return out


def check(catalog: Catalog, code: str, params: dict[str, Any], strict: bool = True) -> dict[str, Any]:
    """Check params against every tier of an entry: met when all indicators of one tier are met."""
    entry = catalog.entry(code)
    given = _resolve(catalog, entry.code, params, strict)
    tiers_out = []
    for tier in catalog.tiers(entry.code):
        rows = []
        for ind in tier.indicators:
            g = given.get(name_key(ind.name))
            ok, gap = evaluate(ind, g, given) if g is not None else (None, None)
            rows.append(
                {
                    "name": ind.name,
                    "required": ind.text,
                    "requirement": ind.requirement.to_dict(),
                    "value": g.raw if g is not None else None,
                    "pass": ok,
                    "gap": gap,
                }
            )
        passes = [r["pass"] for r in rows]
        verdict = False if False in passes else None if None in passes or not rows else True
        tiers_out.append({"label": tier.label, "pass": verdict, "indicators": rows})
    verdicts = [t["pass"] for t in tiers_out]
    qualifies = True if True in verdicts else False if verdicts and all(v is False for v in verdicts) else None
    return {"entry": entry.code, "name": entry.name, "qualifies": qualifies, "tiers": tiers_out}


def match(catalog: Catalog, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Try a spec against every entry naming at least one of its parameters, best first."""
    for raw in params.values():
        read_value(raw)  # a value nobody could read is an error, whatever the entry
    results: list[dict[str, Any]] = []
    for code in catalog.entries:
        named = _resolve(catalog, code, params, strict=False)
        if not named:
            continue
        try:
            res = check(catalog, code, params, strict=False)
        except InputError as exc:  # a value in a unit this entry cannot use: not this entry
            name = catalog.entries[code].name
            results.append({"entry": code, "name": name, "qualifies": False, "error": exc.message})
            continue
        best = max(res["tiers"], key=_tier_score) if res["tiers"] else {"indicators": []}
        rows = best["indicators"]
        results.append(
            {
                "entry": code,
                "name": res["name"],
                "qualifies": res["qualifies"],
                "matched": len(named),
                "passed": sum(r["pass"] is True for r in rows),
                "failed": sum(r["pass"] is False for r in rows),
                "missing": [r["name"] for r in rows if r["pass"] is None],
                "best_tier": res["tiers"].index(best) if res["tiers"] else None,
            }
        )
    if not results:
        raise InputError(
            "没有条目含有这些指标 no entry has an indicator with these names：" + "、".join(map(str, params))
        )
    order = {True: 0, None: 1, False: 2}
    results.sort(key=lambda r: (order[r["qualifies"]], -r.get("passed", 0), r.get("failed", 99), -r.get("matched", 0)))
    for rank, r in enumerate(results, start=1):
        r["rank"] = rank
    return results


def _tier_score(tier: dict[str, Any]) -> tuple[int, int]:
    rows = tier["indicators"]
    return (sum(r["pass"] is True for r in rows), -sum(r["pass"] is False for r in rows))


def unit_check(unit: str) -> None:
    """Raise InputError if a unit cannot be read at all."""
    try:
        units_of(unit)
    except UnitError as exc:
        raise InputError(str(exc)) from None
