"""A firm's green-electricity accounts: green share, location- and market-based kgCO2, tce, per product (pure).

Every figure is Decimal until the report is written; docs/greenpower.md gives each formula with the document it
follows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from policyhub.errors import InputError
from policyhub.greenpower.allocation import ZERO, ClaimUse, SiteMonth, allocate, site_months
from policyhub.greenpower.answers import (
    Accounts,
    Caveat,
    ClaimUsed,
    Figures,
    ProductFigures,
    SiteFigures,
)
from policyhub.greenpower.claims import GREEN_TRADE, Claim
from policyhub.greenpower.factors import Factors
from policyhub.greenpower.lookup import Lookup
from policyhub.greenpower.numbers import figure
from policyhub.greenpower.quotas import QuotaAsk, evaluate
from policyhub.greenpower.seed import pilot_for
from policyhub.greenpower.usefile import UseRow

KEYS = ("kwh", "certified_kwh", "green_trade_kwh", "location_kgco2", "market_kgco2", "footprint_kgco2e",
        "energy_tce", "energy_tce_after_certificates")  # fmt: skip
PLACES = {"kwh": 3, "certified_kwh": 3, "green_trade_kwh": 3, "location_kgco2": 3, "market_kgco2": 3,
          "footprint_kgco2e": 3, "energy_tce": 4, "energy_tce_after_certificates": 4}  # fmt: skip
KGCE_PER_TCE = Decimal(1000)


@dataclass
class Sums:
    """Running totals of one site, month, province or the firm."""

    values: dict[str, Decimal] = field(default_factory=lambda: dict.fromkeys(KEYS, ZERO))

    def add(self, other: dict[str, Decimal]) -> None:
        for k in KEYS:
            self.values[k] += other[k]

    @property
    def green_kwh(self) -> Decimal:
        return self.values["certified_kwh"] + self.values["green_trade_kwh"]

    def share(self) -> Decimal:
        """Green share 0–1: certificate-backed plus green-power-trade kWh over all kWh."""
        kwh = self.values["kwh"]
        return self.green_kwh / kwh if kwh > 0 else ZERO

    def to_json(self) -> Figures:
        """The figures rounded for output, then the green share."""
        out = {k: figure(v, PLACES[k]) for k, v in self.values.items()}
        out["green_share"] = figure(self.share(), 6)
        return cast(Figures, out)  # KEYS and the green share: every key Figures names


@dataclass
class Parts:
    """One site-month's (or one row's share of it) kWh split and factors, from which every figure follows."""

    kwh: Decimal
    certified: Decimal
    green_trade: Decimal
    generation_kg: Decimal  # certified kWh × their claims' generation factors
    green_trade_factor: Decimal
    location: Decimal
    residual: Decimal
    footprint: Decimal
    kgce: Decimal

    def figures(self) -> dict[str, Decimal]:
        grid = self.kwh - self.certified - self.green_trade  # bought from the grid without any certificate
        green_kg = self.generation_kg + self.green_trade * self.green_trade_factor
        return {
            "kwh": self.kwh,
            "certified_kwh": self.certified,
            "green_trade_kwh": self.green_trade,
            "location_kgco2": self.kwh * self.location,
            "market_kgco2": green_kg + grid * self.residual,
            "footprint_kgco2e": green_kg + grid * self.footprint,
            "energy_tce": self.kwh * self.kgce / KGCE_PER_TCE,
            # 发改环资〔2024〕113号: 绿证作为可再生能源电力消费基础凭证; non-fossil energy is left out of the
            # energy-consumption control, so certificate-backed kWh are taken out of the tce.
            "energy_tce_after_certificates": grid * self.kgce / KGCE_PER_TCE,
        }

    def share_of(self, row: UseRow, need: Decimal) -> Parts:
        """A row's part of its site-month: its own green-trade kWh, the certificates in proportion to its need."""
        part = (row.kwh - row.green_trade_kwh) / need if need > 0 else ZERO
        return Parts(row.kwh, self.certified * part, row.green_trade_kwh, self.generation_kg * part,
                     self.green_trade_factor, self.location, self.residual, self.footprint, self.kgce)  # fmt: skip


def _parts(sm: SiteMonth, claims: Sequence[Claim], look: Lookup, kgce: Decimal) -> Parts:
    year = int(sm.month[:4])
    gen = sum((kwh * look.claim_factor(i, claims[i], year) for i, kwh in sm.certified), ZERO)
    # Only kWh that are there ask for a factor: a file without green-power trade earns no warning about its type.
    traded = look.generation(GREEN_TRADE, year).value if sm.green_trade_kwh > 0 else ZERO
    return Parts(
        sm.kwh, sm.certified_kwh, sm.green_trade_kwh, gen, traded,
        look.get("location", year, region=sm.province).value, look.get("residual", year, region=sm.province).value,
        look.get("location", year, "footprint").value, kgce,
    )  # fmt: skip


def _claim_json(claim: Claim, use: ClaimUse, in_year: Decimal) -> ClaimUsed:
    return {
        "code": claim.code, "purpose": claim.purpose, "period": claim.period,
        "consumer_province": claim.consumer_province, "site": claim.site, "certificates": claim.certificates,
        "used_kwh": figure(use.used, 3), "unused_kwh": figure(use.unused, 3), "used_kwh_in_year": figure(in_year, 3),
        "beneficiary": claim.beneficiary, "types": dict(claim.types), "verify_reference": claim.reference,
    }  # fmt: skip


