"""The individual checks of the R&D application limits; each reads the rule data it is given."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from policyhub import clock
from policyhub.library.rules.inputs import Application, Ongoing, RdCase
from policyhub.library.rules.ruledata import load
from policyhub.tristate import MET, NOT_MET, UNKNOWN, Tri

# (status, detail, missing facts); None = the rule does not apply to this application.
Outcome = tuple[Tri, str, list[str]] | None
Check = Callable[[RdCase, Application | None, dict[str, Any]], Outcome]

# 三、1./三、2.: the bar and the 2-project total concern 国家重点研发计划 and 科技创新2030 projects only.
KEY_SCHEMES = ("key_rd", "sti2030")


def _date(value: str) -> dt.date:
    return dt.date.fromisoformat(value)


def _bool_fact(value: bool | None, name: str, bad_when: bool, bad: str, good: str) -> Outcome:
    if value is None:
        return UNKNOWN, f"{name} not given", [name]
    return (NOT_MET, bad, []) if value is bad_when else (MET, good, [])


def _waived(case: RdCase, app: Application | None, rule: dict[str, Any]) -> bool:
    """五、2.: 揭榜挂帅 projects waive unit registration and the leader's age, degree and title (transport only)."""
    guide = load("rd_limits_2024")["guides"][rule["guide"]]
    return bool(app and app.jiebang and rule.get("waived_for_jiebang") and guide["jiebang"])


