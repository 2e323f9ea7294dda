"""Negative-list and stamp-duty answers as typed dicts (their JSON key for key), and the spans every checker cites."""

from __future__ import annotations

import builtins
from typing import Literal, NotRequired, TypedDict

from policyhub.tristate import Tri

# "from" is a keyword, so the dicts that carry it are spelt the functional way.
Span = TypedDict("Span", {"from": str, "to": str})  # the dates a rule set answers for, both ends included


class Cited(TypedDict):
    """A passage as printed and where it is printed."""

    text: str
    citation: str


# --- 外商投资准入负面清单 (negative_list) ---

Coverage = TypedDict("Coverage", {"list": str, "from": str, "to": str, "encoded": bool})


class ListDocument(TypedDict):
    """The 2024 list's title, order number, publication and effective dates."""

    title: str
    number: str
    published: str
    effective_from: str


class EquityCap(TypedDict):
    """A measure's printed share limit (外资股比不超过 …%, 中方 …% 以上)."""

    foreign_max_percent: int
    chinese_min_percent: NotRequired[int]
    per: NotRequired[str]


class Restriction(TypedDict):
    """One restriction of a measure as shown: its kind and the activities it covers."""

    type: str
    scope: str
    equity_cap: NotRequired[EquityCap]
    control: NotRequired[str]
    board_chinese_min: NotRequired[str]


class Measure(TypedDict):
    """A special measure that applies (a 2024 item, or a 2021 measure the 2024 list removed: list "2021")."""

    # Its key `list` shadows the builtin inside the class body, hence builtins.list.
    no: int | None
    text: str
    type: str
    types: builtins.list[str]
    equity_cap: EquityCap | None
    sector: NotRequired[str]
    restrictions: NotRequired[builtins.list[Restriction]]
    list: NotRequired[str]
    citation: str
    notes: NotRequired[builtins.list[Cited]]


class Exempted(Restriction):
    """A restriction the measure's own exception lifts for this activity, with the clause that says so."""

    exception: str
    quote: str
    lifts: str


class Excepted(Exempted):
    """An excepted restriction with the measure it belongs to."""

    no: int
    text: str
    sector: str


class Related(TypedDict):
    """A measure in the same field that does not apply: outside its printed scope, or the field only."""

    no: int
    text: str
    reason: str
    term: str


class GeneralMeasure(TypedDict):
    """A measure of the list's general part (不分行业) that applies."""

    id: str
    text: str
    type: str
    citation: str


class Removed(TypedDict):
    """A 2021 measure the 2024 list no longer carries."""

    text: str
    type: str
    citation: str


Verdict = Literal["restricted", "no_restriction", "undetermined", "not_covered"]


class NegativeListAnswer(TypedDict):
    """`rules negative-list`: the measures that apply to an activity on a date, or why none do."""

    # Its key `list` shadows the builtin inside the class body, hence builtins.list.
    activity: str
    date: str
    list: ListDocument
    in_force: bool
    applicable_list: str | None
    effective: Span
    covers: builtins.list[Coverage]
    restricted: bool
    determined: bool
    measures: builtins.list[Measure]
    general_measures: builtins.list[GeneralMeasure]
    excepted: builtins.list[Excepted]
    related: builtins.list[Related]
    manufacturing: bool
    sectors: builtins.list[str]
    removed_in_2024: builtins.list[Removed]
    missing: builtins.list[str]
    vague: NotRequired[bool]  # absent when the date is not covered
    verdict: Verdict
    status: Verdict
    answer: str
    basis: builtins.list[Cited]
    headline: str


# --- 改制重组印花税 (stamp_duty) ---


class StampCondition(TypedDict):
    """One condition of the announcement judged for an item, with its clause."""

    condition: str
    label: str
    status: Tri
    detail: str
    text: str
    citation: str
    missing: NotRequired[list[str]]  # only on an unknown condition: the facts to supply


ItemStatus = Literal["exempt", "partly_exempt", "taxable", "unknown", "not_covered", "not_taxable"]


class ItemAssessment(TypedDict):
    """One item: exempt or taxable, the governing clause, its conditions, the taxable base and the tax."""

    id: str | None
    kind: str
    date: str
    exempt: bool
    status: ItemStatus
    basis: str
    clause: str
    text: str
    citation: str
    conditions: list[StampCondition]
    amount: float | None
    exempt_amount: float | None
    taxable_base: float | None
    rate: float | None
    rate_basis: str | None
    tax: float | None
    missing: list[str]


class StampDocument(TypedDict):
    """The announcement's title, number and date."""

    title: str
    number: str
    date: str


StampStatus = Literal["determined", "undetermined", "not_covered"]


class StampAssessment(TypedDict):
    """`rules stamp-duty`: every item assessed, with totals where computable."""

    status: StampStatus
    headline: str
    missing: list[str]
    covers: Span
    document: StampDocument
    effective: Span
    date: str
    restructuring: str
    items: list[ItemAssessment]
    all_exempt: bool
    total_taxable_base: float | None
    total_tax: float | None
