"""The catalog as shipped in data/catalog.json: fields, entries, tiers and their parsed indicators."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any, cast

from policyhub.errors import NotFound
from policyhub.firstset import reading
from policyhub.firstset.answers import (
    EntryDetail,
    EntrySummary,
    FieldNode,
    FieldRow,
    IndicatorJson,
    SubfieldNode,
)
from policyhub.firstset.requirements import Requirement, parse


@dataclass(frozen=True)
class Indicator:
    """One core technical indicator as printed, with its parsed requirement."""

    name: str
    text: str
    requirement: Requirement
    source: str  # the code whose row prints it (a parent's code for shared indicators)

    def to_dict(self) -> IndicatorJson:
        """JSON form: name, printed text, how it is checked and the parsed requirement."""
        return {
            "name": self.name,
            "text": self.text,
            "checkable": self.requirement.checkable,
            "requirement": self.requirement.to_dict(),
            "source": self.source,
        }


@dataclass(frozen=True)
class Tier:
    """One row of an entry: an alternative set of indicators that together qualify."""

    label: str | None
    line: int
    raw: str
    text: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Entry:
    """An entry (1.1.2) or sub-entry (1.7.2.1) of the catalog."""

    code: str
    name: str
    field: str
    subfield: str
    parent: str | None
    subentries: tuple[str, ...]
    own: tuple[Tier, ...]
    shared: Tier | None

    @property
    def kind(self) -> str:
        """entry or sub-entry."""
        return "sub-entry" if self.parent else "entry"


def _tier(code: str, data: dict[str, Any]) -> Tier:
    indicators = tuple(
        Indicator(i["name"], i["text"], parse(i["name"], i["value"], i.get("text_only")), code)
        for i in data["indicators"]
    )
    return Tier(data["label"], data["line"], data["raw"], data["text"], indicators)


def _read(code: str, tiers: tuple[Tier, ...]) -> tuple[Tier, ...]:
    """Tiers with each "：X" indicator read (reading.py): its neighbour tiers, a judged case, a class or its name."""
    out = []
    for i, tier in enumerate(tiers):
        inds = []
        for ind in tier.indicators:
            others = [o for j, t in enumerate(tiers) if j != i for o in t.indicators]
            siblings = [o.requirement for o in others if o.name == ind.name]
            inds.append(replace(ind, requirement=reading.read(code, ind.name, ind.requirement, siblings)))
        out.append(replace(tier, indicators=tuple(inds)))
    return tuple(out)


class Catalog:
    """The whole catalog, loaded once from package data."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.title: str = data["title"]
        self.document: str = data["document"]
        self.issued: str = data["issued"]
        self.fields: list[FieldRow] = data["fields"]
        self.entries: dict[str, Entry] = {}
        for e in data["entries"]:
            shared = _read(e["code"], (_tier(e["code"], e["shared"]),))[0] if e["shared"] else None
            own = _read(e["code"], tuple(_tier(e["code"], t) for t in e["tiers"]))
            self.entries[e["code"]] = Entry(
                e["code"], e["name"], e["field"], e["subfield"], e["parent"], tuple(e["subentries"]), own, shared
            )
        self.field_names = {f["code"]: f["name"] for f in self.fields}
        self.subfield_names = {s["code"]: s["name"] for f in self.fields for s in f["subfields"]}

    def entry(self, code: str) -> Entry:
        """The entry with this code, or NotFound."""
        found = self.entries.get(code.strip())
        if found is None:
            raise NotFound(f"目录中没有条目 {code!r} no such entry（编号形如 1.1.2 或 1.7.2.1）")
        return found

    def tiers(self, code: str) -> list[Tier]:
        """The tiers an entry is checked against: its own rows, each with the parent's shared indicators."""
        entry = self.entry(code)
        parent = self.entries[entry.parent] if entry.parent else None
        shared = parent.shared if parent else None
        if not entry.own:
            return [t for t in (shared, entry.shared) if t is not None][:1]
        if shared is None:
            return list(entry.own)
        return [
            Tier(t.label, t.line, t.raw, f"{shared.text}；{t.text}", shared.indicators + t.indicators)
            for t in entry.own
        ]

    def indicator_names(self, code: str) -> list[str]:
        """Every parameter name a check of this entry accepts (indicators and rule parameters)."""
        names: list[str] = []
        for tier in self.tiers(code):
            for ind in tier.indicators:
                dep = ind.requirement.depends_on
                for name in (ind.name, dep.param if dep else None):
                    if name and name not in names:
                        names.append(name)
        return names

    def all_indicators(self) -> list[tuple[Entry, int | None, Indicator]]:
        """Every indicator as stored (tier index None = the shared row), once each."""
        out: list[tuple[Entry, int | None, Indicator]] = []
        for entry in self.entries.values():
            for tier_no, tier in [(None, entry.shared), *enumerate(entry.own)]:
                if tier is not None:
                    out.extend((entry, tier_no, ind) for ind in tier.indicators)
        return out

    def counts(self) -> dict[str, int]:
        """How many indicators are machine-checked, yes/no, or text only."""
        c = Counter(ind.requirement.checkable for _, _, ind in self.all_indicators())
        return {"machine": c["machine"], "yes_no": c["yes_no"], "text": c["text"], "total": sum(c.values())}

    def summary(self, entry: Entry) -> EntrySummary:
        """The list view of one entry."""
        return {
            "code": entry.code,
            "name": entry.name,
            "kind": entry.kind,
            "parent": entry.parent,
            "field": entry.field,
            "field_name": self.field_names[entry.field],
            "subfield": entry.subfield,
            "subfield_name": self.subfield_names[entry.subfield],
            "tiers": len(self.tiers(entry.code)),
        }

    def detail(self, code: str) -> EntryDetail:
        """The show view: tiers as lists of indicators with printed text and parsed requirement."""
        entry = self.entry(code)
        tiers = self.tiers(code)
        shown = {
            **self.summary(entry),
            "subentries": list(entry.subentries),
            "tier_labels": [t.label for t in tiers],
            "tier_lines": [t.line for t in tiers],
            "tiers": [[ind.to_dict() for ind in t.indicators] for t in tiers],
        }
        return cast(EntryDetail, shown)  # the summary's keys, its count of tiers replaced by the tiers

    def tree(self) -> list[FieldNode]:
        """Fields > sub-fields > entries > sub-entries, for browsing."""
        out: list[FieldNode] = []
        for f in self.fields:
            subfields: list[SubfieldNode] = []
            for s in f["subfields"]:
                entries = [e for e in self.entries.values() if e.subfield == s["code"] and not e.parent]
                subfields.append(
                    {
                        "code": s["code"],
                        "name": s["name"],
                        "entries": [
                            {
                                "code": e.code,
                                "name": e.name,
                                "subentries": [{"code": c, "name": self.entries[c].name} for c in e.subentries],
                            }
                            for e in entries
                        ],
                    }
                )
            out.append({"code": f["code"], "name": f["name"], "subfields": subfields})
        return out


def segments(term: str) -> list[str]:
    """Words of a Chinese query (jieba), for a search that found nothing as a whole."""
    import jieba  # imported late: loading its dictionary takes a second

    jieba.setLogLevel(60)  # no "Building prefix dict" chatter on stderr
    return [w for w in jieba.lcut(term) if len(w) > 1] or [term]


def code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) for p in code.split("."))


@cache
def load() -> Catalog:
    """The catalog shipped with the package."""
    text = resources.files("policyhub.firstset").joinpath("data/catalog.json").read_text(encoding="utf-8")
    return Catalog(json.loads(text))
