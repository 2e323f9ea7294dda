"""Strict input at the edge, one province list, plausible meter data, bounded serials, carry forward only (第十五条),
closed owners, claim periods (第二十四条) — on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from gec_helpers import AT, SELLER2_DOC, issue, meter, ok, project, refused, seller, world

from cli_runner import run_cli
from policyhub.gec.adapters import tables as t
from policyhub.gec.domain.provinces import short_names
from policyhub.gec.registry import Registry


@pytest.fixture
def reg(reg_url: str) -> Iterator[Registry]:
    with Registry.open(reg_url) as r:
        yield r


def _project_cmd(**over: Any) -> dict[str, Any]:
    cmd = {"op": "register_project", "project": "P2", "owner": "S1", "name": "二号电站", "type": "pv",
           "province": "云南", "capacity_kw": 50000, "commissioned": "2022-05-01", "at": AT}  # fmt: skip
    return {**cmd, **over}


def test_the_34_provinces_in_any_accepted_spelling_are_one(reg: Registry) -> None:
    assert len(short_names()) == 34 and {"云南", "内蒙古", "广西", "新疆", "香港", "澳门", "台湾"} <= set(short_names())
    seller(reg)
    for n, spelling in enumerate(("云南", "云南省", "Yunnan", "YUNNAN")):
        ok(reg.apply(_project_cmd(project=f"Y{n}", province=spelling)))
    ok(reg.apply(_project_cmd(project="NM", province="内蒙古自治区")))
    ok(reg.apply(_project_cmd(project="GX", province="Guangxi")))
    got = {p["project"]: p["province"] for p in reg.projects()}
    assert {got[f"Y{n}"] for n in range(4)} == {"云南"} and (got["NM"], got["GX"]) == ("内蒙古", "广西")
    bad = refused(reg.apply(_project_cmd(project="X", province="云南市")), "invalid_command")
    assert "province" in bad["error"]["message"]
    refused(reg.apply({"op": "open_account", "account": "PV", "kind": "provincial", "name": "x", "province": "Mars",
                       "at": AT}), "invalid_command")  # fmt: skip
    ok(reg.apply({"op": "open_account", "account": "PV", "kind": "provincial", "name": "x", "province": "Sichuan",
                  "at": AT}))  # fmt: skip
    refused(reg.apply({"op": "open_account", "account": "PV2", "kind": "provincial", "name": "y", "province": "四川省",
                       "at": AT}), "duplicate_entity")  # fmt: skip


@pytest.mark.parametrize("value", [True, "3", 1.0])
def test_integers_are_integers(reg: Registry, value: Any) -> None:
    world(reg)
    claim = {"op": "claim", "account": "S1", "quantity": value, "beneficiary": "x", "period": "2024", "at": AT}
    assert "quantity" in refused(reg.apply(claim), "invalid_command")["error"]["message"]
    refused(meter(reg, "P1", "2024-07", value, 0), "invalid_command")
    refused(reg.apply(_project_cmd(capacity_kw=value if not isinstance(value, float) else "50000")), "invalid_command")


@pytest.mark.parametrize("char", ["\x00", "\x1f", "\n", "\u202e", "\u2066"])
def test_text_refuses_control_and_bidi_override_characters(reg: Registry, char: str) -> None:
    doc = "11010519491231002X"
    cmd = {"op": "open_account", "account": "B1", "kind": "buyer", "name": f"张{char}三", "id_doc": doc, "at": AT}
    res = refused(reg.apply(cmd), "invalid_command")
    assert "name" in res["error"]["message"]
    world(reg)
    claim = {"op": "claim", "account": "S1", "quantity": 1, "beneficiary": f"x{char}", "period": "2024", "at": AT}
    refused(reg.apply(claim), "invalid_command")
    assert reg.journal(limit=100)[-1]["op"] == "issue"


def test_gec_apply_reads_a_bom_file_and_refuses_a_nul_without_a_traceback(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    lines = [{"op": "open_account", "account": "B1", "kind": "buyer", "name": "张三", "id_doc": "11010519491231002X",
              "at": AT},
             {"op": "open_account", "account": "B2", "kind": "buyer", "name": "李\u0000四", "at": AT}]  # fmt: skip
    path = tmp_path / "c.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8-sig")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    proc = run_cli("gec", "apply", str(path), "--db", db)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    results = [json.loads(x) for x in proc.stdout.splitlines()]
    assert results[0]["ok"] and results[1]["error"]["code"] == "invalid_command"


def test_meter_data_above_capacity_round_the_clock_is_refused(reg: Registry) -> None:
    seller(reg)
    project(reg)  # 50 MW: 50,000 kW × 744 h = 37,200,000 kWh in August
    refused(meter(reg, "P1", "2024-08", 10**15, 0), "implausible_meter")
    refused(meter(reg, "P1", "2024-08", 37_000_000, 200_001), "implausible_meter")
    ok(meter(reg, "P1", "2024-08", 37_000_000, 200_000))


def test_a_batch_is_checked_as_a_set_and_names_every_bad_row(reg: Registry) -> None:
    seller(reg)
    for name in ("P1", "P2", "P3"):
        project(reg, name)
    rows = [("P1", 1000, 0), ("P2", 10**15, 0), ("P3", 40_000_000, 0)]
    res = refused(reg.import_meter("2024-08", rows), "implausible_meter")
    assert "row 2 P2" in res["error"]["message"] and "row 3 P3" in res["error"]["message"]
    inline = {"op": "meter_batch", "month": "2024-08", "rows": [{"project": p, "grid_kwh": g} for p, g, _ in rows],
              "at": AT}  # fmt: skip
    refused(reg.apply(inline), "implausible_meter")
    bad = refused(reg.import_meter("2024-08", [("P1", -1, 0), ("P2", 5, 0), ("", 1, 0)]), "invalid_command")
    assert "row 1" in bad["error"]["message"] and "row 3" in bad["error"]["message"]


def test_issuance_that_would_pass_the_largest_serial_is_refused(reg: Registry) -> None:
    seller(reg)
    project(reg)
    with reg.engine.begin() as conn:
        conn.execute(sa.update(t.meta).where(t.meta.c.id == 1).values(next_serial=10**12 - 1))
    ok(meter(reg, "P1", "2024-08", 2000, 0))
    refused(reg.apply({"op": "issue", "month": "2024-08", "at": AT}), "serial_space_exhausted")
    ok(meter(reg, "P1", "2024-08", 1000, 0))
    issue(reg, "2024-08")
    code = reg.holdings("S1")[0]["first_code"]
    assert code.startswith("GEC999999999999")
    assert reg.verify(code, as_of=AT[:10])["status"] == "live"


def test_a_carry_moves_to_later_months_never_to_an_earlier_one(reg: Registry) -> None:
    seller(reg)
    project(reg)
    ok(meter(reg, "P1", "2024-08", 1500, 0))
    issue(reg, "2024-08")  # 1 certificate, 500 kWh carried from 2024-08
    ok(meter(reg, "P1", "2023-06", 2500, 0))  # late data of an earlier month
    assert issue(reg, "2023-06")["issued"] == 2  # its own 2,500 kWh: 2 certificates, not 3
    later = "2024-10-10T10:00:00+08:00"
    ok(meter(reg, "P1", "2024-09", 1, 0, at=later))
    assert issue(reg, "2024-09", at=later)["issued"] == 1  # 500 + 500 + 1 kWh carried forward
    by_month: dict[str, int] = {}
    for h in reg.holdings("S1"):
        by_month[h["month"]] = by_month.get(h["month"], 0) + h["count"]
    assert by_month == {"2023-06": 2, "2024-08": 1, "2024-09": 1}


def test_no_issuance_for_a_project_whose_owner_account_is_closed(reg: Registry) -> None:
    seller(reg)
    seller(reg, "S2", SELLER2_DOC)
    project(reg)
    project(reg, "P2", owner="S2")
    ok(meter(reg, "P1", "2024-08", 3000, 0))
    ok(meter(reg, "P2", "2024-08", 5000, 0))
    ok(reg.apply({"op": "close_account", "account": "S2", "at": AT}))
    res = issue(reg, "2024-08")
    assert (res["issued"], res["owner_closed"]) == (3, ["P2"])
    fix = {"op": "correct", "project": "P2", "month": "2024-08", "grid_kwh": 6000, "self_kwh": 0, "reason": "x"}
    refused(reg.apply({**fix, "at": AT}), "owner_closed")  # only that project would be issued


def test_a_claim_takes_certificates_produced_in_its_period(reg: Registry) -> None:
    world(reg)  # 2,346 certificates of 2024-08
    claim = {"op": "claim", "account": "S1", "quantity": 10, "beneficiary": "x", "at": AT}
    for period in ("2024", "2024-08", "2024-03/2024-08", "2023/2024", "2024-08/2025"):
        ok(reg.apply({**claim, "period": period}))
    refused(reg.apply({**claim, "period": "2023"}), "period_not_covered")
    refused(reg.apply({**claim, "period": "2024-09/2024-12"}), "period_not_covered")
    refused(reg.apply({**claim, "period": "2024", "month": "2023-05"}), "period_mismatch")
    refused(reg.apply({**claim, "period": "2024", "quantity": 10**6}), "insufficient_quantity")
    for bad in ("本年度", "2024-13", "2025/2024", "2024/2025/2026"):
        refused(reg.apply({**claim, "period": bad}), "invalid_command")
