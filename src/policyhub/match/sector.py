"""An entity's sector read into GB/T 4754—2017 (门类 and, where the name gives one, 大类) from data/gbt4754.json."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import TypedDict


class Division(TypedDict):
    """A 大类: its name and the 门类 it belongs to."""

    name: str
    section: str


class Industry(TypedDict):
    """The statistical 工业: the 门类 it covers and the words that say so."""

    sections: list[str]
    quote: str
    source: str
    note: str


class Classification(TypedDict):
    """data/gbt4754.json: the standard's citation, 工业, the 门类 and 大类, usual names (→ code), name suffixes."""

    standard: dict[str, str]  # code, title, publisher, dates, urls, note
    industry: Industry
    sections: dict[str, str]
    divisions: dict[str, Division]
    names: dict[str, str]
    suffixes: list[str]


class SectorReading(TypedDict):
    """A sector name read into GB/T 4754—2017: its 门类 and, where the name gives one, its 大类."""

    given: str
    section: str
    section_name: str
    division: str | None
    division_name: str | None
    read_as: str
    standard: str


@cache
def table() -> Classification:
    """The classification's sections and divisions, the usual names and the statistical 工业 (read-only)."""
    text = resources.files("policyhub.match").joinpath("data", "gbt4754.json").read_text(encoding="utf-8")
    data: Classification = json.loads(text)
    return data


def _code(code: str, given: str, how: str) -> SectorReading:
    data = table()
    if code in data["sections"]:
        section, division = code, None
    else:
        section, division = data["divisions"][code]["section"], code
    out: SectorReading = {"given": given, "section": section, "section_name": data["sections"][section],
                          "division": division, "division_name": None, "read_as": how,
                          "standard": data["standard"]["code"]}  # fmt: skip
    if division:
        out["division_name"] = data["divisions"][division]["name"]
    return out


def _candidates(text: str) -> list[str]:
    out = [text]
    for suffix in table()["suffixes"]:
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            out.append(text.removesuffix(suffix))
    return out


def classify(sector: str | None) -> SectorReading | None:
    """The 门类 (and 大类) of a sector name, a code (C, C31, 31) or a standard name; None when it cannot be read."""
    if not sector or not sector.strip():
        return None
    text = re.sub(r"\s+", "", sector).removesuffix("行业").strip() or sector.strip()
    data = table()
    m = re.fullmatch(r"([A-Ta-t])?(\d{2})?", text)
    if m and (m.group(1) or m.group(2)):
        letter, digits = (m.group(1) or "").upper(), m.group(2)
        if digits and digits in data["divisions"] and (not letter or data["divisions"][digits]["section"] == letter):
            return _code(digits, sector, "代码 code")
        if letter and not digits:
            return _code(letter, sector, "代码 code")
        return None
    for code, name in data["sections"].items():
        if text == name:
            return _code(code, sector, "门类名称 section name")
    for code, div in data["divisions"].items():
        if text == div["name"]:
            return _code(code, sector, "大类名称 division name")
    for candidate in _candidates(text):
        named = data["names"].get(candidate)
        if named:
            return _code(named, sector, f"常用名称 usual name「{candidate}」")
    return None


def in_scope(reading: SectorReading | None, sections: list[str]) -> bool | None:
    """Whether a read sector lies in the given 门类 (None: the sector could not be read)."""
    return None if reading is None else reading["section"] in sections
