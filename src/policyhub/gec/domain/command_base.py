"""Shared pieces of the command models: field types and the base classes (validated at the edge)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, Strict, field_validator

from .money import parse_power_price, parse_price, yuan
from .months import parse_month

Name = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]
# Integers are JSON integers: `true`, "3" and 1.0 are refused (strict), so the journal never holds a coerced value.
Kwh = Annotated[int, Strict(), Field(ge=0, le=10**15)]
Quantity = Annotated[int, Strict(), Field(gt=0, le=10**12)]
StrictBool = Annotated[bool, Strict()]
# Capacity in kW may be fractional (a 4.95 kW rooftop array), but it is a JSON number: no `true`, no "50000".
CapacityKw = Annotated[float, Strict(), Field(gt=0, le=10**9)]
# Control characters (U+0000–U+001F, U+007F) and bidirectional overrides/isolates (U+202A–U+202E,
# U+2066–U+2069) are refused in every text field: a NUL cannot be stored on PostgreSQL, an override makes a
# name read differently from what it is.
FORBIDDEN_CHARS = re.compile("[\x00-\x1f\x7f\u202a-\u202e\u2066-\u2069]")


def plain_text(v: str) -> str:
    """Text without control characters or bidirectional overrides, else ValueError."""
    bad = FORBIDDEN_CHARS.search(v)
    if bad is not None:
        code = f"U+{ord(bad.group()):04X}"
        raise ValueError(f"text may not contain control or bidirectional-override characters ({code})")
    return v


_Plain = AfterValidator(plain_text)
Text50 = Annotated[str, Strict(), Field(min_length=1, max_length=50), _Plain]
Text64 = Annotated[str, Strict(), Field(min_length=1, max_length=64), _Plain]
Text200 = Annotated[str, Strict(), Field(min_length=1, max_length=200), _Plain]
Text500 = Annotated[str, Strict(), Field(min_length=1, max_length=500), _Plain]
IdDoc = Annotated[str, Strict(), Field(min_length=1, max_length=40), _Plain]

# Prices stay text in the journal ("5.00"): replay parses them again, exactly (第二十条: 元/个).
Price = Annotated[str, BeforeValidator(lambda v: yuan(parse_price(v)))]
PowerPrice = Annotated[str, BeforeValidator(parse_power_price)]
Platform = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_\-]+$")]
Month = Annotated[str, BeforeValidator(lambda v: _month_text(v))]


def _month_text(v: object) -> str:
    if not isinstance(v, str):
        raise ValueError("a month is text YYYY-MM")
    parse_month(v)
    return v


ProjectType = Literal[
    "wind",
    "distributed_wind",
    "offshore_wind",
    "pv",
    "distributed_pv",
    "solar_thermal",
    "hydro",
    "biomass",
    "geothermal",
    "ocean",
]


def _aware_time(v: object) -> object:
    """`at` is ISO text with an offset: no epoch numbers, no naive times (whose zone nobody knows)."""
    if v is None:
        return None
    if isinstance(v, datetime):
        text = v.isoformat()
    elif isinstance(v, str):
        text = v
    else:
        raise ValueError("`at` must be ISO date-time text with an offset, e.g. 2024-09-25T10:00:00+08:00")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"`at` {text!r} is not an ISO date-time") from None
    if parsed.tzinfo is None:
        raise ValueError(f"`at` {text!r} has no offset: write it as e.g. {text}+08:00")
    return parsed


AwareTime = Annotated[datetime | None, BeforeValidator(_aware_time)]


class Command(BaseModel):
    """Fields every command may carry: `at`, the logical time of all date rules (local tool only)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    at: AwareTime = None


class MonthCommand(Command):
    """A command naming a production month."""

    month: str

    @field_validator("month")
    @classmethod
    def _month(cls, v: str) -> str:
        parse_month(v)
        return v


def forbidden_text(value: Any) -> str | None:
    """The path of the first string (key or value, at any depth) holding a forbidden character, or None."""
    return _first_forbidden(value) if _any_forbidden(value) else None


def _any_forbidden(value: Any) -> bool:
    """Whether any string (key or value, at any depth) holds a forbidden character: every command takes this test."""
    if isinstance(value, str):
        return FORBIDDEN_CHARS.search(value) is not None
    if isinstance(value, dict):
        return any(FORBIDDEN_CHARS.search(str(k)) is not None or _any_forbidden(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_any_forbidden(v) for v in value)
    return False


def _first_forbidden(value: Any, where: str = "") -> str | None:
    """The path of the first string (key or value, at any depth) holding a forbidden character, or None."""
    if isinstance(value, str):
        return (where or "command") if FORBIDDEN_CHARS.search(value) else None
    items: list[tuple[str, Any]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            key = str(k)
            if FORBIDDEN_CHARS.search(key):
                return f"{where}.{key!r}".lstrip(".")
            items.append((f"{where}.{key}".lstrip("."), v))
    elif isinstance(value, list):
        items = [(f"{where}.{i}", v) for i, v in enumerate(value)]
    for path, v in items:
        found = _first_forbidden(v, path)
        if found is not None:
            return found
    return None
