"""Text (Chinese first) and iCalendar forms of a match result."""

from __future__ import annotations

import datetime as dt
import os

from icalendar import Calendar, Event

from policyhub.match.answers import Window
from policyhub.match.catalog import unit_ref
from policyhub.match.matcher import STATUS_NAMES, STATUSES, MatchResult

MARK = {"met": "✓ 满足", "not_met": "✗ 不满足", "unknown": "? 未知"}
STATE_NAMES = {"open": "申报中 open", "upcoming": "未开始 upcoming", "closed": "已截止 closed"}
# Deadlines worth a calendar entry: the entity may or must act, or may once it supplies the missing facts.
CALENDAR_STATUSES = ("required", "eligible", "undetermined")


def _window(w: Window) -> str:
    if not w["opens"] and not w["closes"]:
        return "长期有效 standing"
    span = f"{w['opens'] or ''} 至 {w['closes'] or ''}".strip()
    return f"{span}（{STATE_NAMES[w['state']]}）"


def text(result: MatchResult) -> str:
    """The result grouped by status, each condition with its clause."""
    lines = [f"政策匹配 policy match · 截至 as of {result['as_of']}"]
    for status in STATUSES:
        group = [i for i in result["items"] if i["status"] == status]
        if not group:
            continue
        lines.append("")
        lines.append(f"== {STATUS_NAMES[status]}（{len(group)}）==")
        if status == "not_applicable":
            lines.append("  " + "、".join(f"{i['doc']} {i['title']}" for i in group))
            continue
        for item in group:
            lines.append(f"- {item['doc']} {item['title']} · {item['who']} · {_window(item['window'])}")
            for c in item["conditions"]:
                lines.append(f"    {MARK.get(c['result'], c['result'])} {c['text']} 〔{c['citation']}〕")
                if c.get("outside"):
                    lines.append(f"      ⚠ {c['outside']}")
            if item.get("consequence"):
                then = item["consequence"]
                lines.append(f"    后果 consequence: {then['text']} 〔{then['citation']}〕")
            if item["window"].get("note"):
                lines.append(f"    注 note: {item['window']['note']}")
            if item["missing"]:
                facts = "；".join(f"{m['label']}（{m['field']}）" for m in item["missing_facts"])
                lines.append(f"    待补充 supply: {facts}")
    return "\n".join(lines)


def public_url() -> str:
    """The service's public address for calendar links (POLICYHUB_PUBLIC_URL, else the default `serve` address)."""
    return os.environ.get("POLICYHUB_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")


def ics(result: MatchResult, base: str | None = None) -> bytes:
    """One all-day event per deadline that concerns the entity, with the clause and a link to it."""
    base = (base or public_url()).rstrip("/")
    cal = Calendar()
    cal.add("prodid", "-//policyhub//政策匹配与申报日历//ZH")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"申报日历 deadlines · {result['as_of']}")
    for item in result["items"]:
        w = item["window"]
        if item["status"] not in CALENDAR_STATUSES or not w["closes"]:
            continue
        day = dt.date.fromisoformat(w["closes"])
        cite = next((d for d in reversed(w["dates"]) if d["date"] == w["closes"]), None)
        citation = cite["citation"] if cite else item["citation"]
        href = unit_ref(citation)["href"]
        event = Event()
        event.add("uid", f"{item['id']}-{w['closes']}@policyhub")
        event.add("dtstamp", dt.datetime(2024, 1, 1, tzinfo=dt.UTC))
        event.add("summary", f"截止 {item['title']}（{item['doc']}）")
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        parts = [f"{STATUS_NAMES[item['status']]} · {item['who']}", f"依据 citation: {citation}",
                 f"原文 quote: {cite['quote']}" if cite else "", f"{base}{href}", w.get("note") or ""]  # fmt: skip
        event.add("description", "\n".join(p for p in parts if p))
        event.add("url", f"{base}{href}")
        event.add("categories", [item["status"]])
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
