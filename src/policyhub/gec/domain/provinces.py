"""The closed list of the 34 provincial-level divisions (省、自治区、直辖市、特别行政区), from data/provinces.json.

Every province the registry stores is the short Chinese name (云南, 内蒙古, 广西, 香港 …); the full official name
(云南省, 内蒙古自治区), the pinyin (yunnan, neimenggu) and common English names (Inner Mongolia, Hong Kong) are
accepted at the edge and normalised. Anything else is a parse error.
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Annotated

from pydantic import BeforeValidator


@cache
def names() -> dict[str, str]:
    """Every accepted spelling (case-folded, spaces and hyphens dropped) → the short name."""
    raw = json.loads(files("policyhub.gec").joinpath("data/provinces.json").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for p in raw["provinces"]:
        for spelling in (p["short"], p["full"], p["pinyin"], *p["also"]):
            out[_key(spelling)] = p["short"]
    return out


def short_names() -> list[str]:
    """The 34 short names, in the file's order."""
    return list(dict.fromkeys(names().values()))


def _key(text: str) -> str:
    return re.sub(r"[\s\-_']", "", text).casefold()


def normalise(value: object) -> str:
    """A province in any accepted spelling → its short Chinese name, else ValueError (a 400 naming the field)."""
    if not isinstance(value, str):
        raise ValueError("a province is text, e.g. 云南")
    short = names().get(_key(value))
    if short is None:
        raise ValueError(
            f"{value!r} is not one of the 34 provincial-level divisions (e.g. 云南, 云南省, Yunnan; 内蒙古, 香港)"
        )
    return short


Province = Annotated[str, BeforeValidator(normalise)]
