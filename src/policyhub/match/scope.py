"""Whom an item is for beyond its entity kinds: the government department addressed, the sector it is limited to."""

from __future__ import annotations

from policyhub.match import addressees, sector
from policyhub.match.answers import Judging
from policyhub.match.profile import Profile
from policyhub.match.spec import Call
from policyhub.tristate import MET, NOT_MET, UNKNOWN


def department(item: Call, profile: Profile) -> Judging | None:
    """A government's department against the one the item is addressed to (None: not a department's task)."""
    gate = addressees.gate(item, profile.kind)
    if gate is None:
        return None
    names = "、".join(gate["departments"])
    given = profile.data["entity"].get("department")
    own = addressees.department(given) if isinstance(given, str) else None
    if own is None:
        result, missing, whose = UNKNOWN, ["entity.department"], "本档案未写部门 the profile names no department"
    elif own in gate["departments"]:
        result, missing, whose = MET, [], f"本档案为{own}部门 the profile's department is {own}"
    else:
        result, missing, whose = NOT_MET, [], f"本档案为{own}部门，不是本项的主送部门 addressed to another department"
    return {"text": f"本项主送{names}部门：“{gate['quote']}”；{whose}", "citation": gate["citation"], "result": result,
            "role": "addressee", "missing": missing, "departments": gate["departments"],
            "quote": gate["quote"]}  # fmt: skip


def sector_condition(item: Call, profile: Profile) -> tuple[Judging, bool] | None:
    """(the sector condition, whether being outside makes the item not_applicable rather than not_eligible)."""
    limit = item.get("sector")
    if not limit:
        return None
    given = profile.data["entity"].get("sector")
    reading = sector.classify(given) if isinstance(given, str) else None
    inside = sector.in_scope(reading, limit["sections"])
    standard = sector.table()["standard"]["code"]
    scope = f"{limit['scope']}（{standard} 门类 {'、'.join(limit['sections'])}）"
    if reading is None:
        result, missing = UNKNOWN, ["entity.sector"]
        whose = f"行业「{given}」未能对应到 {standard} the sector cannot be read" if given else "未写行业 no sector"
    else:
        result, missing = (MET if inside else NOT_MET), []
        division = f" / {reading['division']} {reading['division_name']}" if reading["division"] else ""
        whose = f"本档案行业「{given}」属 {reading['section']} {reading['section_name']}{division}"
    cond: Judging = {"text": f"限{scope}：“{limit['quote']}”；{whose}", "citation": limit["citation"],
                     "result": result, "role": "sector", "missing": missing, "sector": reading}  # fmt: skip
    return cond, limit.get("outside") == "not_applicable"
