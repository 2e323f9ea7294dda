"""What the CLI and the API both offer: list, show, check, match, find, unparsed, stats, fields."""

from __future__ import annotations

from typing import Any, TypedDict

from policyhub.errors import InputError
from policyhub.firstset import check as checker
from policyhub.firstset.answers import EntryCheck, EntryDetail, EntryMatch, EntrySummary, FieldNode, Found
from policyhub.firstset.catalog import load
from policyhub.firstset.find import find as find_entries
from policyhub.limits import check_query, check_spec


class Unparsed(TypedDict):
    """An indicator left as text: where it is, what it says, and why it is not checked."""

    code: str
    entry: str
    tier: int | None  # the tier's index; None: the row shared by every tier
    name: str
    text: str
    reason: str | None


class Stats(TypedDict):
    """The catalog's counts: fields, sub-fields, entries, sub-entries, and indicators by how they are checked."""

    title: str
    document: str
    issued: str
    fields: int
    subfields: int
    entries: int
    subentries: int
    indicators: dict[str, int]  # machine, yes_no, text, total


def list_entries(field: str | None = None) -> list[EntrySummary]:
    """Every entry and sub-entry (optionally of one field): code, name, field, subfield, tiers (count)."""
    catalog = load()
    return [catalog.summary(e) for e in catalog.entries.values() if field is None or e.field == field]


def show(code: str) -> EntryDetail:
    """One entry with its tiers of indicators (printed text and parsed requirement)."""
    return load().detail(code)


def _params(data: Any, key: str = "params") -> dict[str, Any]:
    params = data.get(key) if isinstance(data, dict) else None
    if not isinstance(params, dict) or not params:
        example = '{"直线轴定位精度": "1.8 μm"}'
        raise InputError(
            f'"{key}" 应为“指标名: 数值”的对象 must be an object of parameter names and values, e.g. {example}'
        )
    check_spec(params)  # matching tries each parameter against every entry: its cost grows with the spec
    return params


def check(data: Any) -> EntryCheck:
    """Check {"entry": CODE, "params": {...}}."""
    if not isinstance(data, dict) or not isinstance(data.get("entry"), str):
        raise InputError(
            '核对输入需要 "entry"（条目编号，如 "1.1.2"）和 "params" the check input needs "entry" and "params"'
        )
    return checker.check(load(), data["entry"], _params(data))


def match(data: Any) -> list[EntryMatch]:
    """Rank every entry naming the spec's parameters: {"params": {...}} (or the params object itself)."""
    if isinstance(data, dict) and "params" in data:
        return checker.match(load(), _params(data))
    if not isinstance(data, dict) or not data:
        raise InputError('匹配输入应为 the match input is {"params": {指标名: 数值, ...}}')
    return checker.match(load(), check_spec(data))


def find(query: str) -> list[Found]:
    """Entries by Chinese name or keyword, or by the name of an indicator they constrain."""
    if not query.strip():
        raise InputError("请输入要查找的词，如 拉床 或 重复定位精度 give a word to search for")
    return find_entries(load(), check_query(query))


def unparsed() -> list[Unparsed]:
    """Every indicator left as text, with the reason, and the counts per kind."""
    return [
        {
            "code": entry.code,
            "entry": entry.name,
            "tier": tier,
            "name": ind.name,
            "text": ind.text,
            "reason": ind.requirement.reason,
        }
        for entry, tier, ind in load().all_indicators()
        if ind.requirement.kind == "text"
    ]


def stats() -> Stats:
    """Counts: fields, sub-fields, entries, sub-entries, and indicators by how they are checked."""
    catalog = load()
    subs = sum(1 for e in catalog.entries.values() if e.parent)
    return {
        "title": catalog.title,
        "document": catalog.document,
        "issued": catalog.issued,
        "fields": len(catalog.fields),
        "subfields": sum(len(f["subfields"]) for f in catalog.fields),
        "entries": len(catalog.entries) - subs,
        "subentries": subs,
        "indicators": catalog.counts(),
    }


def fields() -> list[FieldNode]:
    """The browsing tree."""
    return load().tree()
