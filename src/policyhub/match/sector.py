"""An entity's sector read into GB/T 4754—2017 (门类 and, where the name gives one, 大类) from data/gbt4754.json."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any


@cache
def table() -> dict[str, Any]:
    """The classification's sections and divisions, the usual names and the statistical 工业 (read-only)."""
    text = resources.files("policyhub.match").joinpath("data", "gbt4754.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _code(code: str, given: str, how: str) -> dict[str, Any]:
    data = table()
    if code in data["sections"]:
        section, division = code, None
    else:
        section, division = data["divisions"][code]["section"], code
    out: dict[str, Any] = {"given": given, "section": section, "section_name": data["sections"][section],
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


def classify(sector: str | None) -> dict[str, Any] | None:
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
        code = data["names"].get(candidate)
        if code:
            return _code(code, sector, f"常用名称 usual name「{candidate}」")
    return None


def in_scope(reading: dict[str, Any] | None, sections: list[str]) -> bool | None:
    """Whether a read sector lies in the given 门类 (None: the sector could not be read)."""
    return None if reading is None else reading["section"] in sections
