"""Production months and validity dates (第二十四条)."""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date

from policyhub import clock
from policyhub.errors import InputError

from .rules import Rules

# Every date rule (month ends, validity, auction close, the report's month) is judged in Beijing time.
BEIJING = clock.BEIJING

_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
# No certificate, meter reading or report is older than this: `0000-01` is a well-formed string, not a month.
FIRST_YEAR = 2000


def parse_month(text: str) -> tuple[int, int]:
    """'2024-08' → (2024, 8), or InputError (a year from 2000, a month 01–12)."""
    m = _MONTH.fullmatch(text)
    if not m or not 1 <= int(m.group(2)) <= 12 or int(m.group(1)) < FIRST_YEAR:
        raise InputError(
            f"月份应为 {FIRST_YEAR} 年以后的 YYYY-MM，如 2024-08 "
            f"month must be YYYY-MM from {FIRST_YEAR} on, like 2024-08, got {text!r}",
            "invalid_month",
        )
    return int(m.group(1)), int(m.group(2))


def add_months(month: str, n: int) -> str:
    """'2024-08' + 23 → '2026-07'."""
    y, m = parse_month(month)
    idx = y * 12 + (m - 1) + n
    return f"{idx // 12:04d}-{idx % 12 + 1:02d}"


def last_day(month: str) -> date:
    """Last calendar day of a month."""
    y, m = parse_month(month)
    return date(y, m, monthrange(y, m)[1])


def first_day(month: str) -> date:
    """First calendar day of a month."""
    y, m = parse_month(month)
    return date(y, m, 1)


def valid_until(month: str, rules: Rules) -> date:
    """Last valid day of a certificate produced in `month`.

    第二十四条: 2 years counted from the production month inclusive, so 24 calendar months ending with
    production month + 23 (2024-08 → 2026-07-31). Electricity produced before 2024-01-01 is valid to 2025-12-31.
    """
    if first_day(month) < rules.transition_before:
        return rules.transition_valid_until
    return last_day(add_months(month, rules.validity_months - 1))


def month_of(day: date) -> str:
    """date → 'YYYY-MM'."""
    return f"{day.year:04d}-{day.month:02d}"
