"""Electricity factors as dated, cited rows (data/factors.json): a new year is a new row, never a code change."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, TypedDict

ROLES = ("location", "residual", "generation")
SCOPES = ("emissions", "footprint")
NATIONAL = "全国"
_FIELDS = ("id", "role", "scope", "kind", "value", "unit", "year", "region", "name", "publisher", "document", "date",
           "url", "checked")  # fmt: skip
_DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
_URL = re.compile(r"^(https?://\S+|/\S+)$")


class CitedFactor(TypedDict):
    """A factor as the report cites it: the contract's keys, then the rest of the citation."""

    id: str
    role: str
    value: float
    unit: str
    year: int
    region: str
    source: str
    scope: str
    kind: str | None
    name: str
    publisher: str
    document: str
    date: str
    url: str


@dataclass(frozen=True)
class Factor:
    """One published figure: what it measures, for which year and region, and who published it where."""

    id: str
    role: str  # location (grid average) · residual (market-traded non-fossil taken out) · generation (by type)
    scope: str  # emissions (二氧化碳排放因子, kgCO2) · footprint (碳足迹因子, kgCO2e, life cycle)
    kind: str | None  # the generating type of a generation factor (wind, pv, biomass, fossil)
    value: Decimal
    unit: str
    year: int
    region: str  # 全国, or a province's short name
    name: str
    publisher: str
    document: str
    date: str
    url: str
    checked: str

    @property
    def source(self) -> str:
        """Publisher, document and date, then where the figure was read."""
        return f"{self.publisher}{self.document}（{self.date}）{self.url}"

    def to_json(self) -> CitedFactor:
        """The report's `factors` entry: the contract's keys, then the rest of the citation."""
        return {"id": self.id, "role": self.role, "value": float(self.value), "unit": self.unit, "year": self.year,
                "region": self.region, "source": self.source, "scope": self.scope, "kind": self.kind,
                "name": self.name, "publisher": self.publisher, "document": self.document, "date": self.date,
                "url": self.url}  # fmt: skip


@dataclass(frozen=True)
class Picked:
    """The factor chosen for a use year; `fallback` when it is another year's (the report warns)."""

    factor: Factor
    fallback: bool


def _factor(raw: dict[str, Any], n: int) -> Factor:
    where = f"factors[{n}] ({raw.get('id', '?')})"
    missing = [f for f in _FIELDS if f not in raw]
    if missing:
        raise ValueError(f"{where}: missing {', '.join(missing)}")
    if raw["role"] not in ROLES or raw["scope"] not in SCOPES:
        raise ValueError(f"{where}: role must be one of {ROLES} and scope one of {SCOPES}")
    if (raw["role"] == "generation") != (raw["kind"] is not None):
        raise ValueError(f"{where}: a generation factor names its kind; no other factor does")
    try:
        value = Decimal(str(raw["value"]))
    except InvalidOperation:
        raise ValueError(f"{where}: value {raw['value']!r} is not a number") from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"{where}: value must be a number ≥ 0")
    if not isinstance(raw["year"], int) or not 2000 <= raw["year"] <= 2100:
        raise ValueError(f"{where}: year must be a whole year 2000–2100")
    if not _DATE.match(str(raw["date"])) or not _URL.match(str(raw["url"])):
        raise ValueError(f"{where}: date is YYYY-MM[-DD] and url an http(s) address or a site path")
    for text in ("id", "unit", "region", "name", "publisher", "document", "checked"):
        if not isinstance(raw[text], str) or not raw[text].strip():
            raise ValueError(f"{where}: {text} must be non-empty text")
    fields = {k: raw[k] for k in _FIELDS}
    return Factor(**{**fields, "value": value})


class Factors:
    """The table of factors and the rule that picks one for a use year."""

    def __init__(self, rows: Iterable[Factor], conversion: dict[str, Any] | None = None) -> None:
        self.rows = tuple(rows)
        ids = [f.id for f in self.rows]
        if len(ids) != len(set(ids)):
            raise ValueError(f"factor ids repeat: {sorted({i for i in ids if ids.count(i) > 1})}")
        self.conversion = conversion or {}

    def pick(
        self, role: str, year: int, *, scope: str = "emissions", region: str = NATIONAL, kind: str | None = None
    ) -> Picked | None:
        """The use year's factor (a province's own before the national one), else the latest earlier year's, else
        the earliest later year's; None when the table has no such factor at all."""
        found = [f for f in self.rows if f.role == role and f.scope == scope and f.kind == kind
                 and f.region in (region, NATIONAL)]  # fmt: skip
        if not found:
            return None
        earlier = [f for f in found if f.year <= year]
        pool = earlier or found
        best_year = max(f.year for f in pool) if earlier else min(f.year for f in pool)
        same = [f for f in pool if f.year == best_year]
        chosen = next((f for f in same if f.region == region), same[0])
        return Picked(chosen, best_year != year)

    def kinds(self, role: str = "generation", scope: str = "footprint") -> set[str]:
        """The generating types that have a factor of this scope."""
        return {f.kind for f in self.rows if f.role == role and f.scope == scope and f.kind is not None}

    def kgce_per_kwh(self) -> Decimal:
        """The electricity → standard coal coefficient (kgce/kWh)."""
        return Decimal(str(self.conversion["value"]))


def from_json(raw: dict[str, Any]) -> Factors:
    """A factor table from the parsed data file; ValueError naming the bad row."""
    rows = raw.get("factors")
    if not isinstance(rows, list) or not rows:
        raise ValueError("factors: a non-empty list of factor rows")
    conversion = raw.get("conversion")
    if not isinstance(conversion, dict) or "value" not in conversion:
        raise ValueError("conversion: the electricity → tce coefficient with its citation")
    return Factors((_factor(r, n) for n, r in enumerate(rows)), conversion)


@cache
def load() -> Factors:
    """The shipped table (data/factors.json)."""
    text = resources.files("policyhub.greenpower").joinpath("data", "factors.json").read_text(encoding="utf-8")
    return from_json(json.loads(text))
