"""The factors one report uses, each looked up once per year and region, with the warnings a fallback earns."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from policyhub.greenpower.answers import Caveat
from policyhub.greenpower.claims import GREEN_TRADE, Claim
from policyhub.greenpower.factors import NATIONAL, Factor, Factors

ROLE_NAMES = {"location": "电网平均排放因子 grid average",
              "residual": "剩余电力排放因子 residual (不含市场化交易非化石电量)",
              "generation": "发电类型因子 generation"}  # fmt: skip


class Lookup:
    """Factors by (role, scope, year, region, kind), remembered; the factors used and the warnings, in order."""

    def __init__(self, factors: Factors) -> None:
        self.factors = factors
        self.used: dict[str, Factor] = {}
        self.warnings: dict[tuple[str, ...], Caveat] = {}
        self._memo: dict[tuple[Any, ...], Factor] = {}
        self._claims: dict[tuple[int, int], Decimal] = {}

    def get(self, role: str, year: int, scope: str = "emissions", region: str = NATIONAL) -> Factor:
        """The year's location or residual factor for a province (its own, else the national one)."""
        key = (role, year, scope, region)
        if key not in self._memo:
            picked = self.factors.pick(role, year, scope=scope, region=region)
            if picked is None:
                raise ValueError(f"the factor table has no {role} factor of scope {scope}")
            self._memo[key] = self._use(picked.factor, year, picked.fallback)
        return self._memo[key]

    def generation(self, kind: str, year: int) -> Factor:
        """The year's life-cycle factor of a generating type; a type without one takes the highest renewable
        factor of that year (the cautious choice) and the report says so (`no_generation_factor`)."""
        key = ("generation", year, kind)
        if key in self._memo:
            return self._memo[key]
        picked = self.factors.pick("generation", year, scope="footprint", kind=kind)
        if picked is not None:
            found = self._use(picked.factor, year, picked.fallback)
        else:
            picks = (self.factors.pick("generation", year, scope="footprint", kind=k)
                     for k in sorted(self.factors.kinds()) if k != "fossil")  # fmt: skip
            options = [p for p in picks if p is not None]
            if not options:
                raise ValueError("the factor table has no renewable generation factor")
            best = max(options, key=lambda p: (p.factor.value, p.factor.id))
            found = self._use(best.factor, year, best.fallback)
            what = "绿电交易电量 green-power-trade kWh (type not given)" if kind == GREEN_TRADE else kind
            message = (f"{what} 没有公布的发电类型因子，按最高的可再生能源因子 {found.id}（{found.value} "
                       f"{found.unit}）计 has no published factor; counted at the highest renewable one, "
                       f"{found.id}")  # fmt: skip
            self.warnings.setdefault(
                ("no_generation_factor", kind), {"code": "no_generation_factor", "message": message}
            )
        self._memo[key] = found
        return found

    def claim_factor(self, index: int, claim: Claim, year: int) -> Decimal:
        """A claim's generation factor for a use year: its certificates' types weighted by count."""
        key = (index, year)
        if key not in self._claims:
            kinds = claim.kinds() or {"unknown": 1}
            total = sum(kinds.values())
            self._claims[key] = sum((Decimal(n) * self.generation(k, year).value for k, n in kinds.items()),
                                    Decimal(0)) / Decimal(total)  # fmt: skip
        return self._claims[key]

    def _use(self, factor: Factor, year: int, fallback: bool) -> Factor:
        self.used.setdefault(factor.id, factor)
        if fallback:
            what = ROLE_NAMES[factor.role] + (f" · {factor.kind}" if factor.kind else "")
            key = ("no_factor_for_year", str(year), factor.role, factor.scope, factor.kind or "")
            message = (f"{year} 年没有{what}（{factor.scope}），使用 {factor.year} 年的 {factor.id}"
                       f"（{factor.value} {factor.unit}）；no {factor.role} factor of {year}: used "
                       f"{factor.year}'s {factor.id}")  # fmt: skip
            self.warnings.setdefault(key, {"code": "no_factor_for_year", "message": message})
        return factor