def unit_registered_by(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    if _waived(case, app, rule):
        return MET, "揭榜挂帅项目对揭榜单位无注册时间要求", []
    limit, reg = _date(rule["params"]["date"]), case.unit.registered_date
    if reg is None:
        return UNKNOWN, "unit.registered_date not given", ["unit.registered_date"]
    # Both guides read as 'on or before 2023-06-30' (NQI: 及以前; transport: 前) — see docs/rules.md.
    return (MET, f"registered {reg} ≤ {limit}", []) if reg <= limit else (NOT_MET, f"registered {reg} > {limit}", [])


def unit_legal_person(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    return _bool_fact(case.unit.independent_legal_person, "unit.independent_legal_person", False, "no", "yes")


def unit_not_state_organ(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    return _bool_fact(case.unit.state_organ, "unit.state_organ", True, "unit is a state organ", "not a state organ")


def unit_no_blacklist(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    return _bool_fact(case.unit.credit_blacklisted, "unit.credit_blacklisted", True, "blacklisted", "clean record")


def person_no_blacklist(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    return _bool_fact(case.person.credit_blacklisted, "person.credit_blacklisted", True, "blacklisted", "clean record")


def title_or_phd(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    if _waived(case, app, rule):
        return MET, "揭榜挂帅项目对揭榜团队负责人无学历和职称要求", []
    p = case.person
    if p.title_senior or p.phd:
        return MET, "senior title" if p.title_senior else "PhD", []
    missing = [f"person.{n}" for n in ("title_senior", "phd") if getattr(p, n) is None]
    return (UNKNOWN, "title/degree not given", missing) if missing else (NOT_MET, "neither senior title nor PhD", [])


def months_per_year(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    months, need = case.person.months_per_year, rule["params"]["min_months"]
    if months is None:
        return UNKNOWN, "person.months_per_year not given", ["person.months_per_year"]
    return (MET, f"{months:g} ≥ {need}", []) if months >= need else (NOT_MET, f"{months:g} < {need} months", [])


def _born_check(case: RdCase, limit: dt.date) -> Outcome:
    born = case.person.birth_date
    if born is None:
        return UNKNOWN, "person.birth_date not given", ["person.birth_date"]
    # '1964年1月1日以后出生' includes that day (NQI prints 及以后).
    return (MET, f"born {born} ≥ {limit}", []) if born >= limit else (NOT_MET, f"born {born} < {limit}", [])


def born_on_or_after(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    if app is not None and app.young_scientist != rule.get("young_scientist", app.young_scientist):
        return None
    if _waived(case, app, rule):
        return MET, "揭榜挂帅项目对揭榜团队负责人无年龄要求", []
    return _born_check(case, _date(rule["params"]["date"]))


def born_on_or_after_by_sex(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    if app is not None and not app.young_scientist:
        return None
    if _waived(case, app, rule):
        return MET, "揭榜挂帅项目对揭榜团队负责人无年龄要求", []
    if case.person.sex is None:
        return (
            UNKNOWN,
            "person.sex not given",
            ["person.sex"] + ([] if case.person.birth_date else ["person.birth_date"]),
        )
    return _born_check(case, _date(rule["params"][case.person.sex]))


def proposer(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    return _bool_fact(case.person.proposer, "person.proposer", False, "not the proposer", "proposer of the idea")


def not_civil_servant(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    return _bool_fact(case.person.civil_servant, "person.civil_servant", True, "civil servant", "not a civil servant")


def not_guide_expert(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    expert = case.person.guide_expert
    if isinstance(expert, list):  # the programmes whose guide the person helped draft
        expert = app is not None and app.programme in expert
    return _bool_fact(expert, "person.guide_expert", True, "drafted this programme's guide", "not a guide expert")


def _in_progress(o: Ongoing, as_of: dt.date) -> bool | None:
    return None if o.end_date is None else o.end_date >= as_of


def ongoing_leader_barred(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    # Only 在研项目负责人 are barred; '课题负责人可参与申报' (docs/rules.md).
    leads = [o for o in case.ongoing if o.role == "leader" and o.scheme in KEY_SCHEMES and not o.withdrawn]
    states = [_in_progress(o, _as_of(case)) for o in leads]
    if any(states):
        names = "、".join(o.programme or o.scheme for o, s in zip(leads, states, strict=True) if s)
        return NOT_MET, f"leads ongoing project(s): {names}", []
    if None in states:
        return UNKNOWN, "end_date of an ongoing led project not given", ["ongoing.end_date"]
    return MET, "leads no ongoing project", []


def _exempt(programme: str, budget: float | None) -> bool:
    """三、2.: ≤400万元 政府间国际科技创新合作 / 战略性科技创新合作 projects are outside the 2-project total."""
    limits = load("rd_limits_2024")["exempt_from_total"]
    return any(e["programme"] in programme and budget is not None and budget <= e["max_budget_wan"] for e in limits)


def exempt_projects_bar(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    if app is None or not _exempt(app.programme, app.budget_wan):
        return None
    return ongoing_leader_barred(case, app, rule)


def _as_of(case: RdCase) -> dt.date:
    return case.as_of or clock.today()


def _counted(o: Ongoing, case: RdCase, cutoff: dt.date) -> bool | None:
    """三、5.: an ongoing project ending before the cut-off (2024-12-31) is not counted."""
    if o.withdrawn:
        return False
    if o.end_date is None:
        return None
    return o.end_date >= cutoff and o.end_date >= _as_of(case)


def _limit(items: list[str], unknown: int, limit: int) -> Outcome:
    if len(items) > limit:
        return NOT_MET, f"{len(items)} > {limit}: " + "、".join(items), []
    if len(items) + unknown > limit:
        return UNKNOWN, f"{len(items)} counted, {unknown} without end_date", ["ongoing.end_date"]
    return MET, f"{len(items)} ≤ {limit}" + (": " + "、".join(items) if items else ""), []


def one_led(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    led = [f"申报:{a.programme}" for a in case.applications if a.role == "leader"]
    return _limit(led, 0, rule["params"]["max_led"])


def total_limit(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    cutoff = _date(rule["params"]["cutoff"])
    items = [f"申报:{a.programme}" for a in case.applications if not _exempt(a.programme, a.budget_wan)]
    ongoing = [o for o in case.ongoing if o.scheme in KEY_SCHEMES and not _exempt(o.programme, o.budget_wan)]
    flags = [_counted(o, case, cutoff) for o in ongoing]
    items += [f"在研:{o.programme or o.scheme}" for o, f in zip(ongoing, flags, strict=True) if f]
    return _limit(items, flags.count(None), rule["params"]["max_total"])


def _joint(o: Ongoing, case: RdCase) -> bool:
    """三、4.: which projects enter the joint limit (roles and kinds as printed)."""
    if o.scheme == "nsfc_center":  # 限学术带头人和骨干成员
        return True
    if o.scheme == "nsfc_instrument" and o.role == "member":  # 具有高级职称的主要参与者
        return bool(case.person.title_senior)
    if o.role not in ("leader", "topic_leader"):
        return False
    if o.scheme in KEY_SCHEMES:
        return not o.young_scientist and (o.scheme == "sti2030" or o.category == "standard")
    return True


def joint_limit(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    cutoff = _date(rule["params"]["cutoff"])
    items = [
        f"申报:{a.programme}"
        for a in case.applications
        if a.role == "leader" and not a.young_scientist and a.category == "standard"
    ]
    ongoing = [o for o in case.ongoing if _joint(o, case)]
    flags = [_counted(o, case, cutoff) for o in ongoing]
    items += [f"在研:{o.programme or o.scheme}" for o, f in zip(ongoing, flags, strict=True) if f]
    return _limit(items, flags.count(None), rule["params"]["max_total"])


def no_withdrawal(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    # Quitting is barred while the original project runs (an unknown end date counts as running).
    quit_ = [
        o
        for o in case.ongoing
        if o.withdrawn and o.scheme in KEY_SCHEMES and (o.end_date is None or o.end_date >= _as_of(case))
    ]
    if quit_:
        return NOT_MET, "withdrew from ongoing project(s): " + "、".join(o.programme or o.scheme for o in quit_), []
    return MET, "no withdrawal from an ongoing project", []


def one_team_per_direction(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    apps = [a for a in case.applications if a.guide == rule["guide"] and not a.young_scientist]
    if len(apps) < 2:
        return MET, "one team per direction", []
    if any(a.direction is None for a in apps):
        return UNKNOWN, "applications.direction not given", ["applications.direction"]
    dirs = [a.direction for a in apps]
    dup = sorted({d for d in dirs if d and dirs.count(d) > 1})
    return (NOT_MET, "two teams in direction " + "、".join(dup), []) if dup else (MET, "distinct directions", [])


def submitted_within(case: RdCase, app: Application | None, rule: dict[str, Any]) -> Outcome:
    if app is None or app.submitted_on is None:
        return UNKNOWN, "applications.submitted_on not given", ["applications.submitted_on"]
    lo, hi = _date(rule["params"]["from"]), _date(rule["params"]["to"])
    ok = lo <= app.submitted_on <= hi
    return (MET if ok else NOT_MET), f"{app.submitted_on} {'within' if ok else 'outside'} {lo}…{hi}", []


CHECKS: dict[str, Check] = {
    f.__name__: f
    for f in (
        unit_registered_by, unit_legal_person, unit_not_state_organ, unit_no_blacklist, person_no_blacklist,
        title_or_phd, months_per_year, born_on_or_after, born_on_or_after_by_sex, proposer, not_civil_servant,
        not_guide_expert, ongoing_leader_barred, exempt_projects_bar, one_led, total_limit, joint_limit,
        no_withdrawal, one_team_per_direction, submitted_within,
    )
}  # fmt: skip
