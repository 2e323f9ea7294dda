"""Check a product's parameters against an entry's indicators, and match a spec against every entry."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, cast

from policyhub.errors import InputError
from policyhub.firstset.answers import DecidedBy, EntryCheck, EntryMatch, Gap, IndicatorCheck, TierCheck
from policyhub.firstset.catalog import Catalog, Indicator
from policyhub.firstset.requirements import Requirement, grade_level, grade_rank
from policyhub.firstset.synonyms import resolve
from policyhub.firstset.textnorm import name_key
from policyhub.firstset.units import UnitError, convert, units_of
from policyhub.firstset.values import Given, in_catalog_unit, read_value, unit_reading

# Kept importable from here: the checker's callers read values through this module.
__all__ = ["Given", "Outcome", "check", "evaluate", "match", "read_value", "unit_check"]


@dataclass(frozen=True)
class Outcome:
    """One indicator's result: pass (None when undecided), the gap when missed, and why when it needs saying."""

    ok: bool | None
    gap: Gap | None = None
    verdict: str = "met"  # met | missed | ambiguous
    note: str | None = None
    decided_by: DecidedBy | None = None


def _met(ok: bool, gap: Gap | None = None, **kw: Any) -> Outcome:
    return Outcome(ok, None if ok else gap, "met" if ok else "missed", **kw)


def _cmp(op: str, v: float, limit: float) -> bool:
    close = math.isclose(v, limit, rel_tol=1e-9, abs_tol=1e-12)
    return {
        ">=": v > limit or close,
        "<=": v < limit or close,
        ">": v > limit and not close,
        "<": v < limit and not close,
        "=": close,
    }[op]


def _gap(v: float, limit: float, unit: str | None) -> Gap:
    """How far a missed value is from the limit, in the catalog's unit and in % of the limit."""
    diff = abs(v - limit)
    pct = round(diff / abs(limit) * 100, 4) if limit else None
    return {"value": round(diff, 10), "unit": unit or "", "percent": pct}


def evaluate(ind: Indicator, given: Given, params: dict[str, Given]) -> Outcome:
    """The outcome of one indicator for one given value."""
    req = ind.requirement
    if req.kind in ("yes_no", "text"):
        if given.flag is None:
            raise InputError(f"{ind.name}：该指标为是否项（{ind.text}），请填 是/否 give true or false")
        return _met(given.flag)
    if given.flag is not None and req.kind == "grade":  # "满足SIL4级要求": a declared yes/no is accepted too
        return _met(given.flag)
    if given.flag is not None:
        raise InputError(f"{ind.name}：请填写数值（{ind.text}），而非 是/否 give a value, not true/false")
    if req.kind == "grade":
        return _grade(ind, given)
    if not given.values:
        raise InputError(f"{ind.name}：{given.raw!r} 不是数值 is not a number（要求 required：{ind.text}）")
    delta = req.kind == "tolerance" or "温升" in ind.name  # a tolerance in ℃ is a temperature difference
    vals = [in_catalog_unit(x, given.unit, ind, delta) for x in given.values]
    if req.kind == "dimensions":
        return _dimensions(ind, vals)
    if req.kind == "range":
        return _range(req, vals)
    if req.kind == "tolerance" or req.magnitude:
        vals = [max(abs(v) for v in vals)] if given.spread == "range" else [abs(vals[0])]
    assert req.value is not None and req.op is not None
    limit = req.value * (1 + (req.allowance_pct or 0) / 100)
    if req.kind == "rule" and req.depends_on:
        dep = req.depends_on
        stroke = params.get(name_key(dep.param))
        if stroke is None:
            # the limit only grows with the stroke: meeting the base limit passes at any stroke
            if _cmp(req.op, min(vals), limit):
                return _met(True)
            return Outcome(None, verdict="not_given", note=f"超过基准限值，需给出 {dep.param} give {dep.param}")
        s = convert(stroke.values[0], stroke.unit or dep.unit, dep.unit) if stroke.values else 0.0
        limit += dep.increment * max(0.0, (s - dep.value) / dep.step)  # linear between steps: see docs
    if given.spread == "range" and len(vals) == 2:
        return _span(req, sorted(vals), limit)
    v = vals[0]
    if req.reading == "ambiguous":
        return _ambiguous(req, v, limit)
    ok = _cmp(req.op, v, limit)
    return _met(ok, _gap(v, limit, req.unit))


