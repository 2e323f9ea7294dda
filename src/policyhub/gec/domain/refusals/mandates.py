"""Platform mandates (第八条: 交易主体可委托代理机构): a platform acts for an account only under its mandate."""

from __future__ import annotations

from . import refuse


def acting_under_mandate(account: str, platform: str, held: bool) -> None:
    """第八条: a platform's command for an account needs the account's standing mandate when it is applied."""
    if not held:
        raise refuse(
            f"账户 {account} 未授权平台 {platform} account {account} has no mandate for platform {platform} "
            "(revoked, or never granted): the platform may not act for it",
            "no_mandate",
        )


def not_yet_mandated(account: str, platform: str, held: bool) -> None:
    """A mandate is granted once."""
    if held:
        raise refuse(f"账户 {account} 已授权 {platform} the mandate already stands", "already_mandated")


def mandated(account: str, platform: str, held: bool) -> None:
    """Only a standing mandate is revoked."""
    if not held:
        raise refuse(f"账户 {account} 未授权 {platform} there is no such mandate", "no_mandate")
