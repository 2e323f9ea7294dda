"""Rank units by how many query words they match, where they match (heading over body over title), and rarity."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from policyhub.library.index import Row

# Where a word counts most: the unit's own heading, then its text, its ancestors' headings, the document title.
# Headings are held as precise-mode words and match only a whole word (or a listed synonym).
PLACES = (("head", 4.0), ("body", 2.0), ("context", 1.5), ("title", 1.0))
BODY = 2.0
WHOLE, SYNONYM, PARTS = 1.0, 0.9, 0.6  # the word itself, a listed synonym, only all of its sub-words
# A unit printing what a question word asks for (几家 → "不超过 3 家") answers the question as directly as a unit
# whose heading holds a query word: it weighs as a heading, but is no word held.
ASKED = 4.0


@dataclass(frozen=True)
class Alternative:
    """One way a query word may be printed: the word or a synonym, with the sub-words jieba finds in it."""

    text: str
    subs: tuple[str, ...]
    synonym: bool = False


@dataclass(frozen=True)
class Word:
    """A query word, its alternatives and its rarity weight (idf over the indexed units)."""

    text: str
    alts: tuple[Alternative, ...]
    weight: float = 1.0


def idf(units: int, matching: int) -> float:
    """Inverse document frequency with smoothing (a word in every unit still weighs a little)."""
    return math.log(1 + (units + 1) / (matching + 1))


def _in(tokens: frozenset[str], alt: Alternative, whole_only: bool = False) -> float:
    if alt.text in tokens:
        return SYNONYM if alt.synonym else WHOLE
    if whole_only:
        return 0.0
    if len(alt.subs) > 1 and all(s in tokens for s in alt.subs):  # one sub-word alone is too loose
        return PARTS
    return 0.0


_NUMBERING = re.compile(r"^[0-9一二三四五六七八九十百零.]+$")


def heading_cover(words: list[Word], head: frozenset[str]) -> float:
    """The share of the heading's words the query holds: "（一）试点对象" is all about 试点产品 (its synonym),
    "（二）数字化经营应用场景等级判定表" only a sixth about 数字化."""
    content = [t for t in head if not _NUMBERING.match(t)]
    if not content:
        return 0.0
    held = sum(1 for t in content if any(a.text == t for w in words for a in w.alts))
    return held / len(content)


def place_score(word: Word, row: Row, cover: float = 1.0) -> float:
    """How well the row holds the word: best place weight times how fully it is printed (0 = absent)."""
    best = 0.0
    for place, weight in PLACES:
        tokens: frozenset[str] = getattr(row, place)
        if place == "head":  # a heading counts fully only when it is about the query, else little over the text
            weight = BODY + (weight - BODY) * cover
        for alt in word.alts:
            best = max(best, weight * _in(tokens, alt, whole_only=place in ("head", "context")))
    return best


@dataclass(frozen=True)
class Ranked:
    """A matched row with the query words it holds and its ranking score."""

    row: Row
    matched: tuple[str, ...]
    missing: tuple[str, ...]
    score: float


def rank(words: list[Word], rows: list[Row], asked: tuple[tuple[str, float], ...] = ()) -> list[Ranked]:
    """Rows best first: more query words matched, then the weighted places they match in, then bm25.

    asked: tag words the query's question words ask for (几家 → 数量上限) with their rarity; a row holding one gains
    as much as a query word in its heading, but it is not a word held, so it orders rows of equal coverage only."""
    out: list[Ranked] = []
    top_bm25 = max((r.bm25 for r in rows), default=1.0) or 1.0
    for row in rows:
        cover = heading_cover(words, row.head)
        places = [(w, place_score(w, row, cover)) for w in words]
        matched = tuple(w.text for w, s in places if s > 0)
        missing = tuple(w.text for w, s in places if s == 0)
        answers = sum(weight for tag, weight in asked if tag in row.body)
        weighted = sum(w.weight * s for w, s in places) + ASKED * answers
        # coverage dominates; the weighted places order units of equal coverage; bm25 (0..1) breaks ties.
        score = len(matched) * 10000 + weighted * 10 + max(row.bm25, 0.0) / top_bm25
        out.append(Ranked(row, matched, missing, round(score, 4)))
    out.sort(key=lambda r: -r.score)
    return out
