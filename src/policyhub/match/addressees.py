"""Who each document addresses, and for what: data/addressees.json, with the government department of each task."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any, NotRequired, TypedDict

from policyhub.match.spec import Call

GOVERNMENTS = ("provincial_government", "city_government")
# Where a task is quoted from, best first: the sentence assigning it, the list of recommenders, the salutation.
_LINES = ("action", "recommender", "salutation")


_Purpose = TypedDict("_Purpose", {"for": str})  # what the line asks for ("for" is a keyword: the functional form)


class Addressee(_Purpose):
    """Whom a document addresses for which items, quoted from its salutation, recommender list or action line."""

    kinds: list[str]
    items: list[str]
    line: str  # salutation, recommender or action
    quote: str
    citation: str
    departments: NotRequired[list[str]]
    no_item: NotRequired[str]  # why the line asks for nothing the matcher lists
    note: NotRequired[str]


class Addressed(TypedDict):
    """A document's addressees (none: a Q&A, a reading, news)."""

    addressees: list[Addressee]
    note: NotRequired[str]


class AddresseeFile(TypedDict):
    """data/addressees.json: the departments with their long forms, and per document its addressees."""

    departments: dict[str, list[str]]
    note: str
    documents: dict[str, Addressed]


class Gate(TypedDict):
    """The departments an item is addressed to, and the words that say so."""

    departments: list[str]
    quote: str
    citation: str


@cache
def data() -> AddresseeFile:
    """The departments with their long forms and, per document, its addressees (read-only)."""
    text = resources.files("policyhub.match").joinpath("data", "addressees.json").read_text(encoding="utf-8")
    out: AddresseeFile = json.loads(text)
    return out


def departments() -> list[str]:
    """The department names a profile may give (工业和信息化, 发展改革, 市场监管, …, 其他)."""
    return list(data()["departments"])


def department(text: str) -> str | None:
    """A department as written (市场监督管理局, 江苏省工业和信息化厅, 发改委 …) → its short name, None if unknown."""
    given = re.sub(r"\s+", "", text)
    names = data()["departments"]
    if given in names:
        return given
    # The longest long form the text ends with (or is): 江苏省市场监督管理局 → 市场监管.
    found = [(len(form), name) for name, forms in names.items() for form in forms if given.endswith(form)]
    return max(found)[1] if found else None


def entries(doc: str) -> list[Addressee]:
    """The addressees of one document (empty when it addresses no one: a Q&A, a reading, news)."""
    found = data()["documents"].get(doc)
    return found.get("addressees", []) if found else []


def gate(item: Call, kind: str | None) -> Gate | None:
    """For a government kind: the departments an item is addressed to and the words that say so (None: any)."""
    if kind not in GOVERNMENTS:
        return None
    if item.get("departments"):  # a further compilation's call may carry its own
        return {"departments": item["departments"], "quote": item["departments_quote"],
                "citation": item["departments_citation"]}  # fmt: skip
    rows = [e for e in entries(item["doc"]) if item["id"] in e["items"] and kind in e["kinds"] and e.get("departments")]
    if not rows:
        return None
    rows.sort(key=lambda e: _LINES.index(e["line"]))
    names = list(dict.fromkeys(d for e in rows for d in e["departments"]))
    return {"departments": names, "quote": rows[0]["quote"], "citation": rows[0]["citation"]}


# A Q&A, an expert reading or a news item restates a document; it addresses no one itself.
EXPLAINS = ("qa", "expert_reading", "news")
_REQUEST = re.compile(r"请(?:各|申报单位|推荐单位|结合实际|于)")
_BEFORE = re.compile(r"[于在]\s*(?:\d{4}\s*年\s*)?\d{1,2}\s*月\s*\d{1,2}\s*日(?:\s*\d{1,2}\s*[:：]\s*\d{2})?\s*前")


def salutation(document: Any) -> tuple[str, str] | None:
    """(unit id, line) of the 主送 line: the preamble's first line ending in “：” that is not “…如下：”."""
    unit = document.units[0] if document.units else None
    if unit is None or unit.kind != "preamble" or document.kind in EXPLAINS:
        return None
    for line in unit.lines[:6]:
        if line.rstrip().endswith("：") and "如下" not in line:
            return unit.id, line.strip()
    return None


def action_lines(document: Any) -> list[tuple[str, str]]:
    """(unit id, line) of every line asking someone to act (“请各…”, “请结合实际…”) or to act by a date (“…于…前”)."""
    if document.kind in EXPLAINS:
        return []
    return [(unit.id, line) for unit in document.units for line in unit.lines
            if _REQUEST.search(line) or _BEFORE.search(line)]  # fmt: skip
