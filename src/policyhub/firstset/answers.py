"""The catalog's answers on the wire: entries listed and shown, a product checked, a spec matched, entries found."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class DependencyJson(TypedDict):
    """A limit that grows with another parameter: base limit while param op value, + increment per step beyond."""

    param: str
    op: str
    value: float
    unit: str
    step: float
    increment: float


class _Kind(TypedDict):
    kind: str  # compare | range | tolerance | rule | dimensions | grade | yes_no | text


class RequirementJson(_Kind, total=False):
    """What one indicator requires as read from its printed value: only the fields that matter for its kind."""

    op: str
    value: float
    unit: str
    low: float
    high: float
    low_inclusive: bool  # range only
    high_inclusive: bool
    values: tuple[float, ...]
    magnitude: bool
    allowance_pct: float
    scale: str
    level: int
    better: str
    depends_on: DependencyJson
    condition: str
    reason: str
    reading: str
    basis: str


class IndicatorJson(TypedDict):
    """One core technical indicator: name, printed text, how it is checked, the parsed requirement, its row."""

    name: str
    text: str
    checkable: str  # machine | yes_no | text
    requirement: RequirementJson
    source: str


class Named(TypedDict):
    """A code and its name (a sub-field, a sub-entry)."""

    code: str
    name: str


class FieldRow(Named):
    """A field of the catalog as data/catalog.json lists it, with its sub-fields."""

    line: int
    subfields: list[Named]


class EntrySummary(TypedDict):
    """The list view of one entry: where it sits and how many tiers it is checked against."""

    code: str
    name: str
    kind: str  # entry or sub-entry
    parent: str | None
    field: str
    field_name: str
    subfield: str
    subfield_name: str
    tiers: int


class EntryDetail(TypedDict):
    """The show view: the list view's keys, its sub-entries, and each tier's indicators."""

    code: str
    name: str
    kind: str
    parent: str | None
    field: str
    field_name: str
    subfield: str
    subfield_name: str
    tiers: list[list[IndicatorJson]]
    subentries: list[str]
    tier_labels: list[str | None]
    tier_lines: list[int]


class EntryNode(Named):
    """An entry in the browsing tree, with its sub-entries."""

    subentries: list[Named]


class SubfieldNode(Named):
    """A sub-field in the browsing tree."""

    entries: list[EntryNode]


class FieldNode(Named):
    """A field in the browsing tree."""

    subfields: list[SubfieldNode]


class Gap(TypedDict):
    """How far a missed value is from the limit, in the catalog's unit and in % of the limit."""

    value: float
    unit: str
    percent: float | None


class DecidedBy(TypedDict):
    """Which end of a range given decided the indicator (or the whole range)."""

    end: str  # high, low or range
    value: float | list[float]
    unit: str


_Pass = TypedDict("_Pass", {"pass": bool | None})  # "pass" is a keyword: the functional form


class IndicatorCheck(_Pass):
    """One indicator checked: the value given, met / missed (None: not decided), the gap, and why."""

    name: str
    required: str
    requirement: RequirementJson
    value: object  # as given
    gap: Gap | None
    verdict: str  # met | missed | ambiguous | not_given
    note: NotRequired[str]
    decided_by: NotRequired[DecidedBy]
    reading: NotRequired[str]  # how the value's unit was read (9000T, 98000 t·m)


class TierCheck(_Pass):
    """One tier: met when all its indicators are."""

    label: str | None
    verdict: str  # met | missed | ambiguous | not_given
    indicators: list[IndicatorCheck]


class EntryCheck(TypedDict):
    """A product checked against an entry: it qualifies when one tier is met."""

    entry: str
    name: str
    qualifies: bool | None
    verdict: str  # qualifies | does_not_qualify | ambiguous | undecided
    tiers: list[TierCheck]


class EntryMatch(TypedDict):
    """An entry tried against a spec: its best tier's indicators passed, failed, missing; the rank, best first."""

    entry: str
    name: str
    qualifies: bool | None
    error: NotRequired[str]  # a value in a unit this entry cannot use
    matched: NotRequired[int]
    passed: NotRequired[int]
    failed: NotRequired[int]
    missing: NotRequired[list[str]]
    ambiguous: NotRequired[list[str]]
    verdict: NotRequired[str]
    best_tier: NotRequired[int | None]
    rank: int


class FigureHit(TypedDict):
    """An indicator a figure in the query meets: 50MW meets 额定功率：30~50MW."""

    figure: str
    indicator: str
    tier: int
    required: str


class Found(EntrySummary):
    """An entry found by name or by an indicator, with the indicators named and the figures met."""

    match: str  # name or indicator
    indicators: list[str]
    figures: NotRequired[list[FigureHit]]
