"""Certificates to site-months, each claim's counted once: the one deterministic order docs/greenpower.md states.

Site-months are taken in month order, and within a month in the order their sites first appear in the use file.
Each site-month needs its kWh less its green-power-trade kWh (第二十三条: those carry certificates already). The
claims covering it are asked in turn — those naming this site first, then the one whose period ends first (it can
serve the fewest months), then by code — and each gives what it has left, up to what the site-month still needs.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from policyhub.greenpower.claims import Claim
from policyhub.greenpower.usefile import UseRow

ZERO = Decimal(0)


@dataclass
class SiteMonth:
    """A site's use in one month (its rows summed) and the claims' kWh placed on it."""

    site: str
    province: str
    month: str
    kwh: Decimal = ZERO
    green_trade_kwh: Decimal = ZERO
    rows: list[UseRow] = field(default_factory=list)
    certified: list[tuple[int, Decimal]] = field(default_factory=list)  # (claim index, kWh)

    @property
    def need(self) -> Decimal:
        """kWh not yet covered by green-power trading."""
        return self.kwh - self.green_trade_kwh

    @property
    def certified_kwh(self) -> Decimal:
        """kWh covered by claimed certificates."""
        return sum((kwh for _, kwh in self.certified), ZERO)


@dataclass
class ClaimUse:
    """What happened to one claim: its kWh, what the site-months it covers asked of it, what it gave."""

    capacity: Decimal
    used: Decimal = ZERO
    asked: Decimal = ZERO
    askers: set[str] = field(default_factory=set)  # sites that asked it for kWh

    @property
    def unused(self) -> Decimal:
        """kWh of certificates not placed on any site-month."""
        return self.capacity - self.used

    @property
    def over_used(self) -> bool:
        """Asked for more than it carries by two or more sites: counting it at each would count it twice."""
        return self.asked > self.capacity and len(self.askers) > 1


def site_months(rows: Sequence[UseRow]) -> list[SiteMonth]:
    """The rows summed per (site, month), in allocation order: month, then the site's first row in the file."""
    first_seen: dict[str, int] = {}
    by_key: dict[tuple[str, str], SiteMonth] = {}
    for row in rows:
        first_seen.setdefault(row.site, len(first_seen))
        sm = by_key.get((row.site, row.month))
        if sm is None:
            sm = by_key[(row.site, row.month)] = SiteMonth(row.site, row.province, row.month)
        sm.kwh += row.kwh
        sm.green_trade_kwh += row.green_trade_kwh
        sm.rows.append(row)
    return sorted(by_key.values(), key=lambda sm: (sm.month, first_seen[sm.site]))


def _priority(claim: Claim) -> tuple[int, str, str]:
    return (0 if claim.site is not None else 1, claim.last, claim.code)


def allocate(sms: Sequence[SiteMonth], claims: Sequence[Claim], kwh_per_certificate: int) -> list[ClaimUse]:
    """Place every claim's kWh on the site-months it covers, in the module's order; one ClaimUse per claim."""
    uses = [ClaimUse(Decimal(c.certificates * kwh_per_certificate)) for c in claims]
    # (province, month) → the claims covering that month there, in asking order: each site-month then reads only
    # its own few, not every claim of its province.
    months = sorted({sm.month for sm in sms})
    covering: dict[tuple[str, str], list[int]] = {}
    for i in sorted(range(len(claims)), key=lambda i: _priority(claims[i])):
        claim = claims[i]
        if claim.consumer_province is not None:
            for month in months[bisect_left(months, claim.first) : bisect_right(months, claim.last)]:
                covering.setdefault((claim.consumer_province, month), []).append(i)
    for sm in sms:
        left = sm.need
        for i in covering.get((sm.province, sm.month), ()):
            if left <= 0:
                break  # covered: the claims after this one are not asked
            claim, use = claims[i], uses[i]
            if not claim.covers(sm.site, sm.province, sm.month):  # the index has its month and province: the site
                continue
            use.asked += left
            use.askers.add(sm.site)
            take = min(left, use.capacity - use.used)
            if take > 0:
                sm.certified.append((i, take))
                use.used += take
                left -= take
    return uses
