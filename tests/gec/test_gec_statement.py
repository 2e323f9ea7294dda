"""Account statements: every movement kind, balances that add up, stable anchors, on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from gec_helpers import AT, SELLER2_DOC, SELLER_DOC, buyer, meter, ok, project, seller

from policyhub.errors import InputError, NotFound
from policyhub.gec.audit import audit
from policyhub.gec.registry import Registry
from policyhub.gec.statement import BALANCES, KINDS, statement

OCT, OCT15 = "2024-10-10T10:00:00+08:00", "2024-10-15T10:00:00+08:00"
NOV5, NOV6 = "2024-11-05T10:00:00+08:00", "2024-11-06T10:00:00+08:00"
DEC2, DEC3 = "2024-12-02T10:00:00+08:00", "2024-12-03T10:00:00+08:00"
FEB26, AUG26 = "2026-02-01T09:00:00+08:00", "2026-08-01T00:05:00+08:00"


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def history(r: Registry) -> None:
    """Every kind of movement, worked by hand (S1 = seller, B1 = buyer):

    2024-09-25  issue 2023-12: S1 +20 (P1, valid to 2025-12-31); issue 2024-08: S1 +150 (P1 100, hydro H22 50),
                S2 +40 (P2)
    2024-10-10  S1 lists 30 of P1; B1 buys 20 on BJ (S1 sold −20); S1 buys 5 of S2's listing on CGEC (+5)
    2024-10-15  H22 legacy hydro transferred S1 → B1 10, S1 → PROV 5 (第二十二条)
    2024-11-05  correction H22 50,000 → 53,000 kWh: S1 +3 (corrected); 11-06 P1 100,000 → 90,000 kWh: S1 −10 revoked
    2024-12-02  B1 claims 15; 12-03 S1 claims 5 of its 2023-12 certificates
    2026-01-01  S1's last 15 of 2023-12 lapse (第二十四条; `expire` has not run yet)
    2026-02-01  B1 claims 1
    2026-08-01  expire: everything of 2024-08 left (valid to 2026-07-31) and the lapsed 15
    """
    seller(r)
    seller(r, "S2", SELLER2_DOC)
    buyer(r)
    prov = {"op": "open_account", "account": "PROV", "kind": "provincial", "name": "四川省绿证专用账户",
            "province": "四川", "at": AT}  # fmt: skip
    ok(r.apply(prov))
    project(r, "P1")
    project(r, "H22", "hydro", "2022-12-31", True)
    project(r, "P2", owner="S2")
    for proj, month, kwh in (("P1", "2023-12", 20_000), ("P1", "2024-08", 100_000), ("H22", "2024-08", 50_000),
                             ("P2", "2024-08", 40_000)):  # fmt: skip
        ok(meter(r, proj, month, kwh, 0))
    ok(r.apply({"op": "issue", "month": "2023-12", "at": AT}))
    ok(r.apply({"op": "issue", "month": "2024-08", "at": AT}))
    ok(r.apply({"op": "list", "listing": "L1", "account": "S1", "quantity": 30, "price": "5.00", "project": "P1",
                "month": "2024-08", "platforms": ["CGEC", "BJ", "GZ"], "at": OCT}))  # fmt: skip
    ok(r.apply({"op": "buy", "account": "B1", "listing": "L1", "platform": "BJ", "quantity": 20, "at": OCT}))
    ok(r.apply({"op": "list", "listing": "L2", "account": "S2", "quantity": 10, "price": "6.00",
                "platforms": ["CGEC"], "at": OCT}))  # fmt: skip
    ok(r.apply({"op": "buy", "account": "S1", "listing": "L2", "platform": "CGEC", "quantity": 5, "at": OCT}))
    for to, n in (("B1", 10), ("PROV", 5)):
        ok(r.apply({"op": "transfer", "from": "S1", "to": to, "project": "H22", "month": "2024-08", "quantity": n,
                    "at": OCT15}))  # fmt: skip
    ok(r.apply({"op": "correct", "project": "H22", "month": "2024-08", "grid_kwh": 53_000, "self_kwh": 0,
                "reason": "补报电量", "at": NOV5}))  # fmt: skip
    revoked = ok(r.apply({"op": "correct", "project": "P1", "month": "2024-08", "grid_kwh": 90_000, "self_kwh": 0,
                          "reason": "表计倍率错误", "at": NOV6}))  # fmt: skip
    assert revoked["revoked"] == 10
    ok(r.apply({"op": "claim", "account": "B1", "quantity": 15, "beneficiary": "某制造企业", "period": "2024",
                "at": DEC2}))  # fmt: skip
    ok(r.apply({"op": "claim", "account": "S1", "quantity": 5, "beneficiary": "风电公司", "period": "2023",
                "at": DEC3}))  # fmt: skip
    ok(r.apply({"op": "claim", "account": "B1", "quantity": 1, "beneficiary": "某制造企业", "period": "2024",
                "at": FEB26}))  # fmt: skip


def identities(s: dict[str, Any]) -> None:
    """closing.live = opening.live + Σ quantity; each cancelled status grows by minus its movements' sum."""
    moves = s["movements"]
    assert s["closing"]["live"] == s["opening"]["live"] + sum(m["quantity"] for m in moves)
    for kind in ("claimed", "expired", "revoked"):
        took = sum(m["quantity"] for m in moves if m["kind"] == kind)
        assert s["closing"][kind] - s["opening"][kind] == -took, kind
    assert {m["kind"] for m in moves} <= set(KINDS)
    assert [m["at"] for m in moves] == sorted(m["at"] for m in moves)
    if moves:
        assert moves[-1]["balance"] == s["closing"]
    assert s["count"] == len(moves)


