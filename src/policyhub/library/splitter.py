"""Split a compilation's text into documents and each document body into citable units (pure: text in, data out)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from policyhub.library import compilation as comp
from policyhub.library.model import Document, Unit

_CN = "一二三四五六七八九十百零"
# Heading patterns, tried in order on the raw line (a leading tab marks a table continuation, never a heading).
_CHAPTER = re.compile(rf"^第[{_CN}]+章")
_ARTICLE = re.compile(rf"^第[{_CN}]+条")
_SECTION = re.compile(rf"^([{_CN}]+)、")
_SUBSECTION = re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]")
_ITEM = re.compile(r"^(\d{1,2})\s*[.．、]\s*(?![\d\s]*$)(?!\d)")
_SUBITEM = re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]")
_QUESTION = re.compile(r"^问\s*[:：]")
_ROW = re.compile(r"^(\d{1,3})\t")
_ATTACH_ALONE = re.compile(r"^-?\s*附件\s*(\d*)\s*[:：]?\s*$")
_ATTACH_INLINE = re.compile(r"^-?\s*附件\s*(\d*)\s*[:：]\s*(\S.*)$")
_ATTACH_LIST = re.compile(r"^\[?\d+\s*[.．]")
_CAT_ROW = re.compile(r"^(\d+\.\d+\.\d+)(?=\s)")
_CAT_SUB = re.compile(r"^(\d+\.\d+)\s")
_CAT_TOP = re.compile(r"^(\d+)\.\s+\S")

# level: smaller is outer. "part" = 附件 / named part of a document; rows sit where numbered items sit.
_LEVEL = {"part": 0, "chapter": 1, "article": 2, "section": 3, "qa": 3, "paragraph": 3, "subsection": 4}
_LEVEL |= {"item": 5, "row": 5, "subitem": 6, "category": 3, "subcategory": 4, "catalog_row": 5}
_CATALOG = ("category", "subcategory", "catalog_row")  # d01: "1. 高端工业母机" / "1.1 数控机床" / "1.1.1\t…"


@dataclass
class _Frame:
    kind: str
    key: str
    label: str
    uid: str


@dataclass
class _Builder:
    doc_id: str
    parts: dict[str, str]
    catalog: bool
    units: list[dict[str, Any]] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    candidate: str | None = None  # the last inline 附件 label: becomes a part if numbering restarts
    questions: int = 0
    paragraphs: int = 0

    def open(self, kind: str, key: str, label: str, line: str, lineno: int) -> None:
        """Start a new unit with this heading line."""
        level = _LEVEL.get(kind, 0)
        if kind in ("part", "attachment", "back_matter"):
            self.stack = []
        else:
            self.stack = [f for f in self.stack if f.kind == "part" or _LEVEL[f.kind] < level]
        uid = self._uid(kind, key)
        if uid in self.seen and self.candidate and not any(f.kind == "part" for f in self.stack):
            self.stack.insert(0, _Frame("part", self.candidate, self.candidate, f"{self.doc_id}.{self.candidate}"))
            uid = self._uid(kind, key)
        base, n = uid, 2
        while uid in self.seen:  # a numbering restart no 附件 line explains: keep ids unique, visibly
            uid, n = f"{base}~{n}", n + 1
        key = key + uid[len(base) :]
        self.seen.add(uid)
        parent = self.stack[-1].uid if self.stack and kind not in ("attachment", "back_matter") else None
        full_label = self._label(kind, label)
        part = next((f.label for f in self.stack if f.kind == "part"), None)
        unit = {"id": uid, "label": full_label, "kind": kind, "parent": parent, "lines": [line], "part": part}
        self.units.append(unit)
        self.units[-1]["line_start"] = lineno
        if kind not in ("attachment", "back_matter"):
            self.stack.append(_Frame(kind, key, label, uid))

    def _uid(self, kind: str, key: str) -> str:
        if kind in _CATALOG:
            return f"{self.doc_id}.{key}"  # catalog codes (1, 1.1, 1.1.1) are unique on their own
        keys = [f.key for f in self.stack if not (f.kind == "chapter" and kind != "chapter")]
        return ".".join([self.doc_id, *keys, key])

    def _label(self, kind: str, label: str) -> str:
        if kind in ("part", "chapter", "article", "attachment", "back_matter", "preamble") or kind in _CATALOG:
            return label
        outer = [f.label for f in self.stack if f.kind not in ("part", "chapter")]
        return "".join([*outer, label])

    def add(self, line: str) -> None:
        """Continue the current unit."""
        self.units[-1]["lines"].append(line)


def _heading(line: str, b: _Builder) -> tuple[str, str, str] | None:
    """(kind, key, label) when the line opens a unit."""
    if line.strip() in b.parts:
        name = b.parts[line.strip()]
        return "part", name, name
    m = _ATTACH_ALONE.match(line)
    if m:
        return "part", f"附件{m.group(1)}", f"附件{m.group(1)}"
    m = _ATTACH_INLINE.match(line)
    if m:
        return "attachment", f"附件{m.group(1)}", f"附件{m.group(1)}"
    if b.catalog:
        for rx, kind in ((_CAT_ROW, "catalog_row"), (_CAT_SUB, "subcategory"), (_CAT_TOP, "category")):
            m = rx.match(line)
            if m:
                return kind, m.group(1), m.group(1) if kind != "category" else f"{m.group(1)}."
    if (m := _CHAPTER.match(line)) or (m := _ARTICLE.match(line)):
        kind = "chapter" if m.group(0).endswith("章") else "article"
        return kind, m.group(0), m.group(0)
    if m := _SECTION.match(line):
        return "section", m.group(1), f"{m.group(1)}、"
    if m := _SUBSECTION.match(line):
        return "subsection", f"（{m.group(1)}）", f"（{m.group(1)}）"
    if m := _ITEM.match(line):
        return "item", m.group(1), f"{m.group(1)}."
    if m := _SUBITEM.match(line):
        return "subitem", f"（{m.group(1)}）", f"（{m.group(1)}）"
    if m := _ROW.match(line):
        return "row", m.group(1), f"第{m.group(1)}项"
    if _QUESTION.match(line):
        b.questions += 1
        return "qa", f"问{b.questions}", f"问{b.questions}"
    return None


def split_body(
    doc_id: str, lines: list[str], first_lineno: int, parts: dict[str, str] | None = None, back_matter: str = ""
) -> list[Unit]:
    """Units of one document body (its title line first); every non-blank line lands in exactly one unit."""
    numbered = [(i, line.rstrip()) for i, line in enumerate(lines) if line.strip()]
    catalog = sum(1 for _, line in numbered if _CAT_ROW.match(line)) >= 5
    b = _Builder(doc_id, dict(parts or {}), catalog)
    probe = _Builder(doc_id, dict(parts or {}), catalog)
    plain = not any(_heading(line, probe) for _, line in numbered[1:])
    in_attach_list = False
    for n, (i, line) in enumerate(numbered):
        lineno = first_lineno + i
        if n == 0:
            b.units.append({"id": f"{doc_id}.序", "label": "序言", "kind": "preamble", "parent": None})
            b.units[-1] |= {"lines": [line], "line_start": lineno}
            b.seen.add(f"{doc_id}.序")
            continue
        if back_matter and line.strip() == back_matter:
            b.open("back_matter", "封底", "封底", line, lineno)
            back_matter = ""  # everything after belongs to the back matter
            b.parts, b.catalog, plain = {}, False, False
            in_attach_list = True  # swallow the rest
            continue
        if b.units[-1]["kind"] == "back_matter" or (in_attach_list and _ATTACH_LIST.match(line)):
            b.add(line)
            continue
        in_attach_list = False
        if plain:
            b.paragraphs += 1
            b.open("paragraph", f"段{b.paragraphs}", f"第{b.paragraphs}段", line, lineno)
            continue
        head = _heading(line, b)
        if head is None:
            b.add(line)
            continue
        kind, key, label = head
        if kind == "catalog_row" and b.units[-1]["id"] == f"{doc_id}.{key}":
            b.add(line)  # the same catalog code printed again after a page break: the row continues
            continue
        b.open(kind, key, label, line, lineno)
        if kind == "attachment":
            b.candidate = key
            in_attach_list = bool(re.match(r"^-?\s*附件\s*\d*\s*[:：]\s*\[?1\s*[.．]", line))
    _unique_labels(doc_id, b.units)
    return [Unit(u["id"], u["label"], u["kind"], u["parent"], tuple(u["lines"]), u["line_start"]) for u in b.units]


def _unique_labels(doc_id: str, units: list[dict[str, Any]]) -> None:
    """A label printed twice in one document (d26 说明·一、 / 清单·一、) gets its part in front, else its id."""

    def collisions() -> set[str]:
        counts: dict[str, int] = {}
        for u in units:
            counts[u["label"]] = counts.get(u["label"], 0) + 1
        return {label for label, n in counts.items() if n > 1}

    twice = collisions()
    for u in units:
        if u["label"] in twice and u.get("part") and not u["label"].startswith(u["part"]):
            u["label"] = f"{u['part']}·{u['label']}"
    twice = collisions()
    for u in units:
        if u["label"] in twice:
            u["label"] = u["id"].removeprefix(doc_id + ".")


def split_compilation(text: str, prefix: str = "d", meta: dict[str, Any] | None = None) -> list[Document]:
    """Every document of a compilation (目录 + documents) with units; meta holds curated per-document overrides."""
    meta = meta or {}
    lines = text.splitlines()
    spans = comp.document_spans(lines)
    issue = meta.get("issue") or comp.issue_label(lines) or "ingested"
    compiler = next((line.strip() for line in lines if line.strip()), "")
    width = max(2, len(str(len(spans))))
    ids = [f"{prefix}{k + 1:0{width}d}" for k in range(len(spans))]
    over: list[dict[str, Any]] = [meta.get("documents", {}).get(i, {}) for i in ids]
    kinds = [o.get("kind") or comp.guess_kind(s.title) for o, s in zip(over, spans, strict=True)]
    titles = [s.title for s in spans]
    docs: list[Document] = []
    for k, span in enumerate(spans):
        body = lines[span.start : span.end]
        date, orgs = comp.signature(body)
        o = over[k]
        explains = o.get("explains", "auto")
        if explains == "auto":
            j = comp.guess_explains(titles, kinds, k)
            explains = ids[j] if j is not None else None
        last = k == len(spans) - 1
        units = split_body(ids[k], body, span.start + 1, o.get("parts"), compiler if last else "")
        docs.append(
            Document(
                id=ids[k],
                title=o.get("title", span.title),
                issuers=tuple(o.get("issuers", orgs)),
                number=o.get("number", comp.doc_number(body)),
                date=o.get("date", date),
                kind=kinds[k],
                explains=explains,
                belongs_to=issue,
                units=tuple(units),
            )
        )
    return docs


def split_single(text: str, doc_id: str, source: str) -> Document:
    """One policy text (its first non-blank line is the title) as a document."""
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        from policyhub.errors import InputError

        raise InputError("the file is empty", "empty_file")
    body = lines[first:]
    title = comp.tidy(body[0])
    date, orgs = comp.signature(body)
    return Document(
        id=doc_id,
        title=title,
        issuers=orgs,
        number=comp.doc_number(body),
        date=date,
        kind=comp.guess_kind(title),
        explains=None,
        belongs_to=source,
        units=tuple(split_body(doc_id, body, first + 1)),
    )
