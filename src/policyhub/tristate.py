"""Met / not met / unknown: a condition judged on facts that may be missing (a missing fact is unknown, never false).

One type for every system that judges conditions (match, rules, renewal). Its JSON is its value ("met",
"not_met", "unknown": a StrEnum is written as its string), except where an earlier answer already spelt it
otherwise: renewal's `in_scope` is true / false / "undetermined" (`Tri.scope`).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal

Scope = bool | Literal["undetermined"]  # renewal's `in_scope` on the wire


class Tri(StrEnum):
    """The three answers to "does this condition hold?"."""

    met = "met"
    not_met = "not_met"
    unknown = "unknown"

    @classmethod
    def of(cls, holds: bool | None) -> Tri:
        """True → met, False → not met, None (not known) → unknown."""
        return cls.unknown if holds is None else cls.met if holds else cls.not_met

    @property
    def scope(self) -> Scope:
        """As renewal's `in_scope` says it: true, false, or "undetermined"."""
        return True if self is Tri.met else False if self is Tri.not_met else "undetermined"


MET, NOT_MET, UNKNOWN = Tri.met, Tri.not_met, Tri.unknown


def all_of(results: Iterable[Tri | str]) -> Tri:
    """Every one must hold: not met wins, then unknown, else met (nothing to hold is met)."""
    seen = {Tri(r) for r in results}
    return NOT_MET if NOT_MET in seen else UNKNOWN if UNKNOWN in seen else MET


def any_of(results: Iterable[Tri | str]) -> Tri:
    """One is enough: met wins, then unknown, else not met (nothing offered is not met)."""
    seen = {Tri(r) for r in results}
    return MET if MET in seen else UNKNOWN if UNKNOWN in seen else NOT_MET
