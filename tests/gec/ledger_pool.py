"""A registry history and commands of every op (valid, refused, malformed) for the group-isolation tests."""

from __future__ import annotations

import shutil
import uuid
from datetime import UTC, datetime
from typing import Any

from gec_helpers import BUYER_DOC, SELLER2_DOC, SELLER_DOC, id_number, ok, uscc

import databases
from policyhub.gec.registry import Registry

NOW = datetime(2024, 12, 16, 2, 0, tzinfo=UTC)  # 2024-12-16 10:00 Beijing: 2024-08 … 2024-11 have ended


def clock() -> datetime:
    return NOW


def base_world(r: Registry) -> None:
    """Two sellers with a project each, two buyers, 2024-08 issued, a listing, a mandate, an auction, a contract."""
    seller = {"op": "open_account", "kind": "seller", "name": "风电公司", "province": "河北", "gec_only_pledge": True}
    buyer = {"op": "open_account", "kind": "buyer", "name": "制造企业"}
    project = {"op": "register_project", "name": "电站", "type": "wind", "province": "河北", "capacity_kw": 50000,
               "commissioned": "2022-05-01"}
    for cmd in (
        {**seller, "account": "S1", "id_doc": SELLER_DOC},
        {**seller, "account": "S2", "id_doc": SELLER2_DOC},
        {**buyer, "account": "B1", "id_doc": BUYER_DOC},
        {**buyer, "account": "B2", "id_doc": uscc("91310000MA1FL0000")},
        {**project, "project": "P1", "owner": "S1"},
        {**project, "project": "P2", "owner": "S2"},
        *({"op": "meter", "project": p, "month": m, "grid_kwh": 2_345_678, "self_kwh": 1_500, "source": "grid"}
          for p in ("P1", "P2") for m in ("2024-08", "2024-09")),
        {"op": "meter", "project": "P1", "month": "2024-10", "grid_kwh": 900_000, "self_kwh": 0, "source": "owner"},
        {"op": "issue", "month": "2024-08"},
        {"op": "list", "listing": "L1", "account": "S1", "quantity": 500, "price": "5.00", "platforms": ["CGEC", "BJ"]},
        {"op": "mandate", "account": "B1", "platform": "BJ"},
        {"op": "mandate", "account": "S2", "platform": "BJ"},
        {"op": "auction_open", "auction": "A1", "platform": "BJ", "closes": "2024-12-20T15:00:00+08:00"},
        {"op": "bilateral", "contract": "K1", "seller": "S2", "buyer": "B1", "quantity": 40, "price": "4.00",
         "platform": "BJ", "deliveries": [{"date": "2024-12-01", "quantity": 40}]},
    ):
        ok(r.apply(cmd))


