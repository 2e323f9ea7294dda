"""The authorisation policy: which role may send which registry command, and on whose behalf.

Pure: the facts it needs about the registry (who owns a project, a listing …) come through `Facts`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from policyhub.errors import Forbidden


class Role(StrEnum):
    """Duties from 第四条–第九条, 第十七条, 第三十一条 of the GEC rules."""

    operator = "operator"  # 国家能源局资质中心 (第五条): issuance, corrections, freezes
    data_provider = "data_provider"  # 电网企业/电力交易机构 (第十六条): meter data, settlement results
    info_centre = "info_centre"  # 国家可再生能源信息管理中心 (第十七条): initial check of owner data
    platform = "platform"  # 绿证交易平台 (第七条): listings and trades on its own platform
    account_holder = "account_holder"  # 交易主体 (第八条): its own account only
    regulator = "regulator"  # 派出机构 (第三十一条): reads everything, may freeze
    firm = "firm"  # 企业 signed up for its self-assessments: its own firm record only, no registry command
    public = "public"  # 在线查验 (第二十七条): verify and reports only


@dataclass(frozen=True)
class Actor:
    """Who sends a command: a role, scoped to one account or one platform where the role needs it."""

    role: Role
    account: str | None = None
    platform: str | None = None
    token: int | None = None  # the API token's id: the journal names who sent each command
    firm: int | None = None  # the firm a firm credential stands for (policyhub.firms), by its id

    def journal(self) -> dict[str, object]:
        """How the journal records this actor."""
        return {"role": self.role.value, "token": self.token, "account": self.account, "platform": self.platform}

    def __post_init__(self) -> None:
        if self.role is Role.account_holder and not self.account:
            raise ValueError("an account_holder token needs an account")
        if self.role is Role.platform and not self.platform:
            raise ValueError("a platform token needs a platform")
        if self.role is Role.firm and self.firm is None:
            raise ValueError("企业凭证须对应一家企业 a firm credential needs a firm: `policyhub manage signup`")


class Facts(Protocol):
    """What the policy asks the registry (None when the thing does not exist)."""

    def project_owner(self, project: str) -> str | None: ...
    def listing_owner(self, listing: str) -> str | None: ...
    def listing_platforms(self, listing: str) -> list[str] | None: ...
    def auction_platform(self, auction: str) -> str | None: ...
    def contract_platform(self, contract: str) -> str | None: ...
    def has_mandate(self, account: str, platform: str) -> bool: ...


# Who may send each op. Default deny: an op missing here is refused for every role. The decision table in
# docs/gec.md and tests/access/test_access_decision_table.py repeat it with the article behind each duty.
_SHARED: dict[str, set[Role]] = {
    "open_account": {Role.operator, Role.platform},  # 第十条: buyers may register through any platform
    "update_account": {Role.operator, Role.account_holder},  # 第十二条
    "approve_account_change": {Role.operator},  # 第十二条: 向资质中心申请变更, the operator decides
    "reject_account_change": {Role.operator},
    "close_account": {Role.operator, Role.account_holder},  # 第十二条
    "register_project": {Role.operator, Role.info_centre},  # 建档立卡 on the information platform
    "project_batch": {Role.operator, Role.info_centre},  # 第十条: the same, a file of projects at once
    "meter": {Role.operator, Role.data_provider, Role.account_holder},  # 第十六条
    "review_meter": {Role.operator, Role.info_centre},  # 第十七条: 初核 then 复核
    "issue": {Role.operator},  # 第十三条
    "expire": {Role.operator},  # 第二十四条
    "correct": {Role.operator},  # 第三十二条
    "freeze": {Role.operator, Role.regulator},  # 第三十三条
    "unfreeze": {Role.operator, Role.regulator},
    "transfer": {Role.operator, Role.data_provider},  # 第二十二条: by settlement results
    "green_power_settlement": {Role.operator, Role.data_provider},  # 第二十三条
    "claim": {Role.operator, Role.account_holder},  # 第二十四条
    "list": {Role.platform, Role.account_holder},  # 第二十一条（一）
    "delist": {Role.platform, Role.account_holder},
    "buy": {Role.platform, Role.account_holder},
    "bilateral": {Role.platform},  # 第二十一条（二）: through the chosen platform
    "deliver": {Role.operator, Role.platform},  # scheduled bilateral deliveries (第二十二条: 交割时间)
    "auction_open": {Role.operator, Role.platform},
    "auction_clear": {Role.operator, Role.platform},
    "bid": {Role.platform, Role.account_holder},
    "ask": {Role.platform, Role.account_holder},
    "meter_batch": {Role.operator, Role.data_provider},  # 第十六条: grid data from the grid and the exchanges
    "mandate": {Role.operator, Role.account_holder},  # 第八条: 交易主体可委托 — the holder picks who acts for it
    "revoke_mandate": {Role.operator, Role.account_holder},
    "transfer_project": {Role.operator},  # 第五条/第十条: the 资质中心 keeps the project records
    # Token grants are journaled by the local admin tool (`policyhub admin token`), never sent over HTTP.
    "grant_token": set(),
    "revoke_token": set(),
}
RULES: dict[str, frozenset[Role]] = {op: frozenset(roles) for op, roles in _SHARED.items()}

# What a platform token does for an account: only while that account's mandate for the platform stands.
MANDATED = frozenset({"list", "delist", "buy", "bilateral", "bid", "ask"})


def _deny(actor: Actor, op: str, why: str) -> Forbidden:
    return Forbidden(f"无权执行该指令 role {actor.role.value} may not {op}: {why}")


def authorise(actor: Actor, command: Mapping[str, Any], facts: Facts) -> None:
    """Raise Forbidden unless the actor may send this command."""
    op = str(command.get("op", ""))
    if actor.role not in RULES.get(op, frozenset()):
        raise _deny(actor, op, "not this role's duty" if op in RULES else "no role may send this op")
    if actor.role is Role.account_holder:
        _own_account_only(actor, op, command, facts)
    elif actor.role is Role.platform:
        _own_platform_only(actor, op, command, facts)
    elif op == "meter" and command.get("source", "grid") != "grid" and actor.role is Role.data_provider:
        raise _deny(actor, op, "data providers push grid data (source=grid)")
    if op == "review_meter" and actor.role is Role.info_centre and command.get("stage") != "initial":
        raise _deny(actor, op, "the information centre does the initial check only (第十七条)")


def _own_account_only(actor: Actor, op: str, command: Mapping[str, Any], facts: Facts) -> None:
    mine = actor.account
    if op == "meter":
        if command.get("source") != "owner":
            raise _deny(actor, op, "owners submit source=owner data only")
        if facts.project_owner(str(command.get("project"))) != mine:
            raise _deny(actor, op, "not your project")
    elif op == "delist":
        if facts.listing_owner(str(command.get("listing"))) != mine:
            raise _deny(actor, op, "not your listing")
    elif str(command.get("account")) != mine:
        raise _deny(actor, op, "another account's certificates or data")


def _acted_for(op: str, command: Mapping[str, Any], facts: Facts) -> list[str]:
    """The accounts a platform acts for with this command (both sides of a bilateral deal)."""
    if op == "bilateral":
        names = [command.get("seller"), command.get("buyer")]
    elif op == "delist":
        names = [facts.listing_owner(str(command.get("listing")))]
    else:
        names = [command.get("account")]
    return [n for n in names if isinstance(n, str)]


def _mandated(actor: Actor, op: str, command: Mapping[str, Any], facts: Facts) -> None:
    """A platform acts for an account only while the account's mandate for that platform stands."""
    mine = str(actor.platform)
    for account in _acted_for(op, command, facts):
        if not facts.has_mandate(account, mine):
            grant = f'{{"op": "mandate", "account": "{account}", "platform": "{mine}"}}'
            raise _deny(actor, op, f"account {account} has not mandated platform {mine}: the account must grant a "
                        f"mandate first ({grant})")  # fmt: skip


