"""Figures as the report writes them: Decimal inside, rounded once on the way out."""

from __future__ import annotations

from decimal import Decimal


def figure(value: Decimal, places: int) -> int | float:
    """A figure for JSON: rounded half-even to `places`, an int when whole."""
    rounded = value.quantize(Decimal(1).scaleb(-places))
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)
