"""The consumption period of a claim (第二十四条): which production months its certificates may come from.

Formats (inclusive): a year `2024` (2024-01…2024-12), a month `2024-08`, or a range of either joined by `/`
(ISO 8601 interval style): `2024-03/2024-08`, `2023/2024`, `2023-07/2024`. The first month may not be after
the last.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BeforeValidator

from policyhub.errors import InputError

from .months import parse_month

_YEAR = re.compile(r"^\d{4}$")
FORMATS = "2024, 2024-08, 2024-03/2024-08 or 2023/2024"


def _bounds(part: str) -> tuple[str, str]:
    if _YEAR.match(part):
        return f"{part}-01", f"{part}-12"
    try:
        parse_month(part)
    except InputError:
        raise ValueError(f"a period is {FORMATS}; got {part!r}") from None
    return part, part


def months(period: str) -> tuple[str, str]:
    """A period → (first production month, last production month), both YYYY-MM; ValueError when malformed."""
    if period.count("/") > 1:
        raise ValueError(f"a period is {FORMATS}; got {period!r}")
    start, _, end = period.partition("/")
    first = _bounds(start.strip())[0]
    last = _bounds(end.strip())[1] if end else _bounds(start.strip())[1]
    if first > last:
        raise ValueError(f"period {period!r} ends before it starts")
    return first, last


def _period(v: object) -> str:
    if not isinstance(v, str):
        raise ValueError(f"a period is text: {FORMATS}")
    months(v)
    return v.strip()


Period = Annotated[str, BeforeValidator(_period)]
