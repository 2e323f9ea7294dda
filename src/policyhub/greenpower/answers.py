"""The report's shapes on the wire: the accounts of one year, each site, month, province, product and claim."""

from __future__ import annotations

from typing import NotRequired, TypedDict

from policyhub.greenpower.factors import CitedFactor

Figure = int | float  # a Decimal rounded once for output (numbers.figure)


class Figures(TypedDict):
    """kWh, green kWh, location- and market-based kgCO2, the footprint, tce before and after the certificates."""

    kwh: Figure
    certified_kwh: Figure
    green_trade_kwh: Figure
    location_kgco2: Figure
    market_kgco2: Figure
    footprint_kgco2e: Figure
    energy_tce: Figure
    energy_tce_after_certificates: Figure
    green_share: Figure  # 0–1


class SiteFigures(Figures):
    """One site's figures and the location factor its province took."""

    site: str
    province: str
    location_factor: str


class TotalFigures(Figures):
    """The firm's figures; the location factor when every site took the same one."""

    location_factor: str | None


class MonthFigures(Figures):
    """One month's figures (the chart's bars)."""

    month: str


class ProvinceFigures(Figures):
    """One province's figures (what its quota is measured on)."""

    province: str


class ProductFigures(TypedDict):
    """One product's kWh and kgCO2 per unit of output, and the 产品碳足迹 pilot it falls under."""

    product: str
    output: Figure
    output_unit: str | None
    kwh: Figure
    kwh_per_unit: Figure
    location_kgco2_per_unit: Figure
    market_kgco2_per_unit: Figure
    footprint_kgco2e_per_unit: Figure
    green_share: Figure
    pilot_product: str | None


class ClaimUsed(TypedDict):
    """One claim and how many of its kWh the use file took (第十五条: one certificate per 1,000 kWh)."""

    code: str
    purpose: str | None
    period: str
    consumer_province: str | None
    site: str | None
    certificates: int
    used_kwh: Figure
    unused_kwh: Figure
    used_kwh_in_year: Figure
    beneficiary: str | None
    types: dict[str, int]
    verify_reference: str


class Caveat(TypedDict):
    """A warning in the report: its code, the claim it is about (claim warnings) and the message."""

    code: str
    claim: NotRequired[str]
    message: str


class QuotaProvince(TypedDict):
    """A province's green share against the sector's target, the gap and the certificates still needed."""

    province: str
    kwh: Figure
    green_kwh: Figure
    share: Figure
    target: Figure | None
    target_source: str | None
    gap_kwh: Figure | None
    certificates_needed: int | None


class Quota(TypedDict):
    """The sector's 绿色电力消费比例 per province of the firm's sites, for the year shown."""

    sector: str
    year: int
    provinces: list[QuotaProvince]


class Accounts(TypedDict):
    """A firm's green-electricity accounts of one year, with the factors used and every warning."""

    year: int
    sites: list[SiteFigures]
    total: TotalFigures
    months: list[MonthFigures]
    provinces: list[ProvinceFigures]
    products: list[ProductFigures]
    quota: Quota | None
    claims: list[ClaimUsed]
    factors: list[CitedFactor]
    conversion: dict[str, object]  # the factor file's tce conversion as published (value, unit, source)
    kwh_per_certificate: int
    years: list[int]
    warnings: list[Caveat]


class GreenReport(Accounts):
    """The accounts and where their claims came from (an account, or how many codes were given)."""

    source: dict[str, str]
