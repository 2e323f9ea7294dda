"""Sector green-electricity quotas (重点行业绿色电力消费比例, data/quotas.json): the share reached, the gap."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any, TypedDict

from policyhub.errors import InputError
from policyhub.greenpower.answers import Caveat, Quota, QuotaProvince
from policyhub.greenpower.numbers import figure


@dataclass(frozen=True)
class QuotaAsk:
    """The firm's sector and, when the user gives one, its own target share (0–1) for every province."""

    sector: str
    target: Decimal | None = None


class PublishedTarget(TypedDict):
    """A province's share for a year as read from the notice (a decimal string), and where it was read."""

    province: str
    year: int
    share: str
    url: str
    checked: str


class SectorTargets(TypedDict):
    """A sector's names, the notice that sets its shares, and the shares read from it."""

    aliases: list[str]
    publisher: str
    document: str
    date: str
    url: str
    counted_by: str
    targets: list[PublishedTarget]


class QuotaFile(TypedDict):
    """data/quotas.json: what it holds, and the targets by sector."""

    about: str
    sectors: dict[str, SectorTargets]


@cache
def data() -> QuotaFile:
    """The shipped targets with their sources."""
    text = resources.files("policyhub.greenpower").joinpath("data", "quotas.json").read_text(encoding="utf-8")
    raw: QuotaFile = json.loads(text)
    return raw


def sector_key(name: str) -> str | None:
    """The sector a name or alias stands for, or None."""
    wanted = name.strip().lower()
    for key, sector in data()["sectors"].items():
        if wanted == key.lower() or wanted in (a.lower() for a in sector["aliases"]):
            return str(key)
    return None


def target_share(text: Any) -> Decimal:
    """A target as given: 0.7, "70%" or "70 %" → Decimal in [0, 1]; InputError otherwise."""
    raw = str(text).strip()
    try:
        value = Decimal(raw.rstrip("%").strip()) / (100 if raw.endswith("%") else 1)
    except InvalidOperation:
        value = Decimal(-1)
    if not value.is_finite() or not 0 <= value <= 1:
        raise InputError(f"--target {raw!r} 应为 0–1 的比例或百分数 must be a share 0–1 or a percentage, e.g. 0.7 or "
                         "70%", "bad_target")  # fmt: skip
    return value


def ask(sector: str | None, target: Any = None) -> QuotaAsk | None:
    """The quota asked for: a known sector, or any sector with a target; None when neither is given."""
    if (sector is None or not sector.strip()) and target in (None, ""):
        return None
    share = None if target in (None, "") else target_share(target)
    name = (sector or "").strip()
    key = sector_key(name) if name else None
    if key is None and share is None:
        known = "、".join(data()["sectors"])
        raise InputError(f"--sector {name!r}: 没有公布的绿色电力消费比例 no published quota for this sector (known: "
                         f"{known}); give --target", "unknown_sector")  # fmt: skip
    if len(name) > 100:
        raise InputError("--sector 过长 is longer than 100 characters", "unknown_sector")
    return QuotaAsk(key or name or "given", share)


def _published(sector: str, province: str, year: int) -> dict[str, Any] | None:
    found = data()["sectors"].get(sector)
    if found is None:
        return None
    for row in found["targets"]:
        if row["province"] == province and row["year"] == year:
            return {**row, "document": found["document"], "publisher": found["publisher"], "date": found["date"]}
    return None


def evaluate(
    quota: QuotaAsk, year: int, provinces: Mapping[str, tuple[Decimal, Decimal]], kwh_per_certificate: int
) -> tuple[Quota, list[Caveat]]:
    """Per province of the firm's sites: kWh, green kWh (certificates and green-power trade, as 发改办能源〔2024〕598号
    counts them: 以绿证核算), the share, the target and its source, and the certificates still needed."""
    rows: list[QuotaProvince] = []
    warnings: list[Caveat] = []
    for province, (kwh, green) in provinces.items():
        published = None if quota.target is not None else _published(quota.sector, province, year)
        target = quota.target if quota.target is not None else (
            Decimal(published["share"]) if published else None)  # fmt: skip
        share = green / kwh if kwh > 0 else Decimal(0)
        row: QuotaProvince = {"province": province, "kwh": figure(kwh, 3), "green_kwh": figure(green, 3),
                              "share": figure(share, 6), "target": None if target is None else figure(target, 6),
                              "target_source": None, "gap_kwh": None, "certificates_needed": None}  # fmt: skip
        if target is None:
            message = (f"{province} 没有 {year} 年{quota.sector}绿色电力消费比例的公布值（本系统所收），可用 --target "
                       f"给出 no published {year} target for {province} here: give --target")  # fmt: skip
            warnings.append({"code": "no_quota_target", "message": message})
        else:
            gap = max(Decimal(0), target * kwh - green)
            row["gap_kwh"] = figure(gap, 3)
            row["certificates_needed"] = int((gap / kwh_per_certificate).to_integral_value(ROUND_CEILING))
            row["target_source"] = ("用户给定 given by the user" if published is None else
                                    f"{published['publisher']}{published['document']}（{published['date']}）"
                                    f"{published['url']}")  # fmt: skip
        rows.append(row)
    return {"sector": quota.sector, "year": year, "provinces": rows}, warnings