def kinds(s: dict[str, Any]) -> dict[str, int]:
    out: dict[str, int] = {}
    for m in s["movements"]:
        out[m["kind"]] = out.get(m["kind"], 0) + m["quantity"]
    return out


def test_every_movement_kind_adds_up_to_the_balances(reg: Registry) -> None:
    history(reg)
    s1 = statement(reg, "S1", "2024-09", "2026-02")
    identities(s1)
    assert kinds(s1) == {"issued": 170, "bought": 5, "sold": -20, "transferred_out": -15, "corrected": 3,
                         "revoked": -10, "claimed": -5, "expired": -15}  # fmt: skip
    # Hand-worked: 20 + 150 + 5 − 20 − 15 + 3 − 10 − 5 − 15 = 113 live (P1 70, P2 5, H22 38).
    assert s1["closing"] == {"live": 113, "claimed": 5, "expired": 15, "revoked": 10}
    assert s1["opening"] == {"live": 0, "claimed": 0, "expired": 0, "revoked": 0}
    # Drawn in the current month, the closing is the registry's state today (lapsed counted as expired).
    now = reg.state()["accounts"]["S1"]
    assert {k: now[k] for k in BALANCES} == s1["closing"]
    lapse = [m for m in s1["movements"] if m["kind"] == "expired"]
    assert lapse == [{"entry": None, "at": "2026-01-01T00:00:00+08:00", "kind": "expired", "quantity": -15,
                      "valid_until": "2025-12-31", "balance": {"live": 113, "claimed": 5, "expired": 15,
                                                               "revoked": 10}}]  # fmt: skip
    sold = next(m for m in s1["movements"] if m["kind"] == "sold")
    assert (sold["trade"], sold["counterparty"], sold["price"], sold["platform"]) == ("T1", "B1", "5.00", "BJ")
    b1 = statement(reg, "B1", "2024-09", "2026-02")
    identities(b1)
    assert kinds(b1) == {"bought": 20, "transferred_in": 10, "claimed": -16}
    claims = [m for m in b1["movements"] if m["kind"] == "claimed"]
    assert [(m["purpose"], m["consumer_province"], m["site"]) for m in claims] == [("绿色电力消费声明", None, None)] * 2
    assert b1["closing"] == {"live": 14, "claimed": 16, "expired": 0, "revoked": 0}
    for account, live in (("S2", 35), ("PROV", 5)):
        s = statement(reg, account, "2024-09", "2026-02")
        identities(s)
        assert s["closing"]["live"] == live
    every = set(kinds(s1)) | set(kinds(b1))
    assert every == set(KINDS)


def test_a_period_opens_where_the_one_before_closed(reg: Registry) -> None:
    history(reg)
    first = statement(reg, "S1", "2024-09", "2024-10")
    second = statement(reg, "S1", "2024-11", "2026-02")
    identities(first)
    identities(second)
    # 20 + 150 + 5 − 20 − 15 = 140 at the end of October.
    assert first["closing"] == second["opening"] == {"live": 140, "claimed": 0, "expired": 0, "revoked": 0}
    assert [m["kind"] for m in second["movements"]] == ["corrected", "revoked", "claimed", "expired"]
    quiet = statement(reg, "S1", "2025-01", "2025-06")
    assert quiet["movements"] == [] and quiet["opening"] == quiet["closing"]
    assert quiet["closing"] == {"live": 128, "claimed": 5, "expired": 0, "revoked": 10}