def _own_platform_only(actor: Actor, op: str, command: Mapping[str, Any], facts: Facts) -> None:
    mine = actor.platform
    if op == "open_account" and command.get("kind") != "buyer":
        raise _deny(actor, op, "platforms register buyers only (第十条)")
    if op == "list":
        platforms = command.get("platforms")
        if not isinstance(platforms, list) or mine not in platforms:
            raise _deny(actor, op, "a platform lists on itself")
    elif op == "delist":
        on = facts.listing_platforms(str(command.get("listing")))
        if on is None or mine not in on:
            raise _deny(actor, op, "listing not on this platform")
    elif op in {"buy", "bilateral"}:
        if command.get("platform") != mine:
            raise _deny(actor, op, "trades on another platform")
    elif op == "deliver":
        contract = command.get("contract")
        if not isinstance(contract, str) or facts.contract_platform(contract) != mine:
            raise _deny(actor, op, "a platform delivers its own contracts (name the contract)")
    elif op in {"auction_open"}:
        if command.get("platform") != mine:
            raise _deny(actor, op, "auctions on another platform")
    elif op in {"auction_clear", "bid", "ask"} and facts.auction_platform(str(command.get("auction"))) != mine:
        raise _deny(actor, op, "auction on another platform")
    if op in MANDATED:
        _mandated(actor, op, command, facts)


def may_read_firm(actor: Actor, firm: int) -> bool:
    """A firm's records: the firm itself (its credential), the operator and the regulator."""
    if actor.role in {Role.operator, Role.regulator}:
        return True
    return actor.role is Role.firm and actor.firm == firm
