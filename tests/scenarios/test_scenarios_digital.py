"""The digital result page and `digital plan` show the typical scenarios each business scenario's next level is."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

from fastapi.testclient import TestClient

from cli_runner import run_cli
from policyhub.scenarios.catalog import PLAN_HEAD, plan_lines, typical_for
from policyhub.web.app import create_app

ANSWERS = {"1": [1, 2], "2": 1, "3": 2, "4": [1, 2, 3], "5": 2, "6": [1, 2], "7": [1], "8": 1, "9": [1, 2],
           "10": [2], "11": 1, "12": 2, "13": 2, "14": 1, "15": 1}  # fmt: skip


def test_typical_for_lists_every_digital_scenario_in_order_with_its_level() -> None:
    rows = typical_for({"生产管控": 2})
    assert len(rows) == 16 and rows[5]["digital"] == "生产管控" and rows[5]["level"] == 2
    assert [s["no"] for s in rows[5]["scenarios"]] == [9, 10, 11, 12, 13]


def test_plan_lines_name_the_typical_scenarios_of_each_planned_scenario() -> None:
    lines = plan_lines({"steps": [{"kind": "scenario", "scenario": "设备管理", "level": 2}, {"kind": "answer"}]})
    assert lines[0] == PLAN_HEAD and "16. 设备运行监控（d03.七.16）" in lines[1] and len(lines) == 2
    assert plan_lines({"steps": []}) == []


def test_digital_plan_text_ends_with_the_typical_scenarios(tmp_path: Path) -> None:
    f = tmp_path / "firm.json"
    firm = {"answers": ANSWERS, "scenarios": {"产品设计": [1, 2], "生产管控": [1, 2]}}
    f.write_text(json.dumps(firm), encoding="utf-8")
    out = run_cli("digital", "plan", str(f), "--target", "1", check=True).stdout
    assert PLAN_HEAD in out and "→ 典型场景" in out


def test_the_digital_result_page_shows_what_the_next_level_looks_like(tmp_path: Path) -> None:
    items = [("firm", "某厂"), ("s_生产管控", "1"), ("s_生产管控", "2")]
    items += [(f"q{k}", str(x)) for k, v in ANSWERS.items() for x in (v if isinstance(v, list) else [v])]
    with TestClient(create_app(f"sqlite:///{tmp_path / 'd.sqlite'}")) as client:
        res = client.post("/digital", content=urllib.parse.urlencode(items),
                          headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert res.status_code == 200
    assert 'id="typical"' in res.text and "生产管控（2 级）" in res.text and 'href="/scenarios/13"' in res.text
