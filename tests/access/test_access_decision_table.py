"""Default deny: every op the registry handles has a written rule, and the rules are exactly this table.

A new op without a rule, or a rule that differs from the table, fails here. The same table is in docs/gec.md
("Roles and what each may do"). OP operator (资质中心), DP data_provider (电网企业/电力交易机构), IC info_centre
(信息中心), PF platform (交易平台), AH account_holder (交易主体), RG regulator (派出机构); a firm (企业, signed up
for its self-assessments) and the public send nothing.
"""

from __future__ import annotations

import pytest

from policyhub.access.roles import RULES, Actor, Role, authorise
from policyhub.errors import Forbidden
from policyhub.gec.domain.commands import OPS
from policyhub.gec.service import HANDLERS

OP, DP, IC, PF, AH, RG = (Role.operator, Role.data_provider, Role.info_centre, Role.platform, Role.account_holder,
                          Role.regulator)  # fmt: skip

# op → (the roles that may send it, the article behind the duty)
TABLE: dict[str, tuple[set[Role], str]] = {
    "open_account": ({OP, PF}, "第十条: 资质中心 opens accounts; buyers may register through a platform"),
    "update_account": ({OP, AH}, "第十二条: the holder asks for a change of its own account"),
    "approve_account_change": ({OP}, "第十二条: a change of name or document takes effect once approved"),
    "reject_account_change": ({OP}, "第十二条"),
    "close_account": ({OP, AH}, "第十二条: the holder closes its own account"),
    "register_project": ({OP, IC}, "第十条: 建档立卡 on the information platform"),
    "project_batch": ({OP, IC}, "第十条: 建档立卡, a file of projects at once"),
    "transfer_project": ({OP}, "第五条/第十条: the 资质中心 keeps the project records"),
    "meter": ({OP, DP, AH}, "第十六条: grid data from the grid/exchanges, owner data from the owner"),
    "meter_batch": ({OP, DP}, "第十六条: bulk grid data from the grid and the exchanges only"),
    "review_meter": ({OP, IC}, "第十七条: 初核 by the information centre, 复核 by the 资质中心"),
    "issue": ({OP}, "第十三条: the 资质中心 issues"),
    "expire": ({OP}, "第二十四条: validity"),
    "correct": ({OP}, "第三十二条: corrections with a reason"),
    "freeze": ({OP, RG}, "第三十三条: supervision"),
    "unfreeze": ({OP, RG}, "第三十三条"),
    "transfer": ({OP, DP}, "第二十二条: transfers by settlement results"),
    "green_power_settlement": ({OP, DP}, "第二十三条: green-power trades settled by the exchanges"),
    "claim": ({OP, AH}, "第二十四条: 已声明完成绿色电力消费 — the holder claims its own certificates"),
    "list": ({PF, AH}, "第二十一条（一）: 挂牌 by the holder or its mandated platform"),
    "delist": ({PF, AH}, "第二十一条（一）"),
    "buy": ({PF, AH}, "第二十一条（一）: 摘牌"),
    "bilateral": ({PF}, "第二十一条（二）: 双边协商 through the chosen platform (both sides mandated)"),
    "deliver": ({OP, PF}, "第二十二条: scheduled deliveries of a platform's contracts"),
    "auction_open": ({OP, PF}, "第二十一条（三）: 集中竞价 on a platform"),
    "auction_clear": ({OP, PF}, "第二十一条（三）"),
    "bid": ({PF, AH}, "第二十一条（三）"),
    "ask": ({PF, AH}, "第二十一条（三）"),
    "mandate": ({OP, AH}, "第八条: 交易主体可委托代理机构 — the holder chooses who acts for it"),
    "revoke_mandate": ({OP, AH}, "第八条"),
    "grant_token": (set(), "journaled by the local admin tool only, never over HTTP"),
    "revoke_token": (set(), "journaled by the local admin tool only, never over HTTP"),
}

ACTORS = {
    Role.operator: Actor(Role.operator),
    Role.data_provider: Actor(Role.data_provider),
    Role.info_centre: Actor(Role.info_centre),
    Role.platform: Actor(Role.platform, platform="BJ"),
    Role.account_holder: Actor(Role.account_holder, account="S1"),
    Role.regulator: Actor(Role.regulator),
    Role.firm: Actor(Role.firm, firm=1),
    Role.public: Actor(Role.public),
}


class NoFacts:
    """Facts that never matter: a role outside an op's rule is refused before any fact is asked."""

    def project_owner(self, project: str) -> str | None:
        raise AssertionError("asked a fact for a role that may not send the op")

    listing_owner = listing_platforms = auction_platform = contract_platform = project_owner

    def has_mandate(self, account: str, platform: str) -> bool:
        raise AssertionError("asked a fact for a role that may not send the op")


def test_every_op_the_registry_handles_has_a_row_in_the_table_and_a_rule() -> None:
    assert set(HANDLERS) - set(TABLE) == set(), "a handler op without a row in the decision table"
    assert set(HANDLERS) - set(RULES) == set(), "a handler op without a rule in access/roles.py"
    assert set(OPS) - set(RULES) == set(), "a parsed op without a rule in access/roles.py"


@pytest.mark.parametrize("op", sorted(set(HANDLERS) | set(TABLE) | set(RULES)))
@pytest.mark.parametrize("role", list(Role))
def test_each_op_and_role_is_decided_as_the_table_says(op: str, role: Role) -> None:
    expected, _article = TABLE.get(op, (set(), ""))
    assert (role in RULES.get(op, frozenset())) is (role in expected), f"{op} × {role.value}"
    if role not in expected:
        with pytest.raises(Forbidden):
            authorise(ACTORS[role], {"op": op}, NoFacts())


def test_the_public_and_firms_send_nothing() -> None:
    assert all(Role.public not in roles and Role.firm not in roles for roles in RULES.values())


@pytest.mark.parametrize("role", list(Role))
def test_an_op_without_a_rule_is_refused_for_every_role(role: Role) -> None:
    with pytest.raises(Forbidden, match="no role may send"):
        authorise(ACTORS[role], {"op": "mint_everything", "account": "S1"}, NoFacts())


def test_meter_batch_is_the_grids_and_the_operators_only() -> None:
    batch = {"op": "meter_batch", "month": "2024-08", "rows": [{"project": "P1", "grid_kwh": 36_000_000}]}
    authorise(ACTORS[Role.data_provider], batch, NoFacts())
    authorise(ACTORS[Role.operator], batch, NoFacts())
    for role in (Role.account_holder, Role.platform, Role.info_centre, Role.regulator, Role.public):
        with pytest.raises(Forbidden):
            authorise(ACTORS[role], batch, NoFacts())
