"""One asset of the register as checked: its status against the guide's triggers, why, and what may replace it."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from policyhub.tristate import Scope


class PrintedStandard(TypedDict):
    """A standard or list a trigger reads (GB18613—2020, 产业结构调整指导目录)."""

    code: str | None
    title: str


class TriggerHit(TypedDict):
    """A trigger applied to the asset: the asset's figure against the trigger's threshold."""

    id: str
    kind: str  # age, capacity, current, grade, listed, level, named or condition
    text: str
    citation: str
    figure: str
    threshold: str
    standard: NotRequired[PrintedStandard]


class Reason(TypedDict):
    """Why the asset has its status: a trigger that fired, stayed open or cleared, or that none applies."""

    text: str
    citation: str
    trigger: str | None
    result: str  # fired, open, clear or no_trigger


class EntryLink(TypedDict):
    """A 首台（套） catalog entry the asset may be replaced by, with its page."""

    code: str
    name: str
    link: str


class AssetCheck(TypedDict):
    """One asset: in scope (true / false / "undetermined"), the triggers fired, open and cleared, replacements."""

    row: int
    asset: str
    name: str
    model: str
    equipment_kind: str | None
    equipment_kind_label: str
    quantity: int
    commissioned: str | None
    age_years: float | list[float] | None  # [least, most] when only a year or month is given
    design_life_years: float | None
    capacity: float | None
    unit: str | None
    in_scope: Scope
    triggers: list[TriggerHit]
    open: list[TriggerHit]
    cleared: list[TriggerHit]
    reasons: list[Reason]
    replacements: list[str]  # 首台（套） codes of the asset's class
    replacement_entries: NotRequired[list[EntryLink]]  # the check's answer names each code
