"""The matcher's answer for one call or duty: its status, window, the conditions judged and the clauses cited."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict

from policyhub.match.sector import SectorReading
from policyhub.tristate import Tri


class _Facts(TypedDict):
    """What a condition was judged on, beyond its words and clause."""

    outside: NotRequired[str]  # what being outside the condition means for the item
    fact_labels: NotRequired[dict[str, str]]
    departments: NotRequired[list[str]]  # an addressee condition: the departments the item is addressed to
    quote: NotRequired[str]
    sector: NotRequired[SectorReading | None]  # a sector condition: the profile's sector as read
    checker: NotRequired[str]  # a checker's condition: the command that judged it, and its own answer
    checker_citation: NotRequired[str | None]
    checker_status: NotRequired[str | None]
    verdict: NotRequired[str]
    entry: NotRequired[str]


class Judged(_Facts):
    """One condition judged for the profile: met / not met / unknown, its clause, and what it was judged on."""

    text: str
    citation: str
    result: Tri
    role: str  # trigger, condition, addressee, sector or checker
    href: str


class Judging(_Facts):
    """A condition as the matcher judges it: with the facts whose absence leaves it unknown, its link once found."""

    text: str
    citation: str
    result: Tri
    role: str
    missing: list[str]
    href: NotRequired[str]


class Clause(TypedDict):
    """What the item says (a duty, the route to apply, the consequence of not acting) and where."""

    text: str
    citation: str


class QuotaClause(Clause):
    """A quota the item sets (how many may be recommended), with a note where the text needs one."""

    note: NotRequired[str]


class Note(TypedDict):
    """A passage worth reading beside the item: the words, where they are, and why they matter."""

    quote: str
    citation: str
    note: str


class Priority(Clause):
    """Products the item gives priority to."""

    products: list[str]


class Dated(TypedDict):
    """A date the notice prints, with its label and the words that print it."""

    date: str
    label: NotRequired[str]
    citation: str
    quote: NotRequired[str]


class Window(TypedDict):
    """The window the entity sees on the day judged: opens, closes, open / upcoming / closed, and why."""

    opens: str | None
    closes: str | None
    state: str
    deadline: str | None  # own, chain (the latest date of the chain it files through) or None
    note: str | None
    dates: list[Dated]
    time: NotRequired[str]  # the printed hour (d15/d16's 16:00)


class MissingFact(TypedDict):
    """A fact the profile lacks, with what a person reads for it."""

    field: str
    label: str


class Decision(TypedDict):
    """One call or duty decided for the profile: status, window, conditions with their clauses, missing facts."""

    id: str
    doc: str
    title: str
    kind: str
    who: str
    status: str
    status_name: str
    window: Window
    conditions: list[Judged]
    missing: list[str]
    missing_facts: list[MissingFact]
    citation: str
    href: str
    duty: NotRequired[Clause]  # the item's clauses as the compilation's data gives them
    consequence: NotRequired[Clause]
    quotas: NotRequired[list[QuotaClause]]
    route: NotRequired[Clause]
    notes: NotRequired[list[Note]]
    priority: NotRequired[Priority]
    outside: NotRequired[list[str]]
    detail: NotRequired[dict[str, Any]]  # a checker's figures (digital level, stamp duty, …)
