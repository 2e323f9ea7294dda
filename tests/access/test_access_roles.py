"""Each role may do its own duty and nothing that belongs to another role."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from policyhub.access.reads import may_read_account, may_read_all
from policyhub.access.roles import Actor, Role, authorise
from policyhub.errors import Forbidden


@dataclass
class FakeFacts:
    owners: dict[str, str] = field(default_factory=lambda: {"P1": "S1", "P2": "S2"})
    listings: dict[str, tuple[str, list[str]]] = field(default_factory=lambda: {"L1": ("S1", ["CGEC", "BJ"])})
    auctions: dict[str, str] = field(default_factory=lambda: {"A1": "CGEC"})
    mandates: set[tuple[str, str]] = field(default_factory=lambda: {("S1", "BJ"), ("B1", "BJ")})

    def project_owner(self, project: str) -> str | None:
        return self.owners.get(project)

    def listing_owner(self, listing: str) -> str | None:
        return self.listings[listing][0] if listing in self.listings else None

    def listing_platforms(self, listing: str) -> list[str] | None:
        return self.listings[listing][1] if listing in self.listings else None

    def auction_platform(self, auction: str) -> str | None:
        return self.auctions.get(auction)

    def contract_platform(self, contract: str) -> str | None:
        return {"C1": "BJ"}.get(contract)

    def has_mandate(self, account: str, platform: str) -> bool:
        return (account, platform) in self.mandates


FACTS = FakeFacts()
OPERATOR = Actor(Role.operator)
GRID = Actor(Role.data_provider)
INFO = Actor(Role.info_centre)
BJ = Actor(Role.platform, platform="BJ")
S1 = Actor(Role.account_holder, account="S1")
B1 = Actor(Role.account_holder, account="B1")
REGULATOR = Actor(Role.regulator)
PUBLIC = Actor(Role.public)

ISSUE = {"op": "issue", "month": "2024-08"}
FREEZE = {"op": "freeze", "account": "S1", "reason": "数据造假"}
GRID_METER = {"op": "meter", "project": "P1", "month": "2024-08", "grid_kwh": 1, "self_kwh": 0, "source": "grid"}
OWNER_METER = {**GRID_METER, "source": "owner"}
INITIAL = {"op": "review_meter", "project": "P1", "month": "2024-08", "stage": "initial", "approve": True}
FINAL = {**INITIAL, "stage": "final"}
BUY_BJ = {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 1}
BUY_GZ = {**BUY_BJ, "platform": "GZ"}
CLAIM_B1 = {"op": "claim", "account": "B1", "quantity": 1, "beneficiary": "x", "period": "2024"}


def allowed(actor: Actor, command: dict[str, object]) -> bool:
    try:
        authorise(actor, command, FACTS)
    except Forbidden:
        return False
    return True


@pytest.mark.parametrize(
    ("actor", "command", "expected"),
    [
        (OPERATOR, ISSUE, True),
        (GRID, ISSUE, False),
        (BJ, ISSUE, False),
        (S1, ISSUE, False),
        (REGULATOR, ISSUE, False),
        (PUBLIC, ISSUE, False),
        (REGULATOR, FREEZE, True),
        (S1, FREEZE, False),
        (BJ, FREEZE, False),
        (GRID, GRID_METER, True),
        (GRID, OWNER_METER, False),
        (S1, OWNER_METER, True),
        (S1, GRID_METER, False),
        (B1, OWNER_METER, False),
        (INFO, INITIAL, True),
        (INFO, FINAL, False),
        (OPERATOR, FINAL, True),
        (GRID, INITIAL, False),
        (BJ, BUY_BJ, True),
        (BJ, BUY_GZ, False),
        (B1, BUY_BJ, True),
        (S1, BUY_BJ, False),
        (B1, CLAIM_B1, True),
        (S1, CLAIM_B1, False),
        (BJ, CLAIM_B1, False),
    ],
)
def test_each_role_does_only_its_own_duty(actor: Actor, command: dict[str, object], expected: bool) -> None:
    assert allowed(actor, command) is expected


def test_account_holder_cannot_move_another_accounts_certificates() -> None:
    listing = {"op": "list", "listing": "L9", "account": "S2", "quantity": 1, "price": "5", "platforms": ["BJ"]}
    assert not allowed(S1, listing)
    assert allowed(S1, {**listing, "account": "S1"})


def test_account_holder_delists_only_its_own_listing() -> None:
    assert allowed(S1, {"op": "delist", "listing": "L1"})
    assert not allowed(B1, {"op": "delist", "listing": "L1"})


def test_platform_lists_and_auctions_only_on_itself() -> None:
    listing = {"op": "list", "listing": "L2", "account": "S1", "quantity": 1, "price": "5", "platforms": ["CGEC"]}
    assert not allowed(BJ, listing)
    assert allowed(BJ, {**listing, "platforms": ["CGEC", "BJ"]})
    assert not allowed(BJ, {"op": "bid", "auction": "A1", "account": "B1", "quantity": 1, "price": "6"})
    assert allowed(Actor(Role.platform, platform="CGEC"), {"op": "auction_clear", "auction": "A1"})


def test_platform_registers_buyers_but_not_sellers() -> None:
    assert allowed(BJ, {"op": "open_account", "account": "B7", "kind": "buyer"})
    assert not allowed(BJ, {"op": "open_account", "account": "S7", "kind": "seller"})


def test_reads_are_scoped_to_the_holder_operator_and_regulator() -> None:
    assert may_read_account(S1, "S1")
    assert not may_read_account(S1, "B1")
    assert not may_read_account(BJ, "S1")
    assert may_read_account(REGULATOR, "S1")
    assert may_read_all(OPERATOR) and may_read_all(REGULATOR)
    assert not may_read_all(S1) and not may_read_all(PUBLIC)


def test_scoped_roles_need_their_scope() -> None:
    with pytest.raises(ValueError):
        Actor(Role.account_holder)
    with pytest.raises(ValueError):
        Actor(Role.platform)


def test_a_platform_delivers_only_its_own_contracts() -> None:
    assert allowed(BJ, {"op": "deliver", "contract": "C1"})
    assert not allowed(Actor(Role.platform, platform="GZ"), {"op": "deliver", "contract": "C1"})
    assert not allowed(BJ, {"op": "deliver"})  # a sweep of every contract is the operator's
    assert allowed(OPERATOR, {"op": "deliver"})
    assert not allowed(B1, {"op": "deliver", "contract": "C1"})


def test_green_power_settlements_come_from_the_exchanges_not_the_parties() -> None:
    gps = {"op": "green_power_settlement", "seller": "S1", "buyer": "B1", "project": "P1", "month": "2024-08"}
    assert allowed(GRID, gps) and allowed(OPERATOR, gps)
    assert not allowed(S1, gps) and not allowed(B1, gps) and not allowed(BJ, gps)


def test_a_platform_acts_only_for_accounts_that_mandated_it() -> None:
    listing = {"op": "list", "listing": "L2", "account": "S2", "quantity": 1, "price": "5", "platforms": ["BJ"]}
    assert not allowed(BJ, listing)  # S2 has not mandated BJ
    assert allowed(BJ, {**listing, "account": "S1"})
    deal = {"op": "bilateral", "seller": "S1", "buyer": "B2", "quantity": 1, "price": "5", "platform": "BJ"}
    assert not allowed(BJ, deal)  # the buyer's side is not mandated
    assert allowed(BJ, {**deal, "buyer": "B1"})
    assert not allowed(BJ, {**deal, "seller": "S2", "buyer": "B1"})  # nor here the seller's
    cgec = Actor(Role.platform, platform="CGEC")
    assert not allowed(cgec, {"op": "bid", "auction": "A1", "account": "B1", "quantity": 1, "price": "6"})
    assert not allowed(cgec, {"op": "delist", "listing": "L1"})  # L1 is on CGEC, but S1 mandated BJ only
    assert allowed(BJ, {"op": "delist", "listing": "L1"})


def test_mandates_are_granted_by_the_holder_or_the_operator_not_by_the_platform() -> None:
    grant = {"op": "mandate", "account": "S1", "platform": "GZ"}
    assert allowed(S1, grant) and allowed(OPERATOR, grant)
    assert not allowed(B1, grant) and not allowed(Actor(Role.platform, platform="GZ"), grant)
    assert not allowed(S1, {**grant, "op": "revoke_mandate", "account": "B1"})


def test_only_the_operator_moves_a_project() -> None:
    move = {"op": "transfer_project", "project": "P1", "to": "S9"}
    assert allowed(OPERATOR, move)
    assert not any(allowed(a, move) for a in (GRID, INFO, BJ, S1, REGULATOR, PUBLIC))
