"""The quantified 2027 goals of each industry's （一）设备更新目标, read clause by clause."""

from __future__ import annotations

import re
from typing import Any

_YEAR = re.compile(r"到\s*(?P<year>20\d\d)\s*年[，,]?(?P<rest>[^。]*)")
_UNIT = r"%|个百分点|kWh|m²/h|人|万台（套）|台（套）|亿元|万套|万台套|万台|万个|万吨"
_NUM = r"\d+(?:\.\d+)?"
_LEAD = re.compile(rf"^(?P<n>{_NUM})\s*%\s*(?P<tail>以上)?\s*的?(?P<ind>.+)$")
_TRAIL = re.compile(
    rf"^(?P<ind>.*?)(?P<op>达到|超过|超|不高于|不大于|不低于|提升|提高|下降|降低|减排|节电)?\s*(?P<approx>约)?\s*"
    rf"(?P<n>{_NUM})\s*(?:%?\s*—\s*(?P<n2>{_NUM})\s*)?(?P<unit>{_UNIT})\s*(?P<tail>以上|以下|左右)?(?P<after>.*)$"
)
_LEVEL = re.compile(r"^(?P<ind>.+?)达到(?:《[^》]+》)?(?:能效标准)?(?P<level>标杆水平|基准水平)(?P<tail>以上)?$")
_CHANGE = ("提升", "提高", "下降", "降低", "减排", "节电")
# Clauses whose subject is printed once for two figures (an ellipsis): the indicator as the guide means it.
_ELLIPSIS = {
    # d02.一.（一）: shares 数字化转型成熟度 with the clause before
    "4级及以上企业比例达到7%以上": "数字化转型成熟度4级及以上企业比例",
    "节电200kWh": "电解铝吨铝节电",  # d02.三.（一）: "电解铝吨铝碳减排5%、节电200kWh"
}
# A clause of the goal paragraph that is a trigger, not a figure to compare (read by extract.py).
_NOT_GOALS = re.compile(r"^淘汰\d|能效基准水平以下产能")
# Subjects naming whose figure it is (kept as "scope"), stripped from the indicator's name.
_SCOPES = ("规模以上工业母机企业", "规上有色金属企业")
_LEADS = ("推动行业", "推动", "实现", "力争", "预计")