def claim_warnings(claims: Sequence[Claim], uses: Sequence[ClaimUse], kwh_per_certificate: int) -> list[Caveat]:
    """claim_over_used, claim_uncovered and claim_partly_used, one per claim at most, in claim order."""
    out: list[Caveat] = []
    for claim, use in zip(claims, uses, strict=True):
        has = f"{claim.certificates:,} 个绿证 certificates（{figure(use.capacity, 3):,} kWh，第十五条）"
        if use.over_used:
            message = (
                f"{has} 被 {len(use.askers)} 个场站共需 {figure(use.asked, 3):,} kWh：按顺序只计一次 asked "
                f"for {figure(use.asked, 3):,} kWh by {len(use.askers)} sites; counted once, in order"
            )
            out.append({"code": "claim_over_used", "claim": claim.code, "message": message})
        elif use.used == 0:
            why = (
                "未填用电省份，无法对应场站 names no consumer_province"
                if claim.consumer_province is None
                else "其期间、省份（场站）没有对应的用电，或已由其他声明覆盖 covers no site-month still needing kWh "
                f"(period {claim.period}, {claim.consumer_province}{' ' + claim.site if claim.site else ''})"
            )
            out.append({"code": "claim_uncovered", "claim": claim.code, "message": f"{has} 未使用 unused: {why}"})
        elif use.unused > 0:
            message = (
                f"{has} 仅用 {figure(use.used, 3):,} kWh，余 {figure(use.unused, 3):,} kWh only "
                f"{figure(use.used, 3):,} kWh used; {figure(use.unused, 3):,} kWh left"
            )
            out.append({"code": "claim_partly_used", "claim": claim.code, "message": message})
    return out


def _years(sms: Iterable[SiteMonth]) -> list[int]:
    return sorted({int(sm.month[:4]) for sm in sms})


def report(
    rows: Sequence[UseRow],
    claims: Sequence[Claim],
    factors: Factors,
    year: int | None = None,
    kwh_per_certificate: int = 1000,
    quota: QuotaAsk | None = None,
) -> Accounts:
    """The accounts of one year (default: the use file's latest): sites, total, months, products, claims, factors,
    warnings. Claims are placed over every month of the file, so each is counted once whichever year is shown."""
    sms = site_months(rows)
    years = _years(sms)
    year = years[-1] if year is None else year
    if year not in years:
        raise InputError(f"用电数据中没有 {year} 年的数据 the use file has no rows of {year} (it has "
                         f"{', '.join(map(str, years))})", "no_use_in_year")  # fmt: skip
    uses = allocate(sms, claims, kwh_per_certificate)
    look = Lookup(factors)
    kgce = factors.kgce_per_kwh()
    sites: dict[str, Sums] = {}
    site_factor: dict[str, str] = {}
    provinces: dict[str, Sums] = {}
    months: dict[str, Sums] = {}
    products: dict[str, dict[str, Any]] = {}
    total = Sums()
    in_year = [ZERO] * len(claims)
    for sm in sms:
        if int(sm.month[:4]) != year:
            continue
        parts = _parts(sm, claims, look, kgce)
        figs = parts.figures()
        for sums in (sites.setdefault(sm.site, Sums()), provinces.setdefault(sm.province, Sums()),
                     months.setdefault(sm.month, Sums()), total):  # fmt: skip
            sums.add(figs)
        site_factor[sm.site] = look.get("location", year, region=sm.province).id
        for i, kwh in sm.certified:
            in_year[i] += kwh
        for row in sm.rows:
            if row.product is not None and row.output is not None:
                entry = products.setdefault(row.product, {"unit": row.output_unit, "output": ZERO, "sums": Sums()})
                entry["output"] += row.output
                entry["sums"].add(parts.share_of(row, sm.need).figures())
    province_of = {row.site: row.province for row in rows}
    order = {site: n for n, site in enumerate(province_of)}  # sites as the use file first lists them
    site_rows: list[SiteFigures] = [
        {"site": s, "province": province_of[s], **sites[s].to_json(), "location_factor": site_factor[s]}
        for s in sorted(sites, key=order.__getitem__)
    ]
    distinct = set(site_factor.values())
    warnings = claim_warnings(claims, uses, kwh_per_certificate) + list(look.warnings.values())
    quota_json = None
    if quota is not None:
        shares = {p: (s.values["kwh"], s.green_kwh) for p, s in provinces.items()}
        quota_json, quota_warnings = evaluate(quota, year, shares, kwh_per_certificate)
        warnings += quota_warnings
    return {
        "year": year,
        "sites": site_rows,
        "total": {**total.to_json(), "location_factor": distinct.pop() if len(distinct) == 1 else None},
        "months": [{"month": m, **s.to_json()} for m, s in sorted(months.items())],
        "provinces": [{"province": p, **s.to_json()} for p, s in provinces.items()],
        "products": [_product(name, p) for name, p in products.items()],
        "quota": quota_json,
        "claims": [_claim_json(c, u, in_year[i]) for i, (c, u) in enumerate(zip(claims, uses, strict=True))],
        "factors": [f.to_json() for f in look.used.values()],
        "conversion": dict(factors.conversion),
        "kwh_per_certificate": kwh_per_certificate,
        "years": years,
        "warnings": warnings,
    }


def _product(name: str, entry: dict[str, Any]) -> ProductFigures:
    sums: Sums = entry["sums"]
    output: Decimal = entry["output"]
    v = sums.values
    return {
        "product": name, "output": figure(output, 3), "output_unit": entry["unit"], "kwh": figure(v["kwh"], 3),
        "kwh_per_unit": figure(v["kwh"] / output, 6),
        "location_kgco2_per_unit": figure(v["location_kgco2"] / output, 6),
        "market_kgco2_per_unit": figure(v["market_kgco2"] / output, 6),
        "footprint_kgco2e_per_unit": figure(v["footprint_kgco2e"] / output, 6),
        "green_share": figure(sums.share(), 6), "pilot_product": pilot_for(name),
    }  # fmt: skip
