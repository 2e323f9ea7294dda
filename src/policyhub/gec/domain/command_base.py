"""Shared pieces of the command models: field types and the base classes (validated at the edge)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from .money import parse_power_price, parse_price, yuan
from .months import parse_month

Name = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:\-]+$")]
Kwh = Annotated[int, Field(ge=0, le=10**15)]
Quantity = Annotated[int, Field(gt=0, le=10**12)]
# Prices stay text in the journal ("5.00"): replay parses them again, exactly (第二十条: 元/个).
Price = Annotated[str, BeforeValidator(lambda v: yuan(parse_price(v)))]
PowerPrice = Annotated[str, BeforeValidator(parse_power_price)]
Platform = Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[A-Za-z0-9_\-]+$")]
Month = Annotated[str, BeforeValidator(lambda v: _month_text(v))]


def _month_text(v: object) -> str:
    if not isinstance(v, str):
        raise ValueError("a month is text YYYY-MM")
    parse_month(v)
    return v


ProjectType = Literal[
    "wind",
    "distributed_wind",
    "offshore_wind",
    "pv",
    "distributed_pv",
    "solar_thermal",
    "hydro",
    "biomass",
    "geothermal",
    "ocean",
]


class Command(BaseModel):
    """Fields every command may carry: `at`, the logical time of all date rules."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    at: datetime | None = None


class MonthCommand(Command):
    """A command naming a production month."""

    month: str

    @field_validator("month")
    @classmethod
    def _month(cls, v: str) -> str:
        parse_month(v)
        return v