def _dimensions(ind: Indicator, vals: list[float]) -> Outcome:
    req = ind.requirement
    assert req.values is not None and req.op is not None
    if len(vals) != len(req.values):
        raise InputError(f"{ind.name}：请按 {ind.text} 填写 {len(req.values)} 个尺寸 give {len(req.values)} dimensions")
    misses = [(v, lim) for v, lim in zip(vals, req.values, strict=True) if not _cmp(req.op, v, lim)]
    if not misses:
        return _met(True)
    return _met(False, _gap(*max(misses, key=lambda m: abs(m[0] - m[1]) / abs(m[1])), req.unit))


def _ambiguous(req: Requirement, v: float, limit: float) -> Outcome:
    """ "扬程:165m" given 170 m: met if the figure is a minimum, not if it is exact — undecided, never missed."""
    if _cmp("=", v, limit):
        return _met(True)
    unit = req.unit or ""
    side = "高于 above" if v > limit else "低于 below"
    note = f"给定 {v:g}{unit} {side} 所印 printed {limit:g}{unit}；{req.basis}"
    return Outcome(None, verdict="ambiguous", note=note)


def _span(req: Requirement, vals: list[float], limit: float) -> Outcome:
    """A range given for one figure (bucket sizes 34~43 m³ against 斗容≥40m³): the end on the limit's side decides."""
    assert req.op is not None
    lo, hi = vals
    unit = req.unit or ""
    if req.op == "=":  # a class or an undecided figure: met when the range takes it in
        inside = _cmp(">=", limit, lo) and _cmp("<=", limit, hi)
        decided: DecidedBy = {"end": "range", "value": [lo, hi], "unit": unit}
        if inside:
            return _met(True, decided_by=decided)
        if req.reading == "ambiguous":
            return Outcome(None, verdict="ambiguous", note=f"{lo:g}~{hi:g}{unit} 不含 {limit:g}{unit}：{req.basis}")
        near = lo if abs(lo - limit) < abs(hi - limit) else hi
        return _met(False, _gap(near, limit, unit), decided_by=decided)
    end, other = ("high", "low") if req.op in (">=", ">") else ("low", "high")
    v, w = (hi, lo) if end == "high" else (lo, hi)
    ok = _cmp(req.op, v, limit)
    note = None
    if ok and not _cmp(req.op, w, limit):
        which = "上端 high end" if end == "high" else "下端 low end"
        note = f"按范围{which} {v:g}{unit} 判定；{other} end {w:g}{unit} 未达到 does not meet {limit:g}{unit}"
    return _met(ok, _gap(v, limit, unit), note=note, decided_by={"end": end, "value": v, "unit": unit})


def _within(req: Requirement, x: float) -> tuple[bool, bool]:
    """(above the low end, below the high end), each end inclusive or not as printed."""
    assert req.low is not None and req.high is not None
    lo = _cmp(">=" if req.low_inclusive else ">", x, req.low)
    hi = _cmp("<=" if req.high_inclusive else "<", x, req.high)
    return lo, hi


def _range(req: Requirement, vals: list[float]) -> Outcome:
    assert req.low is not None and req.high is not None
    if len(vals) == 2:  # a range given: it must cover the required range (an operating envelope)
        lo, hi = sorted(vals)
        ok = _cmp("<=", lo, req.low) and _cmp(">=", hi, req.high)
        worst = max((lo - req.low, req.low), (req.high - hi, req.high), key=lambda d: d[0] / abs(d[1] or 1))
        return _met(ok, {"value": round(worst[0], 10), "unit": req.unit or "", "percent": _pct(worst)})
    lo_ok, hi_ok = _within(req, vals[0])
    if lo_ok and hi_ok:
        return _met(True)
    return _met(False, _gap(vals[0], req.low if not lo_ok else req.high, req.unit))


def _pct(d: tuple[float, float]) -> float | None:
    return round(d[0] / abs(d[1]) * 100, 4) if d[1] else None


