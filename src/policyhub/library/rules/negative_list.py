"""Foreign investment negative list 2024 (发展改革委 商务部令第23号): which special measures apply to an activity."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyhub.errors import InputError
from policyhub.library.rules.answers import (
    Cited,
    Coverage,
    Excepted,
    Exempted,
    GeneralMeasure,
    ListDocument,
    Measure,
    NegativeListAnswer,
    Related,
    Restriction,
    Verdict,
)
from policyhub.library.rules.matching import any_pattern, first_term, normalise
from policyhub.library.rules.ruledata import load

# The measure's headline `type` is its most severe matched restriction (list order = severity).
SEVERITY = ("prohibited", "chinese_control", "equity_cap", "joint_venture_only", "legal_rep_nationality", "other")


def cite(doc: dict[str, Any], ref: dict[str, Any]) -> str:
    """'《title》（number）article' for a clause of the list, or the Q&A it cites."""
    if "document" in ref:
        return f"《{ref['document']}》（{ref.get('date', '')}）{ref.get('article', '')}".replace("（）", "")
    return f"《{doc['document']['title']}》（{doc['document']['number']}）{ref.get('article', '')}"


def _restriction_view(r: dict[str, Any]) -> Restriction:
    view: Restriction = {"type": r["type"], "scope": r["scope"]}
    if "equity_cap" in r:
        view["equity_cap"] = r["equity_cap"]
    if "control" in r:
        view["control"] = r["control"]
    if "board_chinese_min" in r:
        view["board_chinese_min"] = r["board_chinese_min"]
    return view


def _match_measure(
    text: str, measure: dict[str, Any], makes: bool = False
) -> tuple[list[dict[str, Any]], list[Exempted], str | None]:
    """(restrictions that apply, restrictions excepted by the measure's own text, why the measure is only related).

    makes: the activity names manufacturing (呼叫中心设备制造): an exception's own words then name a product, not the
    excepted service, so they do not bring the measure in."""
    applied: list[dict[str, Any]] = []
    excepted: list[Exempted] = []
    outside: str | None = None
    for r in measure["restrictions"]:
        # An activity the exception names on its own (呼叫中心) is in the measure as much as "增值电信 呼叫中心":
        # the list names it, in brackets (第12项 "增值电信业务的外资股比不超过 50%（…呼叫中心除外）").
        named = None if makes else next((e for e in r["exceptions"] if first_term(text, e.get("alone", []))), None)
        if named is None and not any_pattern(text, r["match"]):
            continue
        beyond = first_term(text, r["not_covered"])
        if beyond is not None:
            outside = f"outside_scope:{beyond}"
            continue
        exception = named or next((e for e in r["exceptions"] if first_term(text, e["terms"])), None)
        if exception is None:
            applied.append(r)
        else:
            quote = exception_quote(measure["text"], exception["text"])
            excepted.append(
                {**_restriction_view(r), "exception": exception["text"], "quote": quote, "lifts": r["scope"]}
            )
    if applied or excepted:
        return applied, excepted, None
    if outside is None:
        topic = first_term(text, measure["topics"])
        outside = f"field_only:{topic}" if topic else None
    return applied, excepted, outside


def exception_quote(measure: str, exception: str) -> str:
    """The clause of the measure that carries the exception, as printed: "增值电信业务的外资股比不超过 50%（…除外）"."""
    at = measure.find(exception)
    if at < 0:
        return exception
    start = max(measure.rfind(mark, 0, at) for mark in "，；。") + 1
    close = measure.find("）", at)
    return measure[start : close + 1 if close >= 0 else len(measure)]


def _measure_view(measure: dict[str, Any], applied: list[dict[str, Any]], doc: dict[str, Any]) -> Measure:
    types = sorted({r["type"] for r in applied}, key=SEVERITY.index)
    caps = [r["equity_cap"] for r in applied if "equity_cap" in r]
    notes = [n for n in doc["notes"] if "*" not in n["applies_to"] and set(n["applies_to"]) & set(types)]
    return {
        "no": measure["no"],
        "text": measure["text"],
        "type": types[0],
        "types": types,
        "equity_cap": caps[0] if caps else None,
        "sector": measure["sector"],
        "restrictions": [_restriction_view(r) for r in applied],
        "citation": cite(doc, measure["citation"]),
        "notes": [{"text": n["text"], "citation": cite(doc, n["citation"])} for n in notes],
    }


def covers(doc: dict[str, Any]) -> list[Coverage]:
    """The dates the data answers for: the 2021 list (inferred, 说明十一 + 答记者问) and the 2024 list (encoded)."""
    prev, cur = doc["previous_list"], doc["document"]
    last_2021 = (dt.date.fromisoformat(cur["effective_from"]) - dt.timedelta(days=1)).isoformat()
    return [
        {"list": prev["title"], "from": prev["effective_from"], "to": last_2021, "encoded": False},
        {"list": cur["title"], "from": cur["effective_from"], "to": cur["effective_to"], "encoded": True},
    ]


def _vague(text: str, doc: dict[str, Any]) -> bool:
    """True when the activity is made only of generic words (投资一家公司): it names nothing the list lists."""
    rest = text
    for word in sorted(doc["vague"]["words"], key=len, reverse=True):
        rest = rest.replace(normalise(word), "")
    return not any(ch.isalnum() for ch in rest)


def _list_document(doc: dict[str, Any]) -> ListDocument:
    d = doc["document"]
    return {"title": d["title"], "number": d["number"], "published": d["published"],
            "effective_from": d["effective_from"]}  # fmt: skip


def _not_covered(activity: str, on: dt.date, doc: dict[str, Any]) -> NegativeListAnswer:
    """Before 2022-01-01 neither list encoded here applied: say so, with the dates that are covered."""
    prev = doc["previous_list"]
    answer = (
        f"未覆盖 not covered：{on.isoformat()} 时适用的外商投资准入负面清单未收录；{prev['title']}"
        f"（{prev['published']} 发布，说明十一）自 {prev['effective_from']} 起适用，本程序只回答此后的日期。"
    )
    return {
        "activity": activity, "date": on.isoformat(),
        "list": _list_document(doc), "in_force": False, "applicable_list": None,
        "effective": {"from": doc["document"]["effective_from"], "to": doc["document"]["effective_to"]},
        "covers": covers(doc), "restricted": False, "determined": False, "verdict": "not_covered",
        "status": "not_covered", "measures": [], "general_measures": [], "excepted": [], "related": [],
        "manufacturing": False, "sectors": [], "removed_in_2024": [], "missing": [], "answer": answer,
        "headline": answer, "basis": [{"text": prev["text"], "citation": cite(doc, prev["citation"])}],
    }  # fmt: skip


def check_activity(activity: str, on: dt.date) -> NegativeListAnswer:
    """The special measures of the 2024 list that apply to `activity` on date `on`, or an explicit 'no restriction'."""
    text = normalise(activity)
    if not text:
        raise InputError("activity：请填写经营活动或行业，如 核电站建设经营 must name an activity", "activity_required")
    doc = load("negative_list_2024")
    if on < dt.date.fromisoformat(doc["previous_list"]["effective_from"]):
        return _not_covered(activity, on, doc)
    effective_from = dt.date.fromisoformat(doc["document"]["effective_from"])
    in_force = on >= effective_from
    measures: list[Measure] = []
    excepted: list[Excepted] = []
    related: list[Related] = []
    makes = any_pattern(text, doc["manufacturing"]["match"])
    for measure in doc["measures"]:
        applied, exc, rel = _match_measure(text, measure, makes)
        if applied:
            measures.append(_measure_view(measure, applied, doc))
        excepted += [{"no": measure["no"], "text": measure["text"], "sector": measure["sector"], **e} for e in exc]
        if rel is not None:
            reason, term = rel.split(":", 1)
            related.append({"no": measure["no"], "text": measure["text"], "reason": reason, "term": term})
    general: list[GeneralMeasure] = [
        {"id": g["id"], "text": g["text"], "type": g["type"], "citation": cite(doc, g["citation"])}
        for g in doc["general_measures"]
        if any_pattern(text, g["match"])
    ]
    removed = [m for m in doc["removed_from_2021"]["measures"] if any_pattern(text, m["match"])]
    # The sector is the list's own: an activity a measure lists (小麦种子生产, 第1项) sits in that measure's sector
    # (一、农、林、牧、渔业), however manufacturing-like its words (生产).
    sectors = list(dict.fromkeys(m["sector"] for m in measures + excepted))
    manufacturing = not sectors and any_pattern(text, doc["manufacturing"]["match"])
    if not in_force:
        # 2022-01-01 … 2024-10-31 the 2021 list applies (说明十一); it is not encoded: it differed by the two
        # manufacturing measures the Q&A names, so those are shown as 2021 measures.
        measures += [
            {
                "no": None,
                "text": m["text"],
                "type": m["type"],
                "types": [m["type"]],
                "equity_cap": None,
                "list": "2021",
                "citation": cite(doc, doc["removed_from_2021"]["citation"]),
            }
            for m in removed
        ]
    restricted = bool(measures or general)
    vague = not restricted and not excepted and not related and not manufacturing and _vague(text, doc)
    # An excepted activity is named by the list itself: a field word it shares with another measure (调查) does not
    # leave it undetermined.
    determined = not vague and (
        restricted or manufacturing or bool(excepted) or all(x["reason"] == "outside_scope" for x in related)
    )
    verdict: Verdict = "restricted" if restricted else ("no_restriction" if determined else "undetermined")
    result: NegativeListAnswer = {
        "activity": activity,
        "date": on.isoformat(),
        "list": _list_document(doc),
        "in_force": in_force,
        "applicable_list": doc["document"]["title"] if in_force else doc["previous_list"]["title"],
        "effective": {"from": doc["document"]["effective_from"], "to": doc["document"]["effective_to"]},
        "covers": covers(doc),
        "restricted": restricted,
        # Manufacturing is cleared to zero (答记者问), so a manufacturing activity that only names a listed
        # field (核电设备制造, 稀土冶炼) is decided: no restriction.
        "determined": determined,
        "measures": measures,
        "general_measures": general,
        "excepted": excepted,
        "related": related,
        "manufacturing": manufacturing,
        "sectors": sectors,
        "removed_in_2024": [
            {"text": m["text"], "type": m["type"], "citation": cite(doc, doc["removed_from_2021"]["citation"])}
            for m in removed
        ],
        "missing": [] if determined else ["activity"],
        "vague": vague,
        "verdict": verdict,
        "status": verdict,
        # Filled just below: the answer reads the finding above (its keys keep this printed order).
        "answer": "",
        "basis": [],
        "headline": "",
    }
    result["answer"], result["basis"] = _answer(result, doc)
    result["headline"] = result["answer"]
    return result


def _answer(r: NegativeListAnswer, doc: dict[str, Any]) -> tuple[str, list[Cited]]:
    """A one-line answer and the printed text it rests on."""
    basis: list[Cited] = []
    if not r["in_force"]:
        prev = doc["previous_list"]
        basis.append({"text": doc["document"]["promulgation_text"], "citation": cite(doc, {})})
        basis.append({"text": prev["text"], "citation": cite(doc, prev["citation"])})
        head = (
            f"{r['date']} 时 2024年版负面清单尚未施行（{doc['document']['effective_from']} 起施行），"
            f"适用{prev['title']}；"
            "2021年版未收录，以下按2024年版条文及答记者问所列删除的2条措施推断。"
        )
    else:
        head = ""
    lifted = "".join(
        f"第{e['no']}项例外：“{e['quote']}”，不适用“{e['lifts']}” the exception lifts this restriction。"
        for e in r["excepted"]
    )
    basis += [{"text": e["quote"], "citation": f"{cite(doc, {})}第{e['no']}项"} for e in r["excepted"]]
    if r["restricted"]:
        nos = "、".join(f"第{m['no']}项" if m["no"] else "2021年版措施" for m in r["measures"])
        nos = nos or "、".join(g["id"] for g in r["general_measures"])
        # 说明五 (State Council exemption) and 说明八 (other measures per current rules) qualify every answer.
        basis += [
            {"text": n["text"], "citation": cite(doc, n["citation"])} for n in doc["notes"] if "*" in n["applies_to"]
        ]
        return head + f"受限：适用 {nos}。" + lifted, basis
    if r["excepted"]:
        return head + "无限制：该活动属负面清单措施的例外。" + lifted, basis
    if r.get("vague"):
        # "投资一家公司" names no activity: the list cannot be checked against it (issue 13).
        return head + "未能判定 undetermined：未写明具体经营活动（行业、产品或服务），请补充 activity。", basis
    if not r["determined"]:
        nos = "、".join(f"第{m['no']}项" for m in r["related"])
        return head + f"未能判定 undetermined：负面清单限制该领域的部分活动（{nos}），请写明具体活动。", basis
    basis.append({"text": doc["outside_list"]["text"], "citation": cite(doc, doc["outside_list"]["citation"])})
    if r["manufacturing"]:
        basis.append({"text": doc["manufacturing"]["text"], "citation": cite(doc, doc["manufacturing"]["citation"])})
        return head + "无限制：制造业外资准入限制措施已全面取消，按照内外资一致原则实施管理。", basis
    return head + "无限制：负面清单未列出该活动，按照内外资一致原则实施管理。", basis
