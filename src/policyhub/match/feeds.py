"""What the other modules answer for a profile: the rules checkers, the digital assessment, the first-set catalog."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from policyhub.errors import InputError
from policyhub.library import service
from policyhub.match.profile import Profile
from policyhub.tristate import MET, NOT_MET, UNKNOWN

# Headlines of a checker's answer, mapped defensively: any other answer (a checker may add "not_covered" or
# "undetermined") is unknown — never guessed as met.
_STATUS = {"met": MET, "not_met": NOT_MET}
_VERDICT = {"no_restriction": MET, "restricted": NOT_MET}
_STAMP = {"exempt": MET, "partly_exempt": MET, "taxable": NOT_MET}


@dataclass
class Feed:
    """Conditions, missing facts, a status the feed decides (None: leave it to the conditions) and details."""

    conditions: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    status: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    replaces: bool = False  # the checker's conditions replace the item's own (they decide the same facts)


def unit_for(doc_id: str, label: str, fallback: str) -> str:
    """The citation id of the unit of `doc_id` whose label starts the checker's article ('三、第一款' → '三、')."""
    doc = service.get_document(doc_id)
    wanted = [label.split("；")[0].strip(), re.sub(r"第.+款$", "", label.split("；")[0]).strip()]
    for want in wanted:
        for unit in doc.units:
            if want and unit.label == want:
                return unit.id
    return fallback


def rd(profile: Profile, guide: str, doc_id: str, as_of: dt.date) -> Feed:
    """d15/d16: `rules rd-eligibility` on the profile's rd input, for the applications under this guide."""
    from policyhub.library.rules.rd_eligibility import check_eligibility

    if profile.rd is None:
        return Feed(missing=["rd"])
    apps = [a for a in profile.rd.applications if a.guide == guide]
    if not apps:
        return Feed(missing=[f"rd.applications（guide={guide}）"])
    result = check_eligibility(profile.rd.model_copy(update={"applications": apps}), today=as_of)
    conds = []
    for c in result.get("conditions", []):
        article = str((c.get("source") or {}).get("article", ""))
        conds.append({"text": c.get("text", ""), "citation": unit_for(doc_id, article, f"{doc_id}.序"),
                      "result": _STATUS.get(c.get("status"), UNKNOWN), "checker": "policyhub rules rd-eligibility",
                      "checker_citation": c.get("citation"), "missing": c.get("missing") or []})  # fmt: skip
    eligible, complete = result.get("eligible"), result.get("complete")
    status = "not_eligible" if eligible is False else ("eligible" if eligible is True and complete is True else None)
    missing = [f"rd.{m}" for c in result.get("unknown", []) for m in (c.get("missing") or [])]
    if status is None:
        status = "undetermined"
    return Feed(conds, missing, status, {"rd_eligibility": {"eligible": eligible, "complete": complete}}, True)


def negative_list(profile: Profile, as_of: dt.date) -> Feed:
    """d26: `rules negative-list` for each activity the profile names, on the as-of date."""
    from policyhub.library.rules.negative_list import check_activity

    activities = profile.data.get("activities")
    if not activities:
        return Feed(missing=["activities"])
    conds = []
    for activity in activities:
        try:
            r = check_activity(activity, as_of)
        except InputError as exc:
            raise InputError(f"activities：{exc.message}", exc.code) from None
        nos = [m["no"] for m in r["measures"] if m["no"]]
        cite = _measure_unit(int(nos[0])) if nos else "d26.说明.三"
        verdict = str(r.get("verdict"))
        conds.append({"text": f"{activity}：{r.get('answer', '')}", "citation": cite,
                      "result": _VERDICT.get(verdict, UNKNOWN), "checker": "policyhub rules negative-list",
                      "verdict": verdict})  # fmt: skip
    return Feed(conds)


def _measure_unit(no: int) -> str:
    doc = service.get_document("d26")
    return next((u.id for u in doc.units if re.fullmatch(rf"d26\.清单\.[^.]+\.{no}", u.id)), "d26.说明.三")


def stamp_duty(profile: Profile) -> Feed:
    """d30: `rules stamp-duty` item by item; exempt or partly exempt items make the benefit apply."""
    from policyhub.library.rules.stamp_duty import assess

    if profile.stamp is None:
        return Feed(missing=["stamp_duty"])
    result = assess(profile.stamp)
    conds = []
    for item in result.get("items", []):
        clause = str(item.get("clause", ""))
        cite = "d30.四.（六）" if clause == "执行期限" else unit_for("d30", clause, "d30.序")
        conds.append({"text": f"{item.get('id') or item.get('kind')}：{item.get('basis', '')}", "citation": cite,
                      "result": _STAMP.get(item.get("status"), UNKNOWN), "checker": "policyhub rules stamp-duty",
                      "checker_status": item.get("status")})  # fmt: skip
    results = {c["result"] for c in conds}
    status = "undetermined" if UNKNOWN in results else ("eligible" if MET in results else "not_eligible")
    return Feed(conds, status=status, detail={"stamp_duty": {"all_exempt": result.get("all_exempt"),
                                                             "total_tax": result.get("total_tax")}})  # fmt: skip


