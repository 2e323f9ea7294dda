"""政策匹配 page: a short profile form, results grouped by status with each clause linked, and the calendar."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from policyhub.errors import InputError
from policyhub.match import catalog
from policyhub.match.addressees import departments
from policyhub.match.cli import run
from policyhub.match.logic import fields
from policyhub.match.matcher import STATUS_NAMES, STATUSES
from policyhub.match.profile import BOOLS, ENUMS, LABELS
from policyhub.match.render import STATE_NAMES, ics
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)

KIND_NAMES = {"enterprise": "企业", "city_government": "市级人民政府（城市）", "provincial_government": "省级主管部门",
              "central_enterprise": "中央企业（集团）", "association": "行业协会（联合会）",
              "standards_body": "标准化组织/机构", "research_institute": "科研院所", "university": "高等学校",
              "individual": "个人"}  # fmt: skip
SIZE_NAMES = {"micro": "微型", "small": "小型", "medium": "中型", "large": "大型"}
CITY_NAMES = {"prefecture": "地级及以上", "county": "县级"}
CHAMPION = {"": "未填写 not given", "none": "不是单项冠军 none", "6": "第六批（2021年认定）batch 6",
            "3r": "第三批，已通过复核 batch 3, reviewed", "3": "第三批，未通过复核 batch 3, not reviewed"}  # fmt: skip


def fact_questions() -> list[dict[str, Any]]:
    """Every facts.* field the calls ask about, with the clause that asks (from the data, so new calls add theirs)."""
    seen: dict[str, dict[str, Any]] = {}
    for item in catalog.items():
        for cond in [*item.get("trigger", []), *item.get("conditions", [])]:
            for name in fields(cond["test"]):
                if name.startswith("facts.") and name not in seen:
                    numeric = _op(cond["test"], name) in ("gte", "lte")
                    label = cond.get("fact_labels", {}).get(name, cond["text"])
                    seen[name] = {"name": name.removeprefix("facts."), "label": label, "doc": item["doc"],
                                  "numeric": numeric}  # fmt: skip
    return list(seen.values())


def _op(test: dict[str, Any], name: str) -> str | None:
    if "all" in test or "any" in test:
        return next((o for t in test.get("all") or test.get("any") or [] if (o := _op(t, name))), None)
    return str(test["op"]) if test["field"] == name else None


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


def profile_from_query(q: dict[str, str]) -> dict[str, Any]:
    """The form's fields → PROFILE.json (an empty field stays out: unknown)."""
    entity: dict[str, Any] = {}
    for key in ("kind", "name", "province", "city", "sector", "size", "city_level", "department"):
        if q.get(key, "").strip():
            entity[key] = q[key].strip()
    for key in BOOLS:
        if _yes_no(q.get(key, "")) is not None:
            entity[key] = _yes_no(q[key])
    champion = q.get("champion", "")
    if champion == "none":
        entity["champion"] = None
    elif champion in ("6", "3", "3r"):
        reviewed = {} if champion == "6" else {"passed_review": champion == "3r"}
        entity["champion"] = {"batch": int(champion[0]), **reviewed}
    facts: dict[str, Any] = {}
    for fq in fact_questions():
        raw = q.get(f"f_{fq['name']}", "").strip()
        if fq["numeric"] and raw:
            try:
                facts[fq["name"]] = float(raw)
            except ValueError:
                raise InputError(f"{fq['name']}：应为数值 must be a number，收到 got {raw!r}") from None
        elif _yes_no(raw) is not None:
            facts[fq["name"]] = _yes_no(raw)
    profile: dict[str, Any] = {"entity": entity, "facts": facts}
    if q.get("as_of", "").strip():
        profile["as_of"] = q["as_of"].strip()
    return profile


def _context(request: Request) -> dict[str, Any]:
    q = dict(request.query_params)
    ctx: dict[str, Any] = {"q": q, "kinds": KIND_NAMES, "sizes": SIZE_NAMES, "city_levels": CITY_NAMES,
                           "bools": [(b, LABELS[f"entity.{b}"]) for b in BOOLS], "champion": CHAMPION,
                           "facts": fact_questions(), "statuses": STATUSES, "status_names": STATUS_NAMES,
                           "state_names": STATE_NAMES, "result": None, "error": None, "enums": ENUMS,
                           "departments": departments()}  # fmt: skip
    if q.get("kind") is not None:
        try:
            ctx["result"] = run(profile_from_query(q), None)
        except InputError as exc:
            ctx["error"] = exc.message
        ctx["ics_href"] = "/match.ics?" + urlencode(q)
    return ctx


@router.get("/match", response_class=HTMLResponse)
def match_page(request: Request) -> HTMLResponse:
    """The form; with its fields in the query, the results grouped by status (printable)."""
    ctx = _context(request)
    return templates.TemplateResponse(request, "match/index.html", ctx, status_code=400 if ctx["error"] else 200)


@router.get("/match.ics")
def match_calendar(request: Request) -> Response:
    """The deadlines of the same profile as an iCalendar file."""
    try:
        result = run(profile_from_query(dict(request.query_params)), None)
    except InputError as exc:
        return Response(f"error: {exc.message}\n", status_code=400, media_type="text/plain; charset=utf-8")
    base = str(request.base_url).rstrip("/")
    headers = {"Content-Disposition": 'attachment; filename="policyhub-deadlines.ics"'}
    return Response(ics(result, base), media_type="text/calendar; charset=utf-8", headers=headers)
