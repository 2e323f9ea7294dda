"""Find the documents of a compilation text: its 目录 (table of contents), where each document starts, its metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass

from policyhub.errors import InputError

_TOC_HEAD = re.compile(r"^目\s*录$")
_PAGE_TAIL = re.compile(r"[\s.…·]*\d+\s*$")
_DOTS = re.compile(r"[.…]{3,}")
_DATE_LINE = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$")
_NUMBER = re.compile(r"(〔\d{4}〕\d+号|公告\d{4}年第\d+号|令第\d+号)$")
_ISSUE = re.compile(r"总第\s*(\d+)\s*期")
_ORG_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{2,24}$")


def norm(text: str) -> str:
    """Compare form of a title: no whitespace, no separator bars, no leader dots."""
    return re.sub(r"[\s|｜]", "", _DOTS.sub("", text))


def tidy(text: str) -> str:
    """Display form: drop spaces the OCR put next to digits and brackets, collapse the rest."""
    text = re.sub(r"\s*([0-9〔〕《》（）])\s*", r"\1", text.strip())
    text = re.sub(r"(\d)\s+(?=\d)", r"\1", text)
    return re.sub(r"\s+", " ", text)


@dataclass(frozen=True)
class Span:
    """Where one document lies in the source lines (0-based, end exclusive) and its table-of-contents title."""

    title: str
    start: int
    end: int


def toc_titles(lines: list[str]) -> tuple[list[str], int]:
    """The titles listed after the 目录 line, and the index of the line after the table of contents."""
    head = next((i for i, line in enumerate(lines) if _TOC_HEAD.match(line.strip())), None)
    if head is None:
        raise InputError("no 目录 (table of contents) line found", "no_toc")
    titles: list[str] = []
    i = head + 1
    while i < len(lines):
        line = lines[i].strip()
        if line and _PAGE_TAIL.search(line) and not _DATE_LINE.match(line):
            titles.append(_PAGE_TAIL.sub("", _DOTS.sub("", line)).strip())
        elif line and titles:
            break  # first non-entry line after the entries: the body begins
        i += 1
    if not titles:
        raise InputError("the 目录 lists no titles with page numbers", "empty_toc")
    return titles, i


def _find_title(lines: list[str], title: str, start: int) -> int | None:
    """First line at or after start that prints the title (possibly wrapped onto the next non-blank line)."""
    want = norm(title)
    for i in range(start, len(lines)):
        here = norm(lines[i])
        if not here:
            continue
        if here == want:
            return i
        if want.startswith(here) and len(here) >= 6:
            j = next((k for k in range(i + 1, len(lines)) if lines[k].strip()), None)
            if j is not None and here + norm(lines[j]) == want:
                return i
    return None


def document_spans(lines: list[str]) -> list[Span]:
    """Each listed document's line range, found by its title in order after the table of contents."""
    titles, pos = toc_titles(lines)
    starts: list[int] = []
    for title in titles:
        found = _find_title(lines, title, pos)
        if found is None:
            raise InputError(f"the 目录 entry {title!r} is not found as a title line in the text", "title_not_found")
        starts.append(found)
        pos = found + 1
    ends = [*starts[1:], len(lines)]
    return [Span(tidy(t), s, e) for t, s, e in zip(titles, starts, ends, strict=True)]


def issue_label(lines: list[str]) -> str | None:
    """The compilation's issue, e.g. "总第7期", when the cover prints it."""
    for line in lines[:40]:
        m = _ISSUE.search(line)
        if m:
            return f"总第{m.group(1)}期"
    return None


def doc_number(body: list[str]) -> str | None:
    """The 文号 printed just under the title (e.g. 工信部重装函〔2024〕254号), else None."""
    near = [line for line in body[1:] if line.strip()][:3]
    for line in near:
        if _NUMBER.search(re.sub(r"\s+", "", line)):
            return tidy(line)
    return None


def signature(body: list[str]) -> tuple[str | None, tuple[str, ...]]:
    """The first signature date (ISO) and the issuing bodies printed on the lines just above it."""
    for i, line in enumerate(body):
        m = _DATE_LINE.match(line.strip())
        if not m:
            continue
        date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
        orgs: list[str] = []
        j = i - 1
        while j >= 0 and (not body[j].strip() or _ORG_LINE.match(body[j].strip())):
            if body[j].strip():
                orgs.insert(0, body[j].strip())
            j -= 1
        return date, tuple(orgs)
    return None, ()


_KIND_WORDS = (
    ("答记者问", "qa"),
    ("解读", "expert_reading"),
    ("规则", "rules"),
    ("办法", "rules"),
    ("目录", "catalog"),
    ("清单", "catalog"),
    ("指南", "guide"),
    ("指引", "guide"),
    ("指标", "guide"),
    ("公告", "announcement"),
    ("意见", "opinion"),
    ("通知", "notice"),
    ("印发", "notice"),
    ("启动", "notice"),
)


def guess_kind(title: str) -> str:
    """A kind from the words of the title (used where no curated kind is given)."""
    for word, kind in _KIND_WORDS:
        if word in title:
            return kind
    return "news"


def guess_explains(titles: list[str], kinds: list[str], index: int) -> int | None:
    """For a Q&A or reading: the document its 《…》 names, else the nearest earlier non-reading document."""
    if kinds[index] not in ("qa", "expert_reading"):
        return None
    for name in re.findall(r"《([^》]+)》", titles[index]):
        for j, other in enumerate(titles):
            if j != index and kinds[j] not in ("qa", "expert_reading") and norm(name) in norm(other):
                return j
    for j in range(index - 1, -1, -1):
        if kinds[j] not in ("qa", "expert_reading"):
            return j
    return None