def test_expiry_keeps_its_date_once_cancelled_and_the_anchor_is_the_head(reg: Registry) -> None:
    history(reg)
    before = statement(reg, "S1", "2024-09", "2026-02")
    ok(reg.apply({"op": "expire", "as_of": "2026-08-01", "at": AUG26}))
    head = reg.head()
    after = statement(reg, "S1", "2024-09", "2026-02")
    # The lapse is now the `expire` entry's work, dated when validity ended: the same figures as before.
    assert after["closing"] == before["closing"]
    [lapse] = [m for m in after["movements"] if m["kind"] == "expired"]
    assert (lapse["entry"], lapse["at"], lapse["quantity"]) == (head["seq"], "2026-01-01T00:00:00+08:00", -15)
    whole = statement(reg, "S1", "2024-09", "2026-08")
    identities(whole)
    assert whole["closing"] == {"live": 0, "claimed": 5, "expired": 128, "revoked": 10}
    assert whole["anchor"] == head
    assert audit(reg, [(head["seq"], head["hash"])])["ok"]


def test_bad_periods_and_unknown_accounts_are_refused(reg: Registry) -> None:
    history(reg)
    for first, last, code in (("2024-13", "2024-12", "invalid_month"), ("2024-12", "2024-09", "invalid_period"),
                              ("2016-01", "2026-01", "invalid_period"), ("2026-01", "2026-03", "invalid_period"),
                              ("24-01", "2024-02", "invalid_month")):  # fmt: skip
        with pytest.raises(InputError) as caught:
            statement(reg, "S1", first, last)
        assert caught.value.code == code, (first, last)
        assert caught.value.message[0] > "\u2e80"  # Chinese first
    assert statement(reg, "S1", "2016-03", "2026-02")["count"] > 0  # 120 months is the budget
    with pytest.raises(NotFound):
        statement(reg, "NOPE", "2024-09", "2024-10")
    with pytest.raises(InputError) as caught:
        statement(reg, "S1", "2024-09", "2026-02", limit=3)
    assert caught.value.code == "too_many_movements"


def test_issuance_follows_the_project_to_its_new_owner(reg: Registry) -> None:
    seller(reg)
    project(reg)
    ok(meter(reg, "P1", "2024-07", 30_000, 0))
    ok(reg.apply({"op": "issue", "month": "2024-07", "at": AT}))
    ok(reg.apply({"op": "claim", "account": "S1", "quantity": 30, "beneficiary": "x", "period": "2024", "at": AT}))
    # The entity re-registers: S1 closes (it holds nothing live), S9 opens with the same document, takes P1.
    ok(reg.apply({"op": "close_account", "account": "S1", "at": OCT}))
    ok(reg.apply({"op": "open_account", "account": "S9", "kind": "seller", "name": "风电公司（新）",
                  "id_doc": SELLER_DOC, "province": "河北", "gec_only_pledge": True, "at": OCT}))  # fmt: skip
    ok(reg.apply({"op": "transfer_project", "project": "P1", "to": "S9", "at": OCT}))
    ok(meter(reg, "P1", "2024-08", 40_000, 0, at=OCT))
    ok(reg.apply({"op": "issue", "month": "2024-08", "at": OCT}))
    s1, s9 = statement(reg, "S1", "2024-09", "2024-10"), statement(reg, "S9", "2024-09", "2024-10")
    assert kinds(s1) == {"issued": 30, "claimed": -30} and s1["closing"]["live"] == 0
    assert kinds(s9) == {"issued": 40} and s9["closing"]["live"] == 40


def test_migration_0009_indexes_the_rare_entries_and_statements_read_the_same_either_way(db_url: str) -> None:
    with Registry.open(db_url) as r:
        history(r)
        with_index = statement(r, "S1", "2024-09", "2026-02")
    engine = sa.create_engine(db_url)

    def indexes(conn: sa.Connection) -> set[str]:
        return {str(i["name"]) for i in sa.inspect(conn).get_indexes("gec_journal")}

    cfg = Config()
    cfg.set_main_option("script_location", "policyhub.gec:migrations")
    cfg.set_main_option("version_table", "gec_alembic_version")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        assert "ix_gec_journal_rare_ops" not in indexes(conn)
    with Registry.open(db_url) as r:  # opening migrates to the head again
        again = statement(r, "S1", "2024-09", "2026-02")  # (a new registry's clock: judged on another day)
        assert {k: v for k, v in again.items() if k != "as_of"} == {k: v for k, v in with_index.items() if k != "as_of"}
    with engine.connect() as conn:
        assert "ix_gec_journal_rare_ops" in indexes(conn)
    engine.dispose()
