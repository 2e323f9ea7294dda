"""firstset find: entries by name or indicator, with the trade's synonyms (data/synonyms.json) and figures."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, cast

from policyhub.errors import InputError
from policyhub.firstset.answers import FigureHit, Found
from policyhub.firstset.catalog import Catalog, Entry, code_key, segments
from policyhub.firstset.check import evaluate
from policyhub.firstset.textnorm import name_key
from policyhub.firstset.units import NUMBER, UnitError, units_of
from policyhub.firstset.values import Given, read_value

# A figure in a query: "50MW", "9000t", "40 m³" (a number with a unit, glued to words or not).
_FIGURE = re.compile(rf"({NUMBER})\s*([A-Za-zμΩ°℃%³²/·″′]+)")
_CHECKED = {"compare", "range", "tolerance", "rule"}


@dataclass(frozen=True)
class Term:
    """One query word with its synonym variants, and words inside which a variant does not count."""

    text: str
    variants: tuple[str, ...]
    exclude: tuple[str, ...] = ()

    def found_in(self, where: str) -> bool:
        """Whether any variant occurs in `where` outside the excluded words (压机 not inside 空压机)."""
        for ex in self.exclude:
            where = where.replace(ex, "|")
        return any(v in where for v in self.variants)


@cache
def synonym_groups() -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(terms, excluded words) per group, as matching keys."""
    text = resources.files("policyhub.firstset").joinpath("data/synonyms.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return [
        (tuple(name_key(t) for t in g["terms"]), tuple(name_key(e) for e in g.get("exclude", [])))
        for g in data["groups"]
    ]


def term(word: str) -> Term:
    """A query word and its variants: "lng运输船" also searches "液化天然气运输船"."""
    key = name_key(word)
    variants, exclude = [key], list[str]()
    for terms, excl in synonym_groups():
        for t in terms:
            if t and t in key:
                variants += [key.replace(t, other) for other in terms if other != t]
                exclude += [e for e in excl if e not in key]  # "空压机" asked for is not excluded
    return Term(key, tuple(dict.fromkeys(variants)), tuple(dict.fromkeys(exclude)))


def _figures(query: str) -> tuple[list[tuple[str, Given]], str]:
    """Figures in the query ("50MW") read as values, and the words left; "5G" (no such quantity) stays a word."""
    figures = []

    def take(m: re.Match[str]) -> str:
        try:
            units_of(m.group(2))
            given = read_value(m.group(0))
        except (UnitError, InputError):
            return m.group(0)
        if not given.values or not given.unit or given.unit in ("G", "D", "K"):  # 5G, 3D, 4K are names
            return m.group(0)
        figures.append((m.group(0).replace(" ", ""), given))
        return " "

    rest = _FIGURE.sub(take, query)
    return figures, rest


def _figure_hits(catalog: Catalog, entry: Entry, figure: str, given: Given, named: list[str]) -> list[FigureHit]:
    """Indicators the figure meets (any tier; only those the query names, if it names some): 50MW, 额定功率：30~50MW."""
    hits: list[FigureHit] = []
    for n, tier in enumerate(catalog.tiers(entry.code), start=1):
        for ind in tier.indicators:
            if ind.requirement.kind not in _CHECKED or (named and ind.name not in named):
                continue
            try:
                out = evaluate(ind, given, {})
            except (InputError, UnitError):
                continue  # another quantity
            if out.ok:
                hits.append({"figure": figure, "indicator": ind.name, "tier": n, "required": ind.text})
    return hits


def find(catalog: Catalog, query: str) -> list[Found]:
    """Entries whose name or indicators hold every word (or a synonym) and whose figures meet every figure given."""
    figures, rest = _figures(query.strip())
    words = [w for w in re.split(r"\s+", rest.strip()) if w]
    if not words and not figures:
        return []
    hits = _by_words(catalog, [term(w) for w in words])
    if not hits and len(words) == 1 and not figures:
        hits = _by_words(catalog, [term(w) for w in segments(name_key(words[0]))])
    if not figures:
        return [_row(catalog, e, by_name, matched) for _, e, by_name, matched in hits]
    met = []
    for rank, entry, by_name, matched in hits:
        found = [_figure_hits(catalog, entry, f, g, matched) for f, g in figures]
        if all(found):
            met.append((rank, entry, by_name, matched, [h[0] for h in found]))
    if not met:  # no entry meets the figures: the word hits, saying so
        return [_row(catalog, e, by_name, matched) | {"figures": []} for _, e, by_name, matched in hits]
    return [_row(catalog, e, by_name, matched) | {"figures": figs} for _, e, by_name, matched, figs in met]


def _by_words(catalog: Catalog, terms: list[Term]) -> list[tuple[int, Entry, bool, list[str]]]:
    hits = []
    for entry in catalog.entries.values():
        parent = catalog.entries[entry.parent].name if entry.parent else ""
        where = name_key(" ".join([entry.code, entry.name, parent, catalog.subfield_names[entry.subfield]]))
        names = catalog.indicator_names(entry.code)
        keys = [name_key(n) for n in names]
        by_name = all(t.found_in(where) for t in terms)
        matched = [n for n, k in zip(names, keys, strict=True) if any(t.found_in(k) for t in terms)]
        by_indicator = bool(matched) and all(any(t.found_in(k) for k in keys) for t in terms)
        if by_name or by_indicator:
            whole = name_key(entry.name) in {"".join(v) for v in _joined(terms)}
            rank = 0 if whole else 1 if by_name else 2
            hits.append((rank, entry, by_name, matched))
    hits.sort(key=lambda h: (h[0], code_key(h[1].code)))
    return hits


def _joined(terms: list[Term]) -> list[tuple[str, ...]]:
    """The query spelled out with each term's variants (a one-word query: its variants)."""
    if len(terms) == 1:
        return [(v,) for v in terms[0].variants]
    return [tuple(t.text for t in terms)]


def _row(catalog: Catalog, entry: Entry, by_name: bool, matched: list[str]) -> Found:
    row = {**catalog.summary(entry), "match": "name" if by_name else "indicator", "indicators": matched}
    return cast(Found, row)  # the summary's keys, then how it was found (figures: only when the query gave some)
