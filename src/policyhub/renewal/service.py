"""What the CLI, the API and the page call: check a register for a sector, list sectors — typed dicts out."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any, TypedDict

from policyhub import clock
from policyhub.errors import InputError
from policyhub.firstset.catalog import load as load_catalog
from policyhub.renewal import data
from policyhub.renewal.answers import AssetCheck, EntryLink, PrintedStandard
from policyhub.renewal.check import check_asset
from policyhub.renewal.goals import GoalResult, evaluate_goals, read_figures
from policyhub.renewal.guide import find_industry
from policyhub.renewal.register import Asset, assets_from_json, read_register


class TriggerCount(TypedDict):
    """A trigger and how many assets it fired for."""

    id: str
    text: str
    citation: str
    assets: int


class LevelQuestion(TypedDict):
    """A 能效水平 trigger no asset could be judged on: what the register should give for it."""

    id: str
    text: str
    citation: str
    standard: PrintedStandard | None
    asks: str


class Summary(TypedDict):
    """How many assets are in scope, undetermined or not; which triggers fired how often; goals by result."""

    assets: int
    in_scope: int
    undetermined: int
    out_of_scope: int
    by_trigger: list[TriggerCount]
    goals: dict[str, int]


class CheckResult(TypedDict):
    """The check contract (docs/renewal.md): every asset with its status, the sector's goals, the summary."""

    sector: str
    sector_name: str
    sector_citation: str
    document: str
    as_of: str
    assets: list[AssetCheck]  # with replacement_entries
    goals: list[GoalResult]
    figures_unused: list[str]
    questions: list[LevelQuestion]
    summary: Summary


class IndustryBrief(TypedDict):
    """An industry or field of the guide in a list."""

    no: int
    name: str
    key: str
    group: str
    citation: str


class SectorDetail(IndustryBrief):
    """A sector with its triggers and 2027 goals as read from the guide."""

    triggers: list[data.Trigger]
    goals: list[data.Goal]


class GuideIndustry(data.Industry):
    """One industry of the guide with the guide's document and number."""

    document: str
    number: str


def today() -> date:
    """Today in Beijing time (the guide's and the firms' calendar)."""
    return clock.today()


def as_of_date(text: str | None) -> date:
    """--as-of YYYY-MM-DD, default today (Asia/Shanghai)."""
    if text is None or not str(text).strip():
        return today()
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InputError(f"--as-of {text!r} 应为日期 must be a date YYYY-MM-DD", "bad_as_of") from None


def sectors() -> list[data.SectorRow]:
    """The guide's 27 industries and 4 fields."""
    return data.sectors()


def _brief(ind: data.Industry) -> IndustryBrief:
    return {"no": ind["no"], "name": ind["name"], "key": ind["key"], "group": ind["group"], "citation": ind["citation"]}


def sector_detail(query: str) -> SectorDetail:
    """One sector with its triggers and 2027 goals as read from the guide (an unknown name: NotFound)."""
    ind = find_industry(data.industries()["industries"], query)
    return {**_brief(ind), "triggers": data.triggers_for(ind["key"]), "goals": data.goals_for(ind["key"])}


def _entry(code: str) -> EntryLink:
    entry = load_catalog().entry(code)
    return {"code": code, "name": entry.name, "link": f"/firstset/entries/{code}"}


def check_assets(assets: list[Asset], sector: str, as_of: date, figures: Any = None) -> CheckResult:
    """The check contract: every asset in scope or not, the sector's goals against the firm's figures, a summary."""
    ind = data.sector(sector)
    triggers = data.triggers_for(ind["key"])
    rows = [check_asset(a, triggers, as_of, ind["key"]) for a in assets]
    for row in rows:
        row["replacement_entries"] = [_entry(c) for c in row["replacements"]]
    goals, unused = evaluate_goals(data.goals_for(ind["key"]), read_figures(figures) if figures is not None else {})
    fired = Counter(t["id"] for r in rows for t in r["triggers"])
    by_id = {t["id"]: t for t in triggers}
    questions: list[LevelQuestion] = [
        {"id": t["id"], "text": t["text"], "citation": t["citation"], "standard": t.get("standard"),
         "asks": "energy_level（能效水平）"}
        for t in triggers
        if t["kind"] == "level" and not any(t["id"] in {x["id"] for x in r["open"] + r["cleared"] + r["triggers"]}
                                            for r in rows)
    ]  # fmt: skip
    return {
        "sector": ind["key"],
        "sector_name": ind["name"],
        "sector_citation": ind["citation"],
        "document": data.industries()["number"],
        "as_of": as_of.isoformat(),
        "assets": rows,
        "goals": goals,
        "figures_unused": unused,
        "questions": questions,
        "summary": {
            "assets": len(rows),
            "in_scope": sum(1 for r in rows if r["in_scope"] is True),
            "undetermined": sum(1 for r in rows if r["in_scope"] == "undetermined"),
            "out_of_scope": sum(1 for r in rows if r["in_scope"] is False),
            "by_trigger": [
                {"id": tid, "text": by_id[tid]["text"], "citation": by_id[tid]["citation"], "assets": n}
                for tid, n in fired.most_common()
            ],
            "goals": dict(Counter(g["result"] for g in goals)),
        },
    }


def check_file(content: bytes, filename: str, sector: str, as_of: str | None, figures: Any = None) -> CheckResult:
    """Check a register file (CSV or XLSX bytes)."""
    day = as_of_date(as_of)
    data.sector(sector)  # a bad sector is reported before the file is read
    return check_assets(read_register(content, filename, day), sector, day, figures)


def check_rows(rows: Any, sector: str, as_of: str | None, figures: Any = None) -> CheckResult:
    """Check register rows given as JSON objects (the API's JSON form)."""
    if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
        raise InputError('"assets" 应为资产行的数组 must be a non-empty array of row objects', "bad_register")
    day = as_of_date(as_of)
    data.sector(sector)
    return check_assets(assets_from_json(rows, day), sector, day, figures)


def guide(industry: str | None = None) -> GuideIndustry | list[IndustryBrief]:
    """`library renewal`, /api/library/renewal: the industries, or one industry's goal, basis and directions."""
    shipped = data.industries()
    if industry is None or not industry.strip():
        return [_brief(ind) for ind in shipped["industries"]]
    found = find_industry(shipped["industries"], industry)
    return {"document": shipped["document"], "number": shipped["number"], **found}
