"""Transfers (第二十二条), claims and expiry (第二十四条), verification and QR codes (第二十七条)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gec_helpers import AT, buyer, issue, live, meter, ok, project, refused, seller, snapshot, world

from policyhub.errors import InputError, NotFound
from policyhub.gec.qr import write_qr
from policyhub.gec.registry import Registry


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def hydro_world(r: Registry) -> None:
    seller(r)
    buyer(r)
    ok(
        r.apply(
            {
                "op": "open_account",
                "account": "PROV-SC",
                "kind": "provincial",
                "name": "四川省绿证专用账户",
                "province": "四川",
                "at": AT,
            }
        )
    )
    project(r, "H22", "hydro", "2022-12-31", True)
    project(r, "P1")
    ok(meter(r, "H22", "2024-08", 50_000, 0))
    ok(meter(r, "P1", "2024-08", 50_000, 0))
    issue(r, "2024-08")


def transfer(r: Registry, to: str, quantity: int, project_: str = "H22") -> dict[str, object]:
    return r.apply(
        {
            "op": "transfer",
            "from": "S1",
            "to": to,
            "project": project_,
            "month": "2024-08",
            "quantity": quantity,
            "at": AT,
        }
    )


def test_legacy_hydro_certificates_move_by_settlement_to_a_buyer_or_provincial_account(reg: Registry) -> None:
    hydro_world(reg)
    res = ok(transfer(reg, "B1", 20))
    assert res["ranges"][0]["count"] == 20
    ok(transfer(reg, "PROV-SC", 30))
    assert (live(reg, "S1"), live(reg, "B1"), live(reg, "PROV-SC")) == (50, 20, 30)
    assert all(b["tradable"] is False for b in reg.holdings("B1"))


def test_transfer_refusals_leave_state_unchanged(reg: Registry) -> None:
    hydro_world(reg)
    before = snapshot(reg)
    refused(transfer(reg, "B1", 51), "insufficient_quantity")
    refused(transfer(reg, "B1", 1, "P1"), "not_transferable")  # tradable wind certificates move by trading
    refused(transfer(reg, "S1", 1), "bad_recipient")
    refused(transfer(reg, "NOBODY", 1), "unknown_account")
    assert snapshot(reg) == before


def test_claim_cancels_certificates_and_yields_a_verifiable_claim_record(reg: Registry) -> None:
    world(reg)
    res = ok(
        reg.apply(
            {
                "op": "claim",
                "claim": "C1",
                "account": "S1",
                "quantity": 100,
                "beneficiary": "某数据中心",
                "period": "2024",
                "project": "P1",
                "month": "2024-08",
                "at": AT,
            }
        )
    )
    assert reg.state()["accounts"]["S1"]["claimed"] == 100
    record = reg.verify(res["code"])
    assert (record["kind"], record["beneficiary"], record["quantity"], record["period"]) == (
        "claim",
        "某数据中心",
        100,
        "2024",
    )
    assert sum(r["count"] for r in record["ranges"]) == 100
    cert = reg.verify(res["ranges"][0]["first_code"])
    assert (cert["status"], cert["claim"]) == ("claimed", "C1")
    assert reg.claim_record("C1")["code"] == res["code"]


def test_claim_retried_with_the_same_name_is_done_once(reg: Registry) -> None:
    world(reg)
    cmd = {
        "op": "claim",
        "claim": "C1",
        "account": "S1",
        "quantity": 10,
        "beneficiary": "x",
        "period": "2024",
        "at": AT,
    }
    first = ok(reg.apply(cmd))
    second = ok(reg.apply({**cmd, "at": "2024-09-26T10:00:00+08:00"}))
    assert second["code"] == first["code"] and second["duplicate"] is True
    assert reg.state()["accounts"]["S1"]["claimed"] == 10
    refused(reg.apply({**cmd, "quantity": 11}), "already_exists")


def test_claim_more_than_held_is_refused_and_changes_nothing(reg: Registry) -> None:
    world(reg)
    before = snapshot(reg)
    refused(
        reg.apply({"op": "claim", "account": "S1", "quantity": 10**6, "beneficiary": "x", "period": "2024", "at": AT}),
        "insufficient_quantity",
    )
    assert snapshot(reg) == before


def test_expire_cancels_after_the_last_valid_day_not_on_it(reg: Registry) -> None:
    world(reg)  # 2024-08 certificates are valid through 2026-07-31
    assert ok(reg.apply({"op": "expire", "as_of": "2026-07-31", "at": "2026-07-31T23:00:00+08:00"}))["expired"] == 0
    res = ok(reg.apply({"op": "expire", "as_of": "2026-08-01", "at": "2026-08-01T00:30:00+08:00"}))
    assert res["expired"] == 2346
    assert reg.state()["accounts"]["S1"] == {
        "live": 0,
        "tradable": 0,
        "listed": 0,
        "claimed": 0,
        "expired": 2346,
        "revoked": 0,
    }


def test_certificates_past_validity_cannot_be_claimed_before_expire_runs(reg: Registry) -> None:
    world(reg)
    claim = {"op": "claim", "account": "S1", "quantity": 1, "beneficiary": "x", "period": "2024"}
    ok(reg.apply({**claim, "at": "2026-07-31T12:00:00+08:00"}))
    refused(reg.apply({**claim, "at": "2026-08-01T12:00:00+08:00"}), "insufficient_quantity")


def test_pre_2024_electricity_is_valid_to_the_end_of_2025(reg: Registry) -> None:
    seller(reg)
    project(reg)
    ok(meter(reg, "P1", "2023-12", 3_000, 0))
    ok(meter(reg, "P1", "2024-01", 3_000, 0))
    issue(reg, "2023-12")
    issue(reg, "2024-01")
    until = {b["month"]: b["valid_until"] for b in reg.holdings("S1")}
    assert until == {"2023-12": "2025-12-31", "2024-01": "2025-12-31"}
    assert ok(reg.apply({"op": "expire", "as_of": "2025-12-31", "at": "2025-12-31T12:00:00+08:00"}))["expired"] == 0
    assert ok(reg.apply({"op": "expire", "as_of": "2026-01-01", "at": "2026-01-01T00:30:00+08:00"}))["expired"] == 6


def test_verify_shows_the_fields_of_article_27(reg: Registry) -> None:
    world(reg)
    first = reg.holdings("S1")[0]
    v = reg.verify(first["last_code"])
    assert v["code"] == first["last_code"]
    assert (v["project_name"], v["project_type"], v["province"], v["month"]) == ("P1 电站", "wind", "河北", "2024-08")
    assert (v["status"], v["valid_until"], v["traded"]) == ("live", "2026-07-31", False)
    assert v["block"]["first_code"] == first["first_code"]


def test_verify_unknown_or_malformed_codes_raise_input_errors(reg: Registry) -> None:
    world(reg)
    last = reg.holdings("S1")[-1]["last_code"]
    serial = int(last[3:-1]) + 1000
    from policyhub.gec.domain.codes import certificate_code

    with pytest.raises(NotFound):
        reg.verify(certificate_code(serial, reg.rules))
    with pytest.raises(InputError):
        reg.verify("GEC-not-a-code")


def test_qr_code_encodes_the_verification_reference(reg: Registry, tmp_path: Path) -> None:
    world(reg)
    code = reg.holdings("S1")[0]["first_code"]
    svg = tmp_path / "block.svg"
    ref = write_qr(reg, code, svg)
    assert ref.endswith(code) and svg.read_text().lstrip().startswith("<?xml")
    png = tmp_path / "block.png"
    write_qr(reg, code, png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with pytest.raises(InputError):
        write_qr(reg, code, tmp_path / "block.gif")


def test_a_claim_verifies_by_its_code_and_by_its_caller_given_name(reg: Registry) -> None:
    world(reg)
    res = ok(reg.apply({"op": "claim", "claim": "C1", "account": "S1", "quantity": 3, "beneficiary": "x",
                        "period": "2024", "at": AT}))  # fmt: skip
    assert reg.verify("C1")["code"] == res["code"] == reg.verify(res["code"])["code"]
    with pytest.raises(InputError):
        reg.verify("C2")
