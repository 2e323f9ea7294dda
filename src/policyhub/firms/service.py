"""Assess a firm and keep the result: the digital assessment or the management diagnosis, dated."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any, TypedDict

from sqlalchemy.engine import Connection

from policyhub import clock
from policyhub.digital.answers import parse_firm
from policyhub.digital.catalog import load_catalog
from policyhub.digital.report import AssessmentReport, assessment_to_dict
from policyhub.digital.scoring import assess
from policyhub.errors import InputError
from policyhub.firms.answers import Assessment, DigitalSummary, Firm, ManageSummary, Moved
from policyhub.firms.history import Series, changes, digital_summary, manage_summary, series
from policyhub.firms.sectors import sector_name
from policyhub.firms.store import FirmStore
from policyhub.manage.diagnosis import diagnose, parse_answers

# The full result: the digital assessment, or the management diagnosis (manage.diagnosis.diagnose's answer).
Result = AssessmentReport | Mapping[str, object]


class Recorded(TypedDict):
    """An assessment kept under a firm: the firm's row, the assessment's id, its kind and date, the full result."""

    firm: Firm
    assessment: int
    kind: str
    on: str
    result: Result


class History(TypedDict):
    """A firm over time: its row, its assessments oldest first, the series per dimension, the last changes."""

    firm: Firm
    assessments: list[Assessment]
    series: Series
    changes: dict[str, Moved]  # per kind with two or more


def run(kind: str, submission: Any) -> tuple[Result, DigitalSummary | ManageSummary]:
    """(full result, summary to keep) for a digital or management submission; bad input raises InputError."""
    if kind == "digital":
        catalog = load_catalog()
        result = assessment_to_dict(assess(parse_firm(submission, catalog), catalog), catalog)
        return result, digital_summary(result)
    if kind == "manage":
        answers = parse_answers(submission)
        diagnosis = diagnose(answers)
        return diagnosis, manage_summary(answers, diagnosis)
    raise InputError(f"评测类别应为 digital 或 manage kind must be digital or manage, got {kind!r}")


def parse_day(raw: str | None) -> date:
    """An ISO date (yyyy-mm-dd), today when not given."""
    if not raw:
        return clock.today()  # Beijing's date, not the host's
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise InputError(f"日期应为 yyyy-mm-dd the date must be yyyy-mm-dd, got {raw!r}") from None


def record(
    store: FirmStore, firm: str, kind: str, submission: Any, on: date, code: str | None = None,
    sector: str | None = None,
) -> Recorded:  # fmt: skip
    """Assess, then save under the firm (created on first sight); returns firm, assessment id and result."""
    result, summary = run(kind, submission)
    sector = sector_name(sector)
    with store.writing() as conn:  # a firm is never left created or changed without the assessment it came with
        row = store.ensure(firm, code, sector, conn)
        assessment = store.record(int(row["id"]), kind, on, submission, summary, conn)
    return {"firm": row, "assessment": assessment, "kind": kind, "on": on.isoformat(), "result": result}


def record_own(store: FirmStore, firm_id: int, kind: str, submission: Any, on: date,
               sector: str | None = None, conn: Connection | None = None) -> Recorded:  # fmt: skip
    """Assess, then save under a signed-in firm: its own record only (the name and code it signed up with stand).

    `conn`: the caller's transaction, when the save is part of a larger one (the digital page's count)."""
    result, summary = run(kind, submission)
    sector = sector_name(sector)
    with store.writing(conn) as within:  # the sector changes with the assessment that gave it, or not at all
        row = store.set_sector(firm_id, sector, within) if sector else store.get(str(firm_id), within)
        assessment = store.record(firm_id, kind, on, submission, summary, within)
    return {"firm": row, "assessment": assessment, "kind": kind, "on": on.isoformat(), "result": result}


def history(store: FirmStore, ref: str) -> History:
    """The firm, its assessments, the series per dimension, and what changed between each kind's last two."""
    firm = store.get(ref)
    items = store.assessments(int(firm["id"]))
    latest: dict[str, list[Assessment]] = {}
    for a in items:
        latest.setdefault(a["kind"], []).append(a)
    moved: dict[str, Moved] = {k: {"from": v[-2]["on"], "to": v[-1]["on"], "changes": changes(v[-2], v[-1])}
                               for k, v in latest.items() if len(v) > 1}  # fmt: skip
    return {"firm": firm, "assessments": items, "series": series(items), "changes": moved}
