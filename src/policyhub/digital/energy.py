"""综合能源消费量 in 吨标准煤 from quantities in 表1's own units (exact decimal arithmetic)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, TypedDict

from policyhub.digital.catalog import Catalog
from policyhub.errors import InputError


@dataclass(frozen=True)
class EnergyLine:
    """One energy kind: quantity (table unit) × 折标准煤系数 = tce."""

    name: str
    quantity: Decimal
    unit: str
    coefficient: Decimal
    coefficient_unit: str
    tce: Decimal


@dataclass(frozen=True)
class EnergyResult:
    """The total and one line per kind, in input order."""

    lines: tuple[EnergyLine, ...]
    total_tce: Decimal


class EnergyItem(TypedDict):
    """One kind on the wire: quantity × 折标准煤系数 = tce (the exact figure as a decimal string too)."""

    name: str
    quantity: int | float
    unit: str
    coefficient: int | float
    coefficient_unit: str
    tce: int | float
    tce_exact: str


class EnergyReport(TypedDict):
    """The energy contract: the total in 吨标准煤 and one item per kind."""

    total_tce: int | float
    total_tce_exact: str
    unit: str
    items: list[EnergyItem]


MAX_DIGITS = 15  # bigger (or tinier) figures are typos, and would only make exact fractions huge


def normalise_name(name: str) -> str:
    """Accept ASCII brackets and stray spaces for the printed names, e.g. 原煤(无烟煤)."""
    return name.replace("(", "（").replace(")", "）").replace(" ", "").replace("\u3000", "")


def to_decimal(value: Any, what: str) -> Decimal:
    """A JSON number (or numeric string) as an exact Decimal; floats go through their shortest repr (1.5 → 1.5)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError(f"{what}：应为数值 expected a number，收到 got {value!r}")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise InputError(f"{what}：应为数值 expected a number，收到 got {value!r}") from None
    if not number.is_finite():
        raise InputError(f"{what}：应为有限数值 expected a finite number，收到 got {value!r}")
    if number and not -MAX_DIGITS <= number.adjusted() < MAX_DIGITS:
        raise InputError(f"{what}：{value!r} 超出范围 out of range（|x| < 1e{MAX_DIGITS}，或 0）")
    return number


def energy_kind_names(catalog: Catalog) -> str:
    return "、".join(f"{k.name}（{k.unit}）" for k in catalog.energy.values())


def compute_energy(quantities: Any, catalog: Catalog) -> EnergyResult:
    """能源消费量（吨标准煤）=能源消费量（原单位）×折标准煤系数, summed over the kinds given."""
    if not isinstance(quantities, Mapping) or not quantities:
        raise InputError('能源消费量 energy：应为对象，如 {"电力": 310, "高炉煤气": 1.5}（按表1单位）')
    lines: list[EnergyLine] = []
    seen: set[str] = set()
    for raw_name, raw_qty in quantities.items():
        name = normalise_name(str(raw_name))
        kind = catalog.energy.get(name)
        if kind is None:
            kinds = energy_kind_names(catalog)
            raise InputError(f"能源消费量 energy：未知能源品种 {raw_name!r} unknown kind；表1 列有 {kinds}")
        if name in seen:
            raise InputError(f"能源消费量 energy：{name} 重复填写 given twice")
        seen.add(name)
        qty = to_decimal(raw_qty, f"能源消费量 {name}（{kind.unit}）")
        if qty < 0:
            raise InputError(f"能源消费量 {name}：数量不能为负 must not be negative，收到 got {raw_qty}")
        lines.append(EnergyLine(name, qty, kind.unit, kind.coefficient, kind.coefficient_unit, qty * kind.coefficient))
    return EnergyResult(tuple(lines), sum((line.tce for line in lines), Decimal(0)))


def energy_to_dict(result: EnergyResult) -> EnergyReport:
    """JSON shape: total_tce and one item per kind (numbers exact; *_exact as decimal strings)."""
    return {
        "total_tce": _num(result.total_tce),
        "total_tce_exact": plain(result.total_tce),
        "unit": "吨标准煤",
        "items": [
            {
                "name": line.name,
                "quantity": _num(line.quantity),
                "unit": line.unit,
                "coefficient": _num(line.coefficient),
                "coefficient_unit": line.coefficient_unit or "吨标准煤/吨标准煤",
                "tce": _num(line.tce),
                "tce_exact": plain(line.tce),
            }
            for line in result.lines
        ],
    }


def plain(value: Decimal) -> str:
    """The exact decimal without trailing zeros or exponent: 380.990 → 380.99, 3.1E+2 → 310."""
    text = format(value.normalize(), "f")
    return text if text != "-0" else "0"


def _num(value: Decimal) -> int | float:
    """A JSON number that prints as the exact decimal when it has ≤15 significant digits."""
    return int(value) if value == value.to_integral_value() else float(value)