def _clauses(text: str) -> list[str]:
    """Clauses split on ，；, (and on 以及 between two shares), brackets kept whole."""
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（(《“"
        depth -= ch in "）)》”"
        if ch in "，,；;" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    parts = [p.strip() for p in [*out, cur] if p.strip()]
    # "35%以上电解铝产能以及55%以上…", "碳减排5%、节电200kWh": two figures in one clause
    return [q for p in parts for q in re.split(r"以及(?=\d)|(?<=%)、(?=[\u4e00-\u9fff])", p)]


def _clean(ind: str) -> tuple[str, str | None]:
    ind = re.sub(r"\s+", "", ind).removesuffix("预计")  # "涂装设备 VOCs 排放下降": the OCR's spaces around Latin
    for lead in _LEADS:
        ind = ind.removeprefix(lead)
    for scope in _SCOPES:
        if ind.startswith(scope):
            return ind.removeprefix(scope), scope
    return ind, None


def _op(verb: str | None, tail: str | None) -> str:
    if verb in ("不高于", "不大于") or tail == "以下":
        return "≤"
    if verb in ("超过", "超"):
        return ">"
    return "≥"  # 达到, 不低于, 以上, and a change (提升 …) of at least the figure


def _goal(ind: dict[str, Any], year: int, clause: str, **fields: Any) -> dict[str, Any]:
    name, scope = _clean(fields.pop("indicator"))
    scope = fields.pop("scope", None) or scope
    return {
        "sector": ind["key"],
        "indicator": name,
        "scope": scope,
        "year": year,
        **fields,
        "text": clause,
        "citation": ind["goal_citation"],
    }


def _respectively(ind: dict[str, Any], year: int, clause: str) -> list[dict[str, Any]]:
    """ "A、B分别超过90%、75%" and "新增高效电机、变压器、工业锅炉占比分别较2023年提高10、10、15个百分点"."""
    m = re.match(
        r"^(?P<inds>.+?)分别(?P<base>较\s*\d{4}\s*年)?(?P<op>超过|达到|提高)\s*(?P<nums>[\d.%、\s]+?)\s*"
        r"(?P<unit>个百分点)?$",
        clause,
    )
    if not m:
        return []
    nums = [n.strip() for n in m.group("nums").split("、")]
    inds = m.group("inds").split("、")
    suffix = ""
    if inds[-1].endswith("占比"):  # the share is printed once, after the last item
        suffix, inds[-1] = "占比", inds[-1].removesuffix("占比")
    inds[0], scope = _clean(inds[0])  # "规模以上工业母机企业…": the subject of every figure
    stem = "新增高效" if inds[0].startswith("新增高效") else ""
    inds = [stem + i.removeprefix(stem) + suffix for i in inds]
    unit = m.group("unit") or "%"
    base = re.sub(r"\s+", "", m.group("base") or "") or None
    change = m.group("op") == "提高"
    out = []
    for name, num in zip(inds, nums, strict=True):
        value = float(num.rstrip("%"))
        target = f"{num.rstrip('%')}{unit}"
        out.append(
            _goal(
                ind,
                year,
                clause,
                indicator=name + ("提高" if change else ""),
                target=target,
                op=">" if m.group("op") == "超过" else "≥",
                value=value,
                unit=unit,
                measure="change" if change else "level",
                baseline=base,
                scope=scope,
            )
        )
    return out


def _one(ind: dict[str, Any], year: int, clause: str, borrowed: str | None) -> dict[str, Any] | None:
    if clause in _ELLIPSIS:
        m = _TRAIL.match(clause)
        assert m is not None
        verb = m.group("op")
        return _goal(
            ind,
            year,
            clause,
            indicator=_ELLIPSIS[clause],
            target=f"{m.group('n')}{m.group('unit')}",
            op=_op(verb, m.group("tail")),
            value=float(m.group("n")),
            unit=m.group("unit"),
            measure="change" if verb in _CHANGE else "level",
        )
    lead = _LEAD.match(clause)
    if lead:
        name = lead.group("ind") + (borrowed or "")
        return _goal(
            ind,
            year,
            clause,
            indicator=name,
            target=f"{lead.group('n')}%",
            op="≥",
            value=float(lead.group("n")),
            unit="%",
            measure="level",
        )
    level = _LEVEL.match(clause)
    if level:
        name = level.group("ind").removeprefix("各行业全部") + ("能效" if "能效" not in level.group("ind") else "")
        return _goal(
            ind,
            year,
            clause,
            indicator=name,
            target=level.group("level") + (level.group("tail") or ""),
            op="≥",
            value=None,
            unit=None,
            measure="level_of_energy",
        )
    m = _TRAIL.match(clause)
    if not m or not (m.group("ind") or m.group("op")):
        return None
    verb, after = m.group("op"), m.group("after").strip()
    name = m.group("ind").strip() + (verb if verb in _CHANGE else "")
    if after:  # "完成更新超 25 万台（套）设备": the counted thing follows the figure
        name = f"{name}{after}"
    unit = m.group("unit")
    target = f"{m.group('n')}{unit}" + (f"—{m.group('n2')}{unit}" if m.group("n2") else "")
    approx = bool(m.group("approx")) or m.group("tail") == "左右"
    return _goal(
        ind,
        year,
        clause,
        indicator=name,
        target=("约" if approx else "") + target,
        op=_op(verb, m.group("tail")),
        value=float(m.group("n")),
        unit=m.group("unit"),
        measure="change" if verb in _CHANGE else "level",
        approx=approx or None,
    )


def _special(ind: dict[str, Any], year: int, clause: str) -> list[dict[str, Any]] | None:
    """Two clauses the patterns above do not read, each read by its own rule (quoted)."""
    m = re.fullmatch(r"完成约\s*(\d+)\s*万套工业软件和\s*(\d+)\s*万台套工业操作系统更新换代任务", clause)
    if m:  # d02.重点领域.一.（一）
        return [
            _goal(
                ind,
                year,
                clause,
                indicator="工业软件更新换代",
                target=f"约{m.group(1)}万套",
                op="≥",
                value=float(m.group(1)),
                unit="万套",
                measure="level",
                approx=True,
            ),
            _goal(
                ind,
                year,
                clause,
                indicator="工业操作系统更新换代",
                target=f"{m.group(2)}万台套",
                op="≥",
                value=float(m.group(2)),
                unit="万台套",
                measure="level",
            ),
        ]
    m = re.search(r"^(?P<ind>.*?)加工精度普遍提高1个数量级（到(?P<n>[\d.]+)mm或更高精度）$", clause)
    if m:  # d02.十三.（一）: a precision of 0.01 mm or finer
        return [
            _goal(
                ind,
                year,
                clause,
                indicator=f"{m.group('ind')}加工精度",
                target=f"{m.group('n')}mm",
                op="≤",
                value=float(m.group("n")),
                unit="mm",
                measure="level",
            )
        ]
    return None


def extract_goals(ind: dict[str, Any]) -> list[dict[str, Any]]:
    """The industry's goals for the year its 设备更新目标 names, each with the figure as printed."""
    m = _YEAR.search(ind["goal"])
    if not m:
        return []
    year, clauses = int(m.group("year")), _clauses(m.group("rest"))
    out: list[dict[str, Any]] = []
    for i, clause in enumerate(clauses):
        if _NOT_GOALS.search(clause):
            continue
        special = _special(ind, year, clause)
        if special is not None:
            out.extend(special)
            continue
        many = _respectively(ind, year, clause)
        if many:
            out.extend(many)
            continue
        borrowed = None
        lead = _LEAD.match(clause)
        if lead and re.search(r"(产能|生产线)$", lead.group("ind")) and i + 1 < len(clauses):
            # "35%以上电解铝产能以及55%以上铜、铅、锌冶炼产能达到能效标杆水平": the predicate is printed once
            nxt = re.search(r"(?:产能|生产线)(?P<p>[^产线]+)$", clauses[i + 1])
            borrowed = nxt.group("p") if nxt else None
        goal = _one(ind, year, clause, borrowed)
        if goal is not None:
            out.append({k: v for k, v in goal.items() if v is not None or k in ("value", "unit", "scope")})
    return out
