"""Trading command models (第二十一条–第二十三条): listings, bilateral deals, green-power settlement, call auctions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .command_base import Command, Kwh, Month, Name, Platform, PowerPrice, Price, Quantity, Text64
from .provinces import Province


class List(Command):
    op: Literal["list"]
    listing: Name
    account: Name
    quantity: Quantity
    price: Price
    platforms: list[Platform] = Field(min_length=1, max_length=10)
    project: Name | None = None
    month: Month | None = None
    province: Province | None = None

    @field_validator("platforms")
    @classmethod
    def _distinct(cls, v: list[str]) -> list[str]:
        if len(set(v)) != len(v):
            raise ValueError("a platform is named twice")
        return v


class Delist(Command):
    op: Literal["delist"]
    listing: Name


class Buy(Command):
    op: Literal["buy"]
    account: Name
    listing: Name
    platform: Platform
    quantity: Quantity


class Delivery(BaseModel):
    """One scheduled delivery of a bilateral contract."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    date: date
    quantity: Quantity


class Bilateral(Command):
    op: Literal["bilateral"]
    contract: Name | None = None
    seller: Name
    buyer: Name
    quantity: Quantity
    price: Price
    platform: Platform
    project: Name | None = None
    month: Month | None = None
    deliveries: list[Delivery] | None = Field(default=None, min_length=1, max_length=120)

    @model_validator(mode="after")
    def _schedule(self) -> Bilateral:
        if self.deliveries is not None:
            if sum(d.quantity for d in self.deliveries) != self.quantity:
                raise ValueError("the deliveries' quantities must add up to the contract quantity")
            dates = [d.date for d in self.deliveries]
            if dates != sorted(set(dates)):
                raise ValueError("delivery dates must be distinct and in order")
        return self


class Deliver(Command):
    op: Literal["deliver"]
    contract: Name | None = None
    as_of: date | None = None


class GreenPowerSettlement(Command):
    op: Literal["green_power_settlement"]
    seller: Name
    buyer: Name
    project: Name
    month: Month
    kwh: Annotated[Kwh, Field(gt=0)]
    price: PowerPrice
    certificate_price: Price | None = None
    platform: Platform | None = None
    settlement: Text64 | None = None


class AuctionOpen(Command):
    op: Literal["auction_open"]
    auction: Name
    platform: Platform
    closes: datetime


class Bid(Command):
    op: Literal["bid"]
    auction: Name
    account: Name
    quantity: Quantity
    price: Price


class Ask(Command):
    op: Literal["ask"]
    auction: Name
    account: Name
    quantity: Quantity
    price: Price
    project: Name | None = None
    month: Month | None = None


class AuctionClear(Command):
    op: Literal["auction_clear"]
    auction: Name
