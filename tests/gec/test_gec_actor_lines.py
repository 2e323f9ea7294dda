"""`gec apply` lines that name their sender (issue 29): the role policy HTTP uses decides, the journal records it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gec_helpers import BUYER_DOC, SELLER_DOC, refused

from cli_runner import Ran, run_cli
from policyhub.gec.actor_lines import prepare_line
from policyhub.gec.registry import Registry

SELLER = {"op": "open_account", "account": "S1", "kind": "seller", "name": "风电公司", "id_doc": SELLER_DOC,
          "province": "河北", "gec_only_pledge": True}  # fmt: skip
BUYER = {"op": "open_account", "account": "B1", "kind": "buyer", "name": "制造企业", "id_doc": BUYER_DOC}
PROJECT = {"op": "register_project", "project": "P1", "owner": "S1", "name": "张北风电场", "type": "wind",
           "province": "河北", "capacity_kw": 50000, "commissioned": "2022-05-01"}  # fmt: skip
OWNER_DATA = {"op": "meter", "project": "P1", "month": "2024-08", "grid_kwh": 1_200_000, "self_kwh": 0,
              "source": "owner"}  # fmt: skip
REVIEW = {"op": "review_meter", "project": "P1", "month": "2024-08", "approve": True}
CLAIM = {"op": "claim", "account": "S1", "quantity": 100, "beneficiary": "某制造企业", "period": "2024-08"}
OWNER = {"role": "account_holder", "account": "S1"}
CENTRE = {"role": "info_centre"}


def _at(day: str) -> str:
    return f"2024-{day}T10:00:00+08:00"


# The dated scenario: owner-submitted data (第十六条) checked by the information centre and reviewed by the 资质中心
# (第十七条), issued and claimed; each refused line is refused by the role policy and changes nothing.
SCENARIO: list[tuple[dict[str, Any], str]] = [
    ({**SELLER, "at": _at("08-01")}, "ok"),  # the local tool: the operator
    ({**BUYER, "at": _at("08-01"), "actor": {"role": "platform", "platform": "CGEC"}}, "ok"),  # 第十条
    ({**PROJECT, "at": _at("08-02"), "actor": CENTRE}, "ok"),  # 建档立卡
    ({**OWNER_DATA, "at": _at("09-02"), "actor": {"role": "data_provider"}}, "forbidden"),  # grid data only
    ({**OWNER_DATA, "at": _at("09-02"), "actor": {"role": "account_holder", "account": "B1"}}, "forbidden"),
    ({**OWNER_DATA, "at": _at("09-02"), "actor": OWNER}, "ok"),
    ({**REVIEW, "stage": "final", "at": _at("09-03"), "actor": CENTRE}, "forbidden"),  # 初核 only
    ({**REVIEW, "stage": "initial", "at": _at("09-03"), "actor": OWNER}, "forbidden"),  # not its own data
    ({**REVIEW, "stage": "initial", "at": _at("09-03"), "actor": CENTRE}, "ok"),
    ({**REVIEW, "stage": "final", "at": _at("09-04")}, "ok"),  # 复核 by the 资质中心's local tool
    ({"op": "issue", "month": "2024-08", "at": _at("09-10"), "actor": {"role": "regulator"}}, "forbidden"),
    ({"op": "issue", "month": "2024-08", "at": _at("09-10"), "actor": {"role": "operator"}}, "ok"),
    ({**CLAIM, "at": _at("09-20"), "actor": {"role": "account_holder", "account": "B1"}}, "forbidden"),
    ({**CLAIM, "at": _at("09-20"), "actor": {"role": "platform", "platform": "CGEC"}}, "forbidden"),
    ({**CLAIM, "at": _at("09-20"), "actor": OWNER, "purpose": "产品碳足迹", "consumer_province": "河北"}, "ok"),
    ({**CLAIM, "at": _at("09-21"), "actor": {"role": "public"}}, "bad_input"),
    ({**CLAIM, "at": _at("09-21"), "actor": {"role": "firm"}}, "bad_input"),
    ({**CLAIM, "at": _at("09-21"), "actor": {"role": "account_holder"}}, "bad_input"),  # whose account?
    ({**CLAIM, "at": _at("09-21"), "actor": {"role": "platform"}}, "bad_input"),
    ({**CLAIM, "at": _at("09-21"), "actor": {**OWNER, "token": 3}}, "bad_input"),  # never poses as a token
    ({**CLAIM, "at": _at("09-21"), "actor": {"role": "account_holder", "account": "S 1"}}, "bad_input"),
    ({**CLAIM, "at": _at("09-21"), "actor": "operator"}, "bad_input"),
    ({**CLAIM, "at": _at("09-21"), "actor": None}, "bad_input"),
]


def _gec(*args: str) -> Ran:
    return run_cli("gec", *args)


def test_a_dated_scenario_plays_every_role_through_apply_and_audit_replays_it(db_url: str, tmp_path: Path) -> None:
    path = tmp_path / "scenario.jsonl"
    path.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c, _ in SCENARIO), encoding="utf-8")
    done = _gec("apply", str(path), "--db", db_url)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["error"]["code"] if not r["ok"] else "ok" for r in results] == [want for _, want in SCENARIO]
    assert "may not" in results[3]["error"]["message"]  # the role policy's own words
    assert results[9]["status"] == "approved" and results[11]["issued"] == 1200
    with Registry.open(db_url) as r:
        entries = {e["seq"]: e for e in r.journal(limit=100)}
        assert r.state()["accounts"]["S1"]["claimed"] == 100
    # Each applied line is journaled as its sender (no token: the local tool); a line without one names none.
    senders = [entries[res["entry"]]["command"].get("actor") for res in results if res["ok"]]
    assert senders == [
        None,
        {"role": "platform", "token": None, "account": None, "platform": "CGEC"},
        {"role": "info_centre", "token": None, "account": None, "platform": None},
        {"role": "account_holder", "token": None, "account": "S1", "platform": None},
        {"role": "info_centre", "token": None, "account": None, "platform": None},
        None,
        {"role": "operator", "token": None, "account": None, "platform": None},
        {"role": "account_holder", "token": None, "account": "S1", "platform": None},
    ]
    audited = _gec("audit", "--db", db_url, "--format", "json")
    assert audited.returncode == 0, audited.stdout + audited.stderr
    assert json.loads(audited.stdout)["ok"] is True


def test_without_actor_lines_the_local_tool_cannot_review_owner_data_it_sent(db_url: str) -> None:
    # Why actor lines exist: every line of the local tool is one actor, and 第十七条 keeps the reviewer apart.
    with Registry.open(db_url) as r:
        for cmd in (SELLER, PROJECT):
            assert r.apply({**cmd, "at": _at("08-01")})["ok"]
        assert r.apply({**OWNER_DATA, "at": _at("09-02")})["ok"]
        refused(r.apply({**REVIEW, "stage": "initial", "at": _at("09-03")}), "own_submission")


@pytest.mark.parametrize("line", [[], "x", 3])
def test_a_line_that_is_no_object_is_refused_as_before(sqlite_url: str, line: Any) -> None:
    with Registry.open(sqlite_url) as r:
        prepared = prepare_line(r, line)
        assert isinstance(prepared, dict) and prepared["error"]["code"] == "invalid_command"
