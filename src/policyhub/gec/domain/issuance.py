"""Issuance arithmetic (第十三条–第十五条) and tradability (第十四条)."""

from __future__ import annotations

from datetime import date

from .rules import Rules

TRADABLE = "tradable"
NON_TRADABLE = "non_tradable"
KINDS = (TRADABLE, NON_TRADABLE)


def grid_is_tradable(project_type: str, commissioned: date, fully_market: bool, rules: Rules) -> bool:
    """Whether grid-fed electricity of a project earns tradable certificates (第十四条).

    Conventional hydro only when commissioned on or after 2023-01-01 and fully market-based; a hydro project
    commissioned after the cut-off but not fully market-based is not named by 第十四条: we issue it as
    non-tradable (docs/gec.md).
    """
    how = rules.grid_tradable[project_type]
    if how == "always":
        return True
    return commissioned >= rules.hydro_cutoff and fully_market


def split_kwh(grid_kwh: int, self_kwh: int, grid_tradable: bool) -> dict[str, int]:
    """kWh per certificate kind: self-consumed is never tradable (第十四条)."""
    if grid_tradable:
        return {TRADABLE: grid_kwh, NON_TRADABLE: self_kwh}
    return {TRADABLE: 0, NON_TRADABLE: grid_kwh + self_kwh}


def certificates(carry_kwh: int, new_kwh: int, rules: Rules) -> tuple[int, int]:
    """(certificates, carry out): 1 certificate per 1000 kWh, the remainder carried forward (第十五条).

    A negative carry (a correction that could not be revoked) is paid back before anything is issued.
    """
    total = carry_kwh + new_kwh
    if total <= 0:
        return 0, total
    n = total // rules.kwh_per_certificate
    return n, total - n * rules.kwh_per_certificate