def _grade(ind: Indicator, given: Given) -> Outcome:
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
    return _met(ok, {"value": abs(level - req.level), "unit": f"{req.scale} 级", "percent": None})


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
        found = resolve(key, keys) or short.get(key)  # 斗容 fills 标准斗容 (data/indicator_synonyms.json)
        if found is None:
            if strict:
                raise InputError(
                    f"{code} 没有名为 {name!r} 的指标 has no such indicator；"
                    f"其指标为 its indicators：{'、'.join(names)}"
                )
            continue
        out[name_key(found)] = read_value(raw)
    return out


def check(catalog: Catalog, code: str, params: dict[str, Any], strict: bool = True) -> EntryCheck:
    """Check params against every tier of an entry: met when all indicators of one tier are met."""
    entry = catalog.entry(code)
    given = _resolve(catalog, entry.code, params, strict)
    tiers_out: list[TierCheck] = []
    for tier in catalog.tiers(entry.code):
        rows: list[IndicatorCheck] = []
        for ind in tier.indicators:
            g = given.get(name_key(ind.name))
            out = evaluate(ind, g, given) if g is not None else Outcome(None, verdict="not_given")
            row: IndicatorCheck = {
                "name": ind.name,
                "required": ind.text,
                "requirement": ind.requirement.to_dict(),
                "value": g.raw if g is not None else None,
                "pass": out.ok,
                "gap": out.gap,
                "verdict": out.verdict,
            }
            reading = unit_reading(ind, g) if g is not None else None  # 9000T, 98000 t·m: the reading said
            if out.note:
                row["note"] = out.note
            if out.decided_by:
                row["decided_by"] = out.decided_by
            if reading:
                row["reading"] = reading
            rows.append(row)
        passed, verdict = _tier_verdict(rows)
        tiers_out.append({"label": tier.label, "pass": passed, "verdict": verdict, "indicators": rows})
    verdicts = [t["pass"] for t in tiers_out]
    qualifies = True if True in verdicts else False if verdicts and all(v is False for v in verdicts) else None
    if qualifies is None:
        overall = "ambiguous" if any(t["verdict"] == "ambiguous" for t in tiers_out) else "undecided"
    else:
        overall = "qualifies" if qualifies else "does_not_qualify"
    return {"entry": entry.code, "name": entry.name, "qualifies": qualifies, "verdict": overall, "tiers": tiers_out}


def _tier_verdict(rows: list[IndicatorCheck]) -> tuple[bool | None, str]:
    """A tier is missed if one indicator is; ambiguous if the rest is met and one cannot be decided from the text."""
    passes = [r["pass"] for r in rows]
    ok = False if False in passes else None if None in passes or not rows else True
    if ok is True:
        return True, "met"
    if ok is False:
        return False, "missed"
    kinds = {r["verdict"] for r in rows if r["pass"] is None}
    return None, "ambiguous" if kinds == {"ambiguous"} else "not_given"


def match(catalog: Catalog, params: dict[str, Any]) -> list[EntryMatch]:
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
        best = max(res["tiers"], key=_tier_score) if res["tiers"] else None
        rows = best["indicators"] if best else []
        results.append(
            {
                "entry": code,
                "name": res["name"],
                "qualifies": res["qualifies"],
                "matched": len(named),
                "passed": sum(r["pass"] is True for r in rows),
                "failed": sum(r["pass"] is False for r in rows),
                "missing": [r["name"] for r in rows if r["verdict"] == "not_given"],
                "ambiguous": [r["name"] for r in rows if r["verdict"] == "ambiguous"],
                "verdict": res["verdict"],
                "best_tier": res["tiers"].index(best) if best else None,
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
    return cast(list[EntryMatch], results)  # every row ranked now


def _tier_score(tier: TierCheck) -> tuple[int, int]:
    rows = tier["indicators"]
    return (sum(r["pass"] is True for r in rows), -sum(r["pass"] is False for r in rows))


def unit_check(unit: str) -> None:
    """Raise InputError if a unit cannot be read at all."""
    try:
        units_of(unit)
    except UnitError as exc:
        raise InputError(str(exc)) from None
