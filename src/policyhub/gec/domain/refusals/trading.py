"""Trading (第十九条–第二十三条): venues, who may buy from whom, listings, the call auction, green-power settlement."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from policyhub.errors import InputError

from ..rules import AccountKind, Rules
from . import refuse


def certificate_venue(platform: str, platforms: Mapping[str, str]) -> str:
    """第十九条: certificates trade on their own only on the certificate platforms."""
    if platform not in platforms:
        known = ", ".join(platforms)
        raise refuse(
            f"该平台不是绿证交易平台 {platform} is not a certificate trading platform (第十九条: {known})",
            "unknown_platform",
        )
    return platform


def green_power_venue(platform: str | None, rules: Rules) -> None:
    """第十九条: a green-power settlement comes from a green-power trading venue (None: not named)."""
    if platform is not None and not rules.is_green_power_venue(platform):
        raise refuse(
            f"该平台不是绿色电力交易平台 {platform} is not a green-power trading venue (第十九条)",
            "unknown_platform",
        )


def short_to_sell(holder: str, quantity: int, have: int, every: int) -> InputError:
    """Why `holder` cannot sell `quantity`, holding `have` sellable of `every` live certificates there."""
    if every >= quantity:
        # The holder has the certificates, but they are non-tradable (第十四条) or already traded once (第二十条).
        return refuse(
            f"{holder} 此处可售绿证仅 {have} 个（其余不可交易，第十四条；或已交易过一次，第二十条）"
            f" only {have} of {quantity} may be sold",
            "not_tradable",
        )
    return refuse(f"{holder} 可售绿证 {have} 个，不足 {quantity} 个 holds {have} sellable", "insufficient_quantity")


def same_entity(one: str, other: str, docs: Mapping[str, str | None]) -> bool:
    """第十条 唯一的实名绿证账户: the same account, or two accounts with the same identity document (`docs`)."""
    if one == other:
        return True
    doc = docs.get(one)
    return doc is not None and doc == docs.get(other)


def not_self_trade(buyer: str, seller: str, one_entity: bool) -> None:
    """A trade between two accounts of one entity moves nothing and would fake a market price."""
    if one_entity:
        raise refuse(
            f"买卖双方为同一主体 {seller} and {buyer} are one entity (same identity document): no trade with itself",
            "self_trade",
        )


def may_buy_from(buyer: str, seller: str, one_entity: bool, kind: str, kinds: Mapping[str, AccountKind]) -> None:
    """The buyer is not the seller nor of its entity, and its account kind buys (第十条)."""
    if buyer == seller:
        raise refuse("卖方不能购买自己的绿证 a seller cannot buy its own certificates", "self_trade")
    not_self_trade(buyer, seller, one_entity)
    if not kinds[kind].may_buy:
        raise refuse(f"{buyer} 为{kinds[kind].name}，不能购买绿证 a {kind} account does not buy", "not_a_buyer")


def listing_open(listing: str, status: str) -> None:
    """第二十一条（一）: only an open listing can be withdrawn."""
    if status != "open":
        raise refuse(f"挂牌已结束 listing {listing} is already {status}", "listing_closed")


def shown_on(listing: str, platform: str, platforms: str) -> None:
    """第二十一条（一）: a listing is taken (摘牌) on a platform that shows it (`platforms`: comma-separated)."""
    if platform not in platforms.split(","):
        raise refuse(
            f"挂牌 {listing} 未在 {platform} 展示（展示平台：{platforms.replace(',', '、')}）not there",
            "platform_not_listed",
        )


def some_left(listing: str, status: str) -> None:
    """A sold-out (or withdrawn) listing has nothing left to take."""
    if status != "open":
        raise refuse(f"挂牌 {listing} 已无剩余 is {status}: none remain", "insufficient_quantity")


def enough_left(listing: str, have: int, quantity: int) -> None:
    """A buy takes at most what the listing still holds: all of it or nothing."""
    if have < quantity:
        raise refuse(f"挂牌 {listing} 仅剩 {have} 个，不足 {quantity} 个 {have} left", "insufficient_quantity")


def closes_after_opening(closes: datetime, now: datetime) -> None:
    """第二十一条（三）: an auction takes orders for a while, so it closes after it opens."""
    if closes <= now:
        raise refuse("竞价结束时间须晚于开始时间 an auction must close after it opens", "invalid_command")


def taking_orders(auction: str, status: str, closes: str, now: datetime) -> None:
    """Orders only while the auction is open and before it closes (`closes`: its stored ISO time)."""
    if status != "open" or now >= datetime.fromisoformat(closes):
        raise refuse(f"竞价已截止 auction {auction} closed at {closes}", "auction_closed")


def one_side_per_entity(account: str, auction: str, other_side: str, one_entity: bool) -> None:
    """An entity is never on both sides of one auction: it would trade with itself."""
    if one_entity:
        # Not which account: the sender may not see who placed the other order (access/reads: View.order).
        raise refuse(
            f"{account} 所属主体已在竞价 {auction} 中报{other_side} "
            f"an account of the same entity as {account} already has an {other_side} in auction {auction}",
            "self_trade",
        )


def not_cleared(auction: str, status: str) -> None:
    """An auction clears once."""
    if status != "open":
        raise refuse(f"竞价已结束 auction {auction} is already {status}", "auction_closed")


def certificates_of(kwh: int, kwh_per_certificate: int) -> int:
    """第十五条: 1 certificate per 1000 kWh; a settlement below one certificate moves nothing, so it is refused."""
    quantity = kwh // kwh_per_certificate
    if quantity == 0:
        raise refuse(f"电量不足一个绿证 {kwh} kWh is less than one certificate (第十五条)", "insufficient_quantity")
    return quantity


def grid_tradable(project: str, tradable: bool) -> None:
    """第十四条: a project whose grid electricity earns non-tradable certificates settles none with its power."""
    if not tradable:
        raise refuse(
            f"该项目上网电量核发的绿证不可交易 {project}'s grid electricity earns non-tradable certificates (第十四条)",
            "not_tradable",
        )


def holds_project_month(seller: str, project: str, month: str, have: int, quantity: int) -> None:
    """第二十三条: the certificates follow the electricity, so they come from that project and month."""
    if have < quantity:
        raise refuse(
            f"卖方持有该项目该月的绿证不足 {seller} holds {have} certificates of {project} {month}",
            "insufficient_quantity",
        )
