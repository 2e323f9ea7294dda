"""Search logic without I/O: the FTS5 query, document filters, and the highlighted snippet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from policyhub.errors import InputError
from policyhub.library.model import KINDS, Document

MARK_OPEN, MARK_CLOSE = "【", "】"
SNIPPET_CHARS = 120
_GAP = r"[\s（(]*"  # the OCR puts spaces inside words, and 首台（套） has a bracket inside


def fts_query(groups: list[list[str]], any_word: bool = False) -> str:
    """FTS5 query: each group is a query word and, as an alternative, the sub-words jieba finds in it."""
    parts = []
    for group in groups:
        word, *subs = [f'"{t.replace(chr(34), chr(34) * 2)}"' for t in group]
        parts.append(f"({word} OR ({' AND '.join(subs)}))" if subs else word)
    return (" OR " if any_word else " AND ").join(parts)


@dataclass(frozen=True)
class Filters:
    """Which documents a search (or list) keeps."""

    kind: str | None = None
    issuer: str | None = None
    date_from: date | None = None
    date_to: date | None = None

    @classmethod
    def parse(cls, kind: str | None, issuer: str | None, date_from: str | None, date_to: str | None) -> Filters:
        """Validate user input: a known kind, ISO dates in order."""
        if kind is not None and kind not in KINDS:
            raise InputError(f"unknown kind {kind!r}; kinds: {', '.join(KINDS)}", "bad_kind")
        lo, hi = _day(date_from, "from"), _day(date_to, "to")
        if lo and hi and lo > hi:
            raise InputError(f"--from {lo} is after --to {hi}", "bad_date_range")
        return cls(kind, (issuer or "").strip() or None, lo, hi)

    def keeps(self, doc: Document, aliases: dict[str, list[str]], on: str | None = None) -> bool:
        """True when the document passes every filter (a dated filter drops undated documents; on overrides)."""
        if self.kind and doc.kind != self.kind:
            return False
        if self.issuer:
            names = [self.issuer, *aliases.get(self.issuer, [])]
            if not any(n in org or org in n for n in names for org in doc.issuers):
                return False
        if self.date_from or self.date_to:
            printed = on or doc.date
            if printed is None:
                return False
            day = date.fromisoformat(printed)
            if (self.date_from and day < self.date_from) or (self.date_to and day > self.date_to):
                return False
        return True


def _day(text: str | None, name: str) -> date | None:
    if text is None or not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--{name} {text!r} is not a date (YYYY-MM-DD)", "bad_date") from None


def _char(c: str) -> str:
    """A character and its full-width twin (the seed mixes both)."""
    if "!" <= c <= "~":
        return f"[{re.escape(c)}{re.escape(chr(ord(c) + 0xFEE0))}]"
    return re.escape(c)


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    alts = [_GAP.join(_char(c) for c in t) for t in sorted(set(terms), key=len, reverse=True) if t]
    return re.compile("|".join(alts), re.IGNORECASE) if alts else None


def flatten(lines: tuple[str, ...] | list[str]) -> str:
    """A unit's lines as one run of text (OCR line breaks fall mid-sentence; tabs separate table cells)."""
    return re.sub(r"[ \t]+", " ", "".join(line.strip() + ("" if _cjk_end(line) else " ") for line in lines)).strip()


def _cjk_end(line: str) -> bool:
    s = line.rstrip()
    return bool(s) and ord(s[-1]) > 0x2E80


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> str:
    """The window of text with the most distinct matched terms, each match wrapped in 【】."""
    rx = _pattern(terms)
    spans: list[tuple[int, int, str]] = []
    if rx:
        for m in rx.finditer(text):
            end = m.end()
            if re.search(r"[（(]", m.group(0)) and end < len(text) and text[end] in "）)":
                end += 1  # close the bracket of 首台（套
            spans.append((m.start(), end, m.group(0).lower()))
    start = 0
    if spans:
        best = max(spans, key=lambda s: (len({t for a, _, t in spans if s[0] <= a < s[0] + width}), -s[0]))
        start = max(0, best[0] - width // 5)
    stop = min(len(text), start + width)
    out, pos = [], start
    for a, b, _ in spans:
        if a < pos or b > stop:
            continue
        out += [text[pos:a], MARK_OPEN, text[a:b], MARK_CLOSE]
        pos = b
    out.append(text[pos:stop])
    return ("…" if start > 0 else "") + "".join(out) + ("…" if stop < len(text) else "")
