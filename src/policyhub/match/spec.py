"""The compilation's calls and duties as data (data/calls/*.json): what the matcher reads of each item."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from policyhub.match.answers import Clause, Note, Priority, QuotaClause


class Test(TypedDict, total=False):
    """A test of the profile's facts: a field and an op (with a value to compare), or all / any of other tests."""

    field: str
    op: str  # one of OPS
    value: object
    all: list[Test]
    any: list[Test]


class ConditionSpec(TypedDict):
    """A condition or trigger as the compilation writes it: its words, clause and test of the profile."""

    id: str
    text: str
    citation: str
    test: Test
    kinds: NotRequired[list[str]]  # the entity kinds it applies to (all when absent)
    fact_labels: NotRequired[dict[str, str]]
    outside: NotRequired[str]


class PrintedDate(TypedDict):
    """A date the notice prints; a closing date is for the entity itself (self) or the chain it files through."""

    date: str
    citation: str
    quote: str
    label: NotRequired[str]
    time: NotRequired[str]


_Chain = TypedDict("_Chain", {"for": NotRequired[str]})  # "for" is a keyword: the functional form


class WindowDate(PrintedDate, _Chain):
    """An opening or closing date of a call's window."""


class WindowSpec(TypedDict):
    """The window as printed: when it opens (if it says) and the closing dates."""

    opens: WindowDate | None
    closes: list[WindowDate]


class SectorLimit(TypedDict):
    """The GB/T 4754 门类 an item is limited to, and whether being outside makes it not applicable."""

    sections: list[str]
    scope: str
    quote: str
    citation: str
    outside: str


class FeedSpec(TypedDict, total=False):
    """The checker that judges an item's conditions from the profile (rd: the guide's name)."""

    rd: str
    digital: bool
    stamp_duty: bool
    negative_list: bool
    firstset: bool
    directions: bool
    gec: bool
    renewal: bool


class Item(TypedDict):
    """A call, task, duty or standing measure of one document: whom it is for, its conditions, its window."""

    id: str
    doc: str
    kind: str  # call, duty, task or standing
    title: str
    who: str
    who_kinds: list[str]
    citation: str
    window: WindowSpec
    conditions: NotRequired[list[ConditionSpec]]
    trigger: NotRequired[list[ConditionSpec]]
    route: NotRequired[Clause]
    duty: NotRequired[Clause]
    consequence: NotRequired[Clause]
    quotas: NotRequired[list[QuotaClause]]
    notes: NotRequired[list[Note]]
    priority: NotRequired[Priority]
    sector: NotRequired[SectorLimit]
    departments: NotRequired[list[str]]  # a further compilation's call may name its own departments
    departments_quote: NotRequired[str]
    departments_citation: NotRequired[str]


class Call(Item):
    """An item as the matcher reads it, with the checker that judges it (if one does)."""

    feed: NotRequired[FeedSpec]
