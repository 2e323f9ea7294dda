"""A claim as the accounts read it (第二十四条): its period, where its electricity was used, its certificates."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from policyhub.gec.domain.periods import months

# The registry's project types (gec data/rules.json, 第二条/第十四条) → the generating type of a published factor.
# 风电 includes 分散式 and 海上; 太阳能发电 includes 分布式光伏 (光热 has a factor of its own in the announcement, not
# read here, so it takes the fallback like hydro, geothermal and ocean).
FACTOR_KIND = {"wind": "wind", "distributed_wind": "wind", "offshore_wind": "wind", "pv": "pv", "distributed_pv": "pv",
               "biomass": "biomass", "solar_thermal": "solar_thermal", "hydro": "hydro", "geothermal": "geothermal",
               "ocean": "ocean"}  # fmt: skip
GREEN_TRADE = "green_trade"  # green-power trading kWh: the use file does not say which type generated them


@dataclass(frozen=True)
class Claim:
    """One claim: `first`…`last` are the months its period covers (domain/periods.py), `types` its certificates."""

    code: str
    period: str
    first: str
    last: str
    certificates: int
    types: tuple[tuple[str, int], ...] = ()
    purpose: str | None = None
    consumer_province: str | None = None
    site: str | None = None
    beneficiary: str | None = None
    reference: str = ""

    def covers(self, site: str, province: str, month: str) -> bool:
        """The contract's rule: the period covers the month, the province is the site's, and a named site is it."""
        return (self.consumer_province == province and self.first <= month <= self.last
                and (self.site is None or self.site == site))  # fmt: skip

    def kinds(self) -> dict[str, int]:
        """Certificates per factor kind (wind, pv, biomass, hydro …)."""
        out: dict[str, int] = {}
        for project_type, n in self.types:
            kind = FACTOR_KIND.get(project_type, project_type)
            out[kind] = out.get(kind, 0) + n
        return out


def from_record(record: Mapping[str, Any]) -> Claim:
    """A claim from the registry's read (gec.claim_reads): code, period, quantity, types and the claim's fields."""
    first, last = months(str(record["period"]))
    return Claim(
        code=str(record["code"]),
        period=str(record["period"]),
        first=first,
        last=last,
        certificates=int(record["quantity"]),
        types=tuple(sorted((str(k), int(v)) for k, v in dict(record.get("types") or {}).items())),
        purpose=record.get("purpose"),
        consumer_province=record.get("consumer_province"),
        site=record.get("site"),
        beneficiary=record.get("beneficiary"),
        reference=str(record.get("verify_reference") or ""),
    )
