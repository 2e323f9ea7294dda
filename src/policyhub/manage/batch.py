"""An association's member list: each member's diagnosis, the distribution per area, the weakest practices."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import TypedDict

from policyhub.errors import InputError
from policyhub.manage.diagnosis import CREDIT, Answers, Diagnosis, diagnose, parse_answers
from policyhub.manage.guide import load_guide
from policyhub.spreadsheets import BATCH, csv_rows

BANDS = ((0.0, "0–25%"), (0.25, "25–50%"), (0.5, "50–75%"), (0.75, "75–100%"))


class MemberAnswers(TypedDict):
    """One CSV row as an answer file: the firm and its answers by practice id."""

    firm: str
    answers: dict[str, str]


class AreaSpread(TypedDict):
    """One area across the members: how many answered it, the mean share in place, members per band."""

    no: str
    title: str
    members: int
    mean_in_place: float | None
    bands: dict[str, int]


class WeakPractice(TypedDict):
    """A practice across the members: how many answered, the mean share in place, how many have none."""

    id: str
    title: str
    answered: int
    mean_in_place: float
    none: int
    citation: str


class MemberError(TypedDict):
    """A member whose answers could not be read, and why."""

    firm: str
    error: str


class MemberResult(TypedDict):
    """One member's share in place and its first three priorities."""

    firm: str
    in_place: float | None
    priorities: list[str]


class BatchDiagnosis(TypedDict):
    """The batch contract (`manage batch`): per area the spread, the weakest practices, errors, every member."""

    count: int
    areas: list[AreaSpread]
    weakest_practices: list[WeakPractice]
    errors: list[MemberError]
    members: list[MemberResult]


def members_from_csv(text: str) -> list[MemberAnswers]:
    """One member per row: a `firm` column, then one column per practice id (done/partly/none, blank = unanswered)."""
    lines = [row for _, row in csv_rows(text.lstrip("\ufeff"), BATCH, "invalid_input")]
    header = lines[0] if lines else []
    rows = [dict(zip(header, line, strict=False)) for line in lines[1:] if line]
    if not rows:
        raise InputError("CSV 表头下没有会员企业 no member rows below the header")
    out: list[MemberAnswers] = []
    for i, row in enumerate(rows, 2):
        firm = (row.pop("firm", None) or row.pop("企业", None) or f"第{i}行 row {i}").strip()
        out.append({"firm": firm, "answers": {k: v.strip() for k, v in row.items() if k and v and v.strip()}})
    return out


def members_from_json(data: object) -> list[object]:
    """A JSON array of answer files, or {"members": [...]} (each read by parse_answers)."""
    members = data.get("members") if isinstance(data, dict) else data
    if not isinstance(members, list) or not members:
        raise InputError('应为会员答卷数组或 {"members": [...]} expected a non-empty array of members')
    return members


def _band(share: float) -> str:
    return next(label for low, label in reversed(BANDS) if share >= low)


def diagnose_members(members: Sequence[object], top: int = 5) -> BatchDiagnosis:
    """Diagnose every member; per area mean share in place and members per band; the weakest practices overall."""
    guide = load_guide()
    parsed: list[Answers] = []
    results: list[Diagnosis] = []
    errors: list[MemberError] = []
    for i, raw in enumerate(members, 1):
        name = str(raw.get("firm") or f"#{i}") if isinstance(raw, dict) else f"#{i}"
        try:
            answers = parse_answers(raw, guide)
        except InputError as exc:
            errors.append({"firm": name, "error": exc.message})
            continue
        parsed.append(answers)
        results.append({**diagnose(answers, guide), "firm": name})
    areas: list[AreaSpread] = []
    for k, area in enumerate(guide.areas):
        given = [r["areas"][k]["in_place"] for r in results]
        shares = [s for s in given if s is not None]
        bands = {label: sum(1 for s in shares if _band(s) == label) for _, label in BANDS}
        mean = round(sum(shares) / len(shares), 4) if shares else None
        areas.append({"no": area.no, "title": area.title, "members": len(shares), "mean_in_place": mean,
                      "bands": bands})  # fmt: skip
    practices: list[WeakPractice] = []
    for p in guide.practices().values():
        credits = [CREDIT[a.answers[p.id].status] for a in parsed if p.id in a.answers]
        if credits:
            practices.append({"id": p.id, "title": p.title, "answered": len(credits),
                              "mean_in_place": round(float(sum(credits, Fraction(0)) / len(credits)), 4),
                              "none": sum(1 for c in credits if c == 0), "citation": p.citation})  # fmt: skip
    practices.sort(key=lambda x: (x["mean_in_place"], -x["answered"]))
    return {"count": len(results), "areas": areas, "weakest_practices": practices[:top], "errors": errors,
            "members": [{"firm": r["firm"], "in_place": r["in_place"], "priorities": r["priorities"][:3]}
                        for r in results]}  # fmt: skip
