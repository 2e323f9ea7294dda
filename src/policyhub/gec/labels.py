"""Chinese-first names of registry terms (trading, accounts, certificates), shared by templates and the CLI."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

ROUTE_NAMES = {
    "listing": "挂牌交易",
    "bilateral": "双边协商",
    "auction": "集中竞价",
    "green_power": "绿色电力交易",
}
LISTING_STATUS = {"open": "挂牌中", "sold_out": "已售完", "delisted": "已撤牌", "withdrawn": "冻结撤牌"}
DELIVERY_STATUS = {"scheduled": "待交割", "delivered": "已交割", "failed": "交割失败"}
AUCTION_STATUS = {"open": "接受申报", "cleared": "已出清"}
# 第十条 names the accounts 卖方账户, 买方账户, 省级绿证专用账户 and 绿证专用账户.
ACCOUNT_KINDS = {"seller": "卖方（发电企业）", "buyer": "买方", "provincial": "省级专用账户", "special": "绿证专用账户"}
ACCOUNT_STATUS = {"open": "正常", "frozen": "冻结", "closed": "注销"}
BLOCK_STATUS = {"live": "有效", "claimed": "已声明核销", "expired": "已过期", "revoked": "已撤销"}
# The counts a holder sees per account: the four statuses, and what of the live part is sellable or listed.
HOLDING_COUNTS = {**BLOCK_STATUS, "tradable": "可售", "listed": "挂牌"}
# What moved an account's certificates, as its statement names each movement.
MOVEMENT_KINDS = {
    "issued": "核发",
    "corrected": "纠正补发",
    "bought": "买入",
    "sold": "卖出",
    "transferred_in": "划入",
    "transferred_out": "划出",
    "claimed": "声明核销",
    "expired": "过期核销",
    "revoked": "纠正撤销",
}
ROLE_NAMES = {
    "operator": "核发机构（资质中心）",
    "data_provider": "电网企业/电力交易机构",
    "info_centre": "可再生能源信息管理中心",
    "platform": "绿证交易平台",
    "account_holder": "账户持有人",
    "regulator": "监管机构",
    "public": "公众（未登录）",
}


@cache
def project_types() -> dict[str, str]:
    """Project type names as rules.json prints them (风电, 分布式光伏发电, 常规水电, …)."""
    from policyhub.gec.config import rules

    return dict(rules().type_names)


@cache
def _platform_names() -> dict[str, str]:
    from policyhub.gec.config import rules

    r = rules()
    return {**r.green_power_platforms, **r.certificate_platforms}


def platform_name(code: object) -> str:
    """A platform's name (第十九条): 北京电力交易中心 for BJ; a provincial exchange by its code; '' for none."""
    if code is None or code == "" or code == "-":
        return ""
    from policyhub.gec.config import rules

    found = _platform_names().get(str(code))
    if found is not None:
        return found
    if str(code).startswith(rules().provincial_prefix):
        return f"省级电力交易中心 {code}"
    return str(code)


def count_cn(n: object) -> str:
    """A count as the NEA's releases write it: 1.82亿个, 4025万个, 802.35万个; under 10,000 in full (2,346个)."""
    if not isinstance(n, int):
        return "—"
    for unit, size in (("亿", 100_000_000), ("万", 10_000)):
        if abs(n) >= size:
            return f"{n / size:.2f}".rstrip("0").rstrip(".") + unit + "个"
    return f"{n:,}个"


def percent(x: object, signed: bool = False) -> str:
    """A fraction as a percentage with two decimals (0.2209 → 22.09%; signed: +35.42%); — for none."""
    if not isinstance(x, int | float):
        return "—"
    return f"{x * 100:+.2f}%" if signed else f"{x * 100:.2f}%"


def name(table: dict[str, str], key: object) -> str:
    """The Chinese name of `key`, or the key itself when the table has none."""
    return table.get(str(key), str(key))


def listing_status(listing: Mapping[str, object]) -> str:
    """A listing's status word as of today: an open listing whose certificates all passed their last valid day
    (validity, 第二十四条) has nothing left to sell and is shown as such, not as 挂牌中 with 剩余 0."""
    if listing.get("status") == "open" and listing.get("remaining") == 0:
        return "已过期 expired"
    return name(LISTING_STATUS, listing.get("status"))


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that reads digits as numbers: S1, S2, … S10, not S1, S10, S2."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in re.findall(r"\d+|\D+", text))


PROJECT_TYPES = project_types()
LABELS = {
    "ROUTE_NAMES": ROUTE_NAMES,
    "LISTING_STATUS": LISTING_STATUS,
    "listing_status": listing_status,
    "DELIVERY_STATUS": DELIVERY_STATUS,
    "AUCTION_STATUS": AUCTION_STATUS,
    "ACCOUNT_KINDS": ACCOUNT_KINDS,
    "ACCOUNT_STATUS": ACCOUNT_STATUS,
    "BLOCK_STATUS": BLOCK_STATUS,
    "HOLDING_COUNTS": HOLDING_COUNTS,
    "ROLE_NAMES": ROLE_NAMES,
    "MOVEMENT_KINDS": MOVEMENT_KINDS,
    "platform_name": platform_name,
    "count_cn": count_cn,
    "percent": percent,
    "PROJECT_TYPES": PROJECT_TYPES,
}
