"""Keyword matching of free activity text against rule data (substring groups, no segmentation)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

# A pattern is a list of groups; a group "a|b|c" hits when any alternative is a substring of the text.
Pattern = Sequence[str]


def normalise(text: str) -> str:
    """NFKC (full-width to half-width) and no whitespace, so '核电站 建设' matches '核电站建设'."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def group_hits(text: str, group: str) -> bool:
    """True when any alternative of the group occurs in the (normalised) text."""
    return any(alt and normalise(alt) in text for alt in group.split("|"))


def pattern_hits(text: str, pattern: Pattern) -> bool:
    """True when every group of the pattern hits."""
    return all(group_hits(text, g) for g in pattern)


def any_pattern(text: str, patterns: Sequence[Pattern]) -> bool:
    """True when any pattern hits."""
    return any(pattern_hits(text, p) for p in patterns)


def first_term(text: str, terms: Sequence[str]) -> str | None:
    """The first of `terms` (each may be 'a|b') that occurs in the text, or None."""
    for term in terms:
        for alt in term.split("|"):
            if alt and normalise(alt) in text:
                return alt
    return None