def digital(profile: Profile) -> Feed:
    """d17: the profile's assessment result (level, score) or its answers assessed by `policyhub digital`."""
    from policyhub.digital.catalog import load_catalog

    given = profile.data.get("digital")
    catalog = load_catalog()
    if not given:
        return Feed(detail={"digital": None, "assess_at": "/digital"})
    if "answers" in given:
        from policyhub.digital.answers import parse_firm
        from policyhub.digital.report import assessment_to_dict
        from policyhub.digital.scoring import assess

        try:
            report = assessment_to_dict(assess(parse_firm(given, catalog), catalog), catalog)
        except InputError as exc:
            raise InputError(f"digital.{exc.message}", exc.code) from None
        level, score, source = report["level"], report["score"], "assessed"
    else:
        level, score, source = given.get("level"), given.get("score"), "profile"
        if isinstance(level, bool) or not isinstance(level, int) or not 0 <= level <= len(catalog.levels):
            raise InputError(f"digital.level：应为 0–4 的整数 expected 0–4，收到 got {level!r}", "invalid_profile")
        number = isinstance(score, int | float) and not isinstance(score, bool)
        if score is not None and (not number or not 0 <= score <= 100):
            raise InputError(f"digital.score：应为 0–100 expected 0–100，收到 got {score!r}", "invalid_profile")
    return Feed(detail={"digital": {"level": level, "level_name": catalog.level_name(level), "score": score,
                                    "source": source}, "assess_at": "/digital"})  # fmt: skip


def firstset(profile: Profile) -> Feed:
    """d01: each listed product checked against its catalog entry (by code, or the best match of its specs)."""
    from policyhub.firstset import service as fs

    products = profile.data.get("products")
    if products is None:
        return Feed(missing=["products"])
    if not products:
        return Feed(status="not_applicable")
    conds, missing = [], []
    for i, product in enumerate(products):
        name = product.get("name") or f"products[{i}]"
        entry, params = product.get("entry"), product.get("params")
        try:
            if entry is None and params:
                ranked = fs.match({"params": params})
                entry = ranked[0]["entry"] if ranked else None
            if entry is None:
                hits = fs.find(name) if product.get("name") else []
                codes = "、".join(h["code"] for h in hits[:5])
                found = f"可能对应 {codes}" if codes else "未找到同名条目"
                conds.append({"text": f"{name}：目录中{found}，请填写指标 params",
                              "citation": f"d01.{hits[0]['code']}" if hits else "d01.序", "result": UNKNOWN,
                              "checker": "policyhub firstset"})  # fmt: skip
                missing.append(f"products[{i}].params")
                continue
            checked = fs.check({"entry": entry, "params": params or {}}) if params else fs.show(entry)
        except InputError as exc:
            raise InputError(f"products[{i}]：{exc.message}", exc.code) from None
        ok = checked.get("qualifies")
        result = MET if ok is True else (NOT_MET if ok is False else UNKNOWN)
        if result == UNKNOWN:
            missing.append(f"products[{i}].params")
        conds.append({"text": f"{name}：{entry} {checked.get('name', '')}", "citation": _entry_unit(str(entry)),
                      "result": result, "checker": "policyhub firstset", "entry": entry})  # fmt: skip
    return Feed(conds, missing)


def _entry_unit(code: str) -> str:
    doc = service.get_document("d01")
    return next((u.id for u in doc.units if u.id == f"d01.{code}"), "d01.序")


def renewal(profile: Profile) -> Feed:
    """d02: the sector's goal and key directions from the renewal guide (its 31 industries)."""
    sector = profile.data["entity"].get("sector")
    if not sector:
        return Feed(missing=["entity.sector"])
    from policyhub.renewal.service import guide

    try:
        found = guide(sector)
    except InputError:
        return Feed(status="not_applicable", detail={"renewal": None})
    assert isinstance(found, dict)
    cond = {"text": f"{found['name']}：{found['goal']}", "citation": found["goal_citation"], "result": MET,
            "checker": "policyhub library renewal"}  # fmt: skip
    directions = [{"title": d["title"], "citation": d["citation"]} for d in found.get("directions", [])]
    return Feed([cond], detail={"renewal": {"industry": found["name"], "directions": directions}})


def directions(profile: Profile) -> Feed:
    """d19: the 39 key directions of 附件2; those naming the profile's sector first."""
    doc = service.get_document("d19")
    rows = []
    for unit in doc.units:
        if unit.kind != "row" or not unit.id.startswith("d19.附件2."):
            continue
        # 序号, 行业 (printed only on a group's first row of each page: not carried, the page breaks mislead), 重点方向
        cells = unit.lines[0].split("\t")
        rows.append({"no": int(cells[0]), "industry": cells[1].strip() or None, "direction": cells[2].strip(),
                     "citation": unit.id})  # fmt: skip
    sector = str(profile.data["entity"].get("sector") or "")
    hits = [r for r in rows if sector and (str(r["direction"]) in sector or sector in str(r["direction"]))]
    return Feed(detail={"directions": {"count": len(rows), "matching": hits}})


def gec(profile: Profile) -> Feed:
    """d24: the profile's registry account and claims, shown with their pages (the registry itself is not read)."""
    given = profile.data.get("gec")
    if not given:
        return Feed()
    account = given.get("account")
    return Feed(detail={"gec": {**given, "href": f"/gec/accounts/{account}" if account else "/gec"}})
