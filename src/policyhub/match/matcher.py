"""The pure matcher: one profile, one as-of date → every call and duty with its status, window and clauses."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypedDict, cast

from policyhub.match import catalog, feeds, scope, window
from policyhub.match.answers import Decision, Judged, Judging, MissingFact
from policyhub.match.logic import evaluate
from policyhub.match.profile import LABELS, Profile
from policyhub.match.spec import Call, ConditionSpec
from policyhub.tristate import MET, NOT_MET, UNKNOWN, all_of

STATUSES = ("required", "eligible", "undetermined", "not_eligible", "not_applicable")
STATUS_NAMES = {"required": "须办理 required", "eligible": "符合条件 eligible",
                "undetermined": "待补充事实 undetermined", "not_eligible": "不符合 not eligible",
                "not_applicable": "不适用 not applicable"}  # fmt: skip


class MatchResult(TypedDict):
    """The answer for one profile: the day judged, the entity as given, items per status, every item decided."""

    as_of: str
    entity: dict[str, Any]
    counts: dict[str, int]  # per status, in STATUSES order
    items: list[Decision]  # each call and duty decided


def _condition(cond: ConditionSpec, profile: Profile, role: str) -> Judging:
    result, missing = evaluate(cond["test"], profile.data)
    out: Judging = {"text": cond["text"], "citation": cond["citation"], "result": result, "role": role,
                    "missing": missing, "href": catalog.unit_ref(cond["citation"])["href"]}  # fmt: skip
    if cond.get("outside"):
        out["outside"] = cond["outside"]
    if cond.get("fact_labels"):
        out["fact_labels"] = cond["fact_labels"]
    return out


def _feed(item: Call, profile: Profile, as_of: dt.date) -> feeds.Feed:
    spec = item.get("feed") or {}
    if "rd" in spec:
        return feeds.rd(profile, spec["rd"], item["doc"], as_of)
    if "negative_list" in spec:
        return feeds.negative_list(profile, as_of)
    if "stamp_duty" in spec:
        return feeds.stamp_duty(profile)
    if "digital" in spec:
        return feeds.digital(profile)
    if "firstset" in spec:
        return feeds.firstset(profile)
    if "renewal" in spec:
        return feeds.renewal(profile)
    if "directions" in spec:
        return feeds.directions(profile)
    if "gec" in spec:
        return feeds.gec(profile)
    return feeds.Feed()


def _labelled(missing: list[str], conds: list[Judging]) -> list[MissingFact]:
    """Each missing field with what a person reads: the profile's label, else the clause that asks for it."""
    out: list[MissingFact] = []
    for name in missing:
        asking = [c for c in conds if name in c.get("missing", [])]
        named = next((c["fact_labels"][name] for c in asking if name in c.get("fact_labels", {})), None)
        text = LABELS.get(name) or named or next((c["text"] for c in asking), name)
        out.append({"field": name, "label": text})
    return out


def _worst(*statuses: str | None) -> str:
    for status in ("not_applicable", "not_eligible", "undetermined"):
        if status in statuses:
            return status
    return "eligible"


def _limits(item: Call, profile: Profile) -> tuple[list[Judging], list[Judging]]:
    """(conditions that make the item not applicable, conditions that make it not eligible) beyond the kind."""
    gates: list[Judging] = []
    conditions: list[Judging] = []
    addressed = scope.department(item, profile)
    if addressed is not None:
        gates.append(addressed)
    limited = scope.sector_condition(item, profile)
    if limited is not None:
        (gates if limited[1] else conditions).append(limited[0])
    return gates, conditions


def decide(item: Call, profile: Profile, as_of: dt.date) -> Decision:
    """One item for this profile: status, conditions with their clauses, missing facts, window."""
    kind = profile.kind
    applicable = kind is not None and kind in item["who_kinds"]
    trigger = [_condition(c, profile, "trigger") for c in item.get("trigger", [])
               if kind is None or "kinds" not in c or kind in c["kinds"]]  # fmt: skip
    own = [_condition(c, profile, "condition") for c in item.get("conditions", [])
           if kind is None or "kinds" not in c or kind in c["kinds"]]  # fmt: skip
    limits: tuple[list[Judging], list[Judging]] = _limits(item, profile) if applicable else ([], [])
    trigger += limits[0]  # another department's task, or a sector the item is not for: not applicable
    feed = _feed(item, profile, as_of) if applicable else feeds.Feed()
    checked = [cast(Judging, {**c, "role": "checker"}) for c in feed.conditions]  # a checker's own condition
    conds = trigger + ([] if feed.replaces else own) + limits[1] + checked
    for c in conds:
        c.setdefault("href", catalog.unit_ref(c["citation"])["href"])
    triggered = all_of(c["result"] for c in trigger)
    if kind is None:
        status, missing = "undetermined", ["entity.kind"]
    elif not applicable or triggered == NOT_MET or feed.status == "not_applicable":
        status, missing = "not_applicable", []
    else:
        missing = [f for c in conds if c["result"] == UNKNOWN for f in c.get("missing", [])] + feed.missing
        if triggered == UNKNOWN:
            status = "undetermined"
        elif item["kind"] in ("duty", "task"):
            status = "required"  # the conditions shown (a checker's answer) do not lift the duty
        else:
            results = [c["result"] for c in conds if c["role"] not in ("trigger", "addressee")]
            own_status = {MET: "eligible", NOT_MET: "not_eligible", UNKNOWN: "undetermined"}[all_of(results)]
            status = _worst(own_status, feed.status, "undetermined" if feed.missing else None)
    out: dict[str, Any] = {
        "id": item["id"],
        "doc": item["doc"],
        "title": item["title"],
        "kind": item["kind"],
        "who": item["who"],
        "status": status,
        "status_name": STATUS_NAMES[status],
        "window": window.compute(item["window"], as_of),
        "conditions": [cast(Judged, {k: v for k, v in c.items() if k != "missing"}) for c in conds],
        "missing": list(dict.fromkeys(missing)),
        "missing_facts": _labelled(list(dict.fromkeys(missing)), conds),
        "citation": item["citation"],
        "href": catalog.unit_ref(item["citation"])["href"],
    }
    for key in ("duty", "consequence", "quotas", "route", "notes", "priority"):
        if item.get(key):
            out[key] = item[key]
    outside = [c["outside"] for c in conds if c.get("outside")]
    if outside:
        out["outside"] = outside
    if feed.detail:
        out["detail"] = feed.detail
    return cast(Decision, out)  # the keys above; the item's clauses only where it has them


def match(profile: Profile, as_of: dt.date | None = None) -> MatchResult:
    """Every call and duty for the profile on `as_of` (default: today in Beijing); closed windows sort last."""
    day = as_of or window.today()
    items = [decide(item, profile, day) for item in catalog.items()]
    # Open before upcoming before closed, earliest deadline first; on one date, what the entity must do first.
    items.sort(key=lambda i: (*window.sort_key(i["window"]), STATUSES.index(i["status"]), i["doc"], i["id"]))
    counts = {s: sum(1 for i in items if i["status"] == s) for s in STATUSES}
    return {"as_of": day.isoformat(), "entity": profile.data["entity"], "counts": counts, "items": items}
