"""National key R&D programme 2024 application limits (交通 / NQI guides): eligible or every rule broken."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyhub.library.rules.inputs import Application, RdCase
from policyhub.library.rules.rd_checks import CHECKS, NOT_MET, UNKNOWN
from policyhub.library.rules.ruledata import load


def citation(guide: dict[str, Any], article: str) -> str:
    """'<guide title>（<issuer> <date>）<article>' — the guides carry no document number."""
    return f"{guide['title']}（{guide['issuer']} {guide['date']}）{article}"


def _condition(
    rule: dict[str, Any], outcome: tuple[str, str, list[str]], index: int | None, app: Application | None
) -> dict[str, Any]:
    guide = load("rd_limits_2024")["guides"][rule["guide"]]
    status, detail, missing = outcome
    return {
        "rule": rule["id"],
        "label": rule["label"],
        "guide": rule["guide"],
        "application": index,
        "programme": app.programme if app else None,
        "status": status,
        "strength": rule["strength"],
        "detail": detail,
        "missing": missing,
        "text": rule["text"],
        "citation": citation(guide, rule["article"]),
        "source": {
            "document": guide["title"],
            "issuer": guide["issuer"],
            "date": guide["date"],
            "article": rule["article"],
        },
    }


def check_eligibility(case: RdCase, today: dt.date | None = None) -> dict[str, Any]:
    """Every printed limit for each application and for the person's whole portfolio; eligible = none broken."""
    data = load("rd_limits_2024")
    if case.as_of is None:
        case = case.model_copy(update={"as_of": today or dt.date.today()})
    conditions: list[dict[str, Any]] = []
    for index, app in enumerate(case.applications):
        for rule in data["rules"]:
            if rule["guide"] != app.guide or rule["scope"] != "application" or app.role not in rule["roles"]:
                continue
            outcome = CHECKS[rule["check"]](case, app, rule)
            if outcome is not None:
                conditions.append(_condition(rule, outcome, index, app))
    for guide in dict.fromkeys(a.guide for a in case.applications):
        for rule in data["rules"]:
            if rule["guide"] == guide and rule["scope"] == "portfolio":
                outcome = CHECKS[rule["check"]](case, None, rule)
                if outcome is not None:
                    conditions.append(_condition(rule, outcome, None, None))
    violations = [
        {
            k: c[k]
            for k in ("rule", "label", "guide", "citation", "text", "strength", "application", "programme", "detail")
        }
        for c in conditions
        if c["status"] == NOT_MET
    ]
    unknown = [c for c in conditions if c["status"] == UNKNOWN]
    per_app = [
        {
            "index": i,
            "programme": a.programme,
            "guide": a.guide,
            "role": a.role,
            "young_scientist": a.young_scientist,
            "eligible": not any(v["application"] in (i, None) for v in violations),
        }
        for i, a in enumerate(case.applications)
    ]
    guides = {g: data["guides"][g] for g in dict.fromkeys(a.guide for a in case.applications)}
    return {
        "eligible": not violations,
        "complete": not unknown,
        "as_of": case.as_of.isoformat() if case.as_of else None,
        "violations": violations,
        "unknown": [{"rule": c["rule"], "application": c["application"], "missing": c["missing"]} for c in unknown],
        "conditions": conditions,
        "applications": per_app,
        "effective": {g: {"published": d["date"], "window": d["window"]} for g, d in guides.items()},
        "not_checked": [
            {"text": n["text"], "citation": citation(data["guides"][n["guide"]], n["article"])}
            for n in data["not_checked"]
            if n["guide"] in guides
        ],
    }