def pool() -> list[dict[str, Any]]:
    """Candidate commands: every op at least twice, some refused by the registry, some malformed."""
    doc = id_number("11010519800101001")
    b5 = {"op": "open_account", "account": "B5", "kind": "buyer", "name": "新买家", "id_doc": doc}
    return [
        b5,
        {**b5, "account": "B6"},  # same identity document: duplicate_entity
        {"op": "open_account", "account": "B1", "kind": "buyer", "name": "重名", "id_doc": BUYER_DOC},
        {"op": "update_account", "account": "B2", "name": "制造企业（更名）"},
        {"op": "update_account", "account": "S1", "province": "山西"},
        {"op": "approve_account_change", "account": "B2"},
        {"op": "reject_account_change", "account": "B2", "reason": "材料不全"},
        {"op": "register_project", "project": "P7", "owner": "S1", "name": "新电站", "type": "pv", "province": "河北",
         "capacity_kw": 2000, "commissioned": "2023-01-01"},
        {"op": "register_project", "project": "P8", "owner": "NOPE", "name": "新电站", "type": "pv",
         "province": "河北", "capacity_kw": 2000, "commissioned": "2023-01-01"},
        {"op": "project_batch", "rows": [{"project": "P9", "owner": "S2", "name": "批量电站", "type": "wind",
                                          "province": "河北", "capacity_kw": 3000, "commissioned": "2023-02-01"}]},
        {"op": "project_batch", "rows": [{"project": "P10", "owner": "NOPE", "name": "批量电站", "type": "wind",
                                          "province": "河北", "capacity_kw": 3000, "commissioned": "2023-02-01"}]},
        {"op": "meter", "project": "P2", "month": "2024-10", "grid_kwh": 1_234_567, "self_kwh": 0, "source": "grid"},
        {"op": "meter", "project": "P1", "month": "2024-11", "grid_kwh": 777_777, "self_kwh": 0, "source": "grid"},
        {"op": "meter", "project": "NOPE", "month": "2024-11", "grid_kwh": 1, "self_kwh": 0, "source": "grid"},
        {"op": "meter_batch", "month": "2024-11", "rows": [{"project": "P2", "grid_kwh": 5_000_000, "self_kwh": 0}]},
        {"op": "meter_batch", "month": "2024-10", "rows": [{"project": "P1", "grid_kwh": 900_000, "self_kwh": 0}]},
        {"op": "review_meter", "project": "P1", "month": "2024-10", "stage": "initial", "approve": True},
        {"op": "review_meter", "project": "P1", "month": "2024-10", "stage": "final", "approve": True},
        {"op": "issue", "month": "2024-09"},
        {"op": "issue", "month": "2024-10"},
        {"op": "issue", "month": "2024-11"},
        {"op": "issue", "month": "2024-12"},  # not ended: refused
        {"op": "transfer", "from": "S1", "to": "B2", "project": "P1", "month": "2024-08", "quantity": 10},
        {"op": "transfer", "from": "S2", "to": "B1", "project": "P2", "month": "2024-09", "quantity": 10},
        {"op": "claim", "account": "S1", "quantity": 10, "beneficiary": "某公司", "period": "2024"},
        {"op": "claim", "claim": "C1", "account": "B1", "quantity": 5, "beneficiary": "某制造企业", "period": "2024"},
        {"op": "claim", "claim": "GECC00000000019", "account": "S1", "quantity": 1, "beneficiary": "冒名公司",
         "period": "2024"},
        {"op": "expire"},
        {"op": "expire", "as_of": "2030-01-01"},
        {"op": "correct", "project": "P2", "month": "2024-08", "grid_kwh": 2_000_000, "self_kwh": 0, "reason": "更正"},
        {"op": "correct", "project": "P1", "month": "2024-09", "grid_kwh": 2_000_000, "self_kwh": 0, "reason": "更正"},
        {"op": "freeze", "account": "B2", "reason": "核查"},
        {"op": "unfreeze", "account": "B2"},
        {"op": "list", "listing": "L2", "account": "S1", "quantity": 100, "price": "6.00", "platforms": ["BJ", "GZ"]},
        {"op": "list", "listing": "L3", "account": "S2", "quantity": 10**9, "price": "6.00", "platforms": ["BJ"]},
        {"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 60},
        {"op": "buy", "account": "B2", "listing": "L1", "platform": "CGEC", "quantity": 450},
        {"op": "buy", "account": "B1", "listing": "L2", "platform": "GZ", "quantity": 5},
        {"op": "bilateral", "seller": "S1", "buyer": "B2", "quantity": 20, "price": "4.50", "platform": "BJ"},
        {"op": "bilateral", "contract": "K2", "seller": "S2", "buyer": "B2", "quantity": 10**8, "price": "4.50",
         "platform": "BJ"},
        {"op": "deliver", "contract": "K1"},
        {"op": "deliver"},
        {"op": "green_power_settlement", "seller": "S2", "buyer": "B1", "project": "P2", "month": "2024-08",
         "kwh": 10_000, "price": "0.35"},
        {"op": "green_power_settlement", "seller": "S1", "buyer": "B2", "project": "P1", "month": "2024-09",
         "kwh": 5_000, "price": "0.40", "certificate_price": "3.00"},
        {"op": "auction_open", "auction": "A2", "platform": "GZ", "closes": "2024-12-16T15:00:00+08:00"},
        {"op": "auction_open", "auction": "A1", "platform": "BJ", "closes": "2024-12-21T15:00:00+08:00"},
        {"op": "bid", "auction": "A1", "account": "B1", "quantity": 20, "price": "5.50"},
        {"op": "bid", "auction": "A2", "account": "B2", "quantity": 20, "price": "5.50"},
        {"op": "ask", "auction": "A1", "account": "S2", "quantity": 30, "price": "5.00"},
        {"op": "ask", "auction": "A1", "account": "S1", "quantity": 30, "price": "5.00"},
        {"op": "auction_clear", "auction": "A1"},
        {"op": "auction_clear", "auction": "A2"},
        {"op": "grant_token", "token": 41, "role": "account_holder", "account": "B1", "sha256": "a" * 64},
        {"op": "grant_token", "token": 42, "role": "platform", "platform": "BJ", "sha256": "b" * 64},
        {"op": "revoke_token", "token": 41},
        {"op": "revoke_token", "token": 99},
        {"op": "mandate", "account": "B2", "platform": "GZ"},
        {"op": "mandate", "account": "B1", "platform": "BJ"},  # already mandated
        {"op": "revoke_mandate", "account": "B1", "platform": "BJ"},
        {"op": "revoke_mandate", "account": "B2", "platform": "CGEC"},
        {"op": "transfer_project", "project": "P2", "to": "S1"},
        {"op": "transfer_project", "project": "P1", "to": "NOPE"},
        {"op": "delist", "listing": "L1"},
        {"op": "delist", "listing": "L2"},
        {"op": "approve_account_change", "account": "S1"},
        {"op": "reject_account_change", "account": "NOPE", "reason": "材料不全"},
        {"op": "freeze", "account": "S2", "reason": "核查"},
        {"op": "unfreeze", "account": "S2", "reason": "核查完毕"},
        {"op": "close_account", "account": "B2"},
        {"op": "close_account", "account": "NOPE"},
        {"op": "buy", "account": "B1", "listing": "L1"},  # malformed: no platform, no quantity
        {"op": "warp"},  # malformed: unknown op
    ]


def clone(url: str) -> str:
    """A copy of the database at `url` (a file copy; a PostgreSQL template), for the same history twice."""
    if url.startswith("sqlite:///"):
        path = url.removeprefix("sqlite:///")
        copy = f"{path}.{uuid.uuid4().hex[:6]}"
        shutil.copyfile(path, copy)
        return f"sqlite:///{copy}"
    return databases.create_pg(databases.unique("ph_clone"), template=url.rsplit("/", 1)[1])


def drop(url: str) -> None:
    """Drop a clone made by `clone` (PostgreSQL, in the background; a SQLite copy goes with the test's folder)."""
    if not url.startswith("sqlite"):
        databases.DROPPER.later(url.rsplit("/", 1)[1])
