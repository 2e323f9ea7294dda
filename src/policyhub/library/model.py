"""Plain data of the policy library: documents, their citable units, search hits."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict, final

KINDS = (
    "notice",
    "opinion",
    "guide",
    "catalog",
    "rules",
    "order",
    "announcement",
    "qa",
    "expert_reading",
    "news",
)
# How a person reads each kind (pages and the CLI's text output).
KIND_NAMES = {"notice": "通知", "opinion": "意见", "guide": "指南", "catalog": "目录", "rules": "规则", "order": "令",
              "announcement": "公告", "qa": "答记者问", "expert_reading": "专家解读", "news": "动态"}  # fmt: skip


class UnitData(TypedDict):
    """A unit's JSON form: citation id, label, kind, parent, its printed lines and where they begin."""

    id: str
    label: str
    kind: str
    parent: str | None
    lines: list[str]
    line_start: int


class Summary(TypedDict):
    """A document's list-row form (`library list`): id, title, issuer, number, date, kind and where it came from."""

    id: str
    title: str
    issuer: str | None
    number: str | None
    date: str | None
    kind: str
    issuers: list[str]
    explains: str | None
    belongs_to: str
    unit_count: int


@final  # no other keys: `"unit" in data` tells it from service.ShownUnit
class DocumentData(Summary):
    """A document's full JSON form: its summary and every unit in reading order."""

    units: list[UnitData]


class HitData(TypedDict):
    """A search hit's JSON form (`library search`), the fields of Hit in order."""

    doc_id: str
    title: str
    unit: str
    citation: str
    snippet: str
    score: float
    kind: str
    date: str | None
    issuer: str | None
    matched_words: list[str]
    missing_words: list[str]
    full_match: bool
    no_full_match: bool
    date_basis: str | None


@dataclass(frozen=True)
class Unit:
    """One citable piece of a document body: a 条, a numbered section, a catalog row, a Q&A pair, a preamble."""

    id: str  # citation id, e.g. "d24.第二十四条"
    label: str  # what a reader says, e.g. "第二十四条", "三、（二）"
    kind: str  # preamble, chapter, article, section, item, row, qa, paragraph, attachment, part, back_matter
    parent: str | None
    lines: tuple[str, ...]
    line_start: int  # 1-based line of the source text where the unit begins

    @property
    def text(self) -> str:
        """The unit's lines joined with newlines (as printed)."""
        return "\n".join(self.lines)

    @property
    def heading(self) -> str:
        """The first line of the unit."""
        return self.lines[0] if self.lines else ""

    def to_dict(self) -> UnitData:
        """JSON form."""
        return {"id": self.id, "label": self.label, "kind": self.kind, "parent": self.parent,
                "lines": list(self.lines), "line_start": self.line_start}  # fmt: skip


@dataclass(frozen=True)
class Document:
    """One document of a compilation issue, with metadata and its units in reading order."""

    id: str
    title: str
    issuers: tuple[str, ...]
    number: str | None
    date: str | None  # ISO yyyy-mm-dd of the signature date, None where none is printed
    kind: str
    explains: str | None  # id of the document this Q&A / reading explains
    belongs_to: str  # the compilation issue (or ingest source) the document came from
    units: tuple[Unit, ...] = field(default=())

    @property
    def issuer(self) -> str | None:
        """Issuing bodies joined with 、 (None where the text names none)."""
        return "、".join(self.issuers) if self.issuers else None

    def summary(self) -> Summary:
        """The list-row form: id, title, issuer, number, date, kind (+ issuers, explains, belongs_to)."""
        return {
            "id": self.id,
            "title": self.title,
            "issuer": self.issuer,
            "number": self.number,
            "date": self.date,
            "kind": self.kind,
            "issuers": list(self.issuers),
            "explains": self.explains,
            "belongs_to": self.belongs_to,
            "unit_count": len(self.units),
        }

    def to_dict(self) -> DocumentData:
        """Full JSON form with units."""
        return {**self.summary(), "units": [u.to_dict() for u in self.units]}


def document_from_dict(data: dict[str, Any]) -> Document:
    """Rebuild a Document from its JSON form."""
    units = tuple(
        Unit(
            id=u["id"],
            label=u["label"],
            kind=u["kind"],
            parent=u.get("parent"),
            lines=tuple(u["lines"]),
            line_start=int(u["line_start"]),
        )
        for u in data["units"]
    )
    return Document(
        id=data["id"],
        title=data["title"],
        issuers=tuple(data.get("issuers") or ()),
        number=data.get("number"),
        date=data.get("date"),
        kind=data["kind"],
        explains=data.get("explains"),
        belongs_to=data.get("belongs_to", ""),
        units=units,
    )


@dataclass(frozen=True)
class Hit:
    """One search result: a unit of a document, with a highlighted snippet."""

    doc_id: str
    title: str
    unit: str  # the unit's label, e.g. "第二十四条"
    citation: str  # the unit's citation id, e.g. "d24.第二十四条"
    snippet: str  # plain text, matched words wrapped in 【】
    score: float  # higher is better
    kind: str
    date: str | None  # the printed date, else that of the document a Q&A or reading explains (date_basis)
    issuer: str | None
    matched_words: list[str] = field(default_factory=list)  # the query words this unit holds
    missing_words: list[str] = field(default_factory=list)  # the query words it lacks
    full_match: bool = True  # this unit holds every query word
    no_full_match: bool = False  # no unit holds every query word (the same on every hit of a search)
    date_basis: str | None = None  # "printed", "explains:d24" (borrowed from the explained document) or None

    def to_dict(self) -> HitData:
        """JSON form."""
        return {"doc_id": self.doc_id, "title": self.title, "unit": self.unit, "citation": self.citation,
                "snippet": self.snippet, "score": self.score, "kind": self.kind, "date": self.date,
                "issuer": self.issuer, "matched_words": list(self.matched_words),
                "missing_words": list(self.missing_words), "full_match": self.full_match,
                "no_full_match": self.no_full_match, "date_basis": self.date_basis}  # fmt: skip
