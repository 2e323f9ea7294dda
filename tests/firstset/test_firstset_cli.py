"""The CLI contract through the `policyhub` program's entry point, including exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import Ran, run_cli


def run(*args: str) -> Ran:
    return run_cli("firstset", *args)


def run_json(*args: str) -> Any:
    res = run(*args, "--format", "json")
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_list_gives_every_entry_and_sub_entry_with_its_tier_count() -> None:
    rows = run_json("list")
    assert len(rows) == 375
    by_code = {r["code"]: r for r in rows}
    assert by_code["1.1.1"] == by_code["1.1.1"] | {
        "name": "重型精密立式车床",
        "field": "1",
        "subfield": "1.1",
        "tiers": 2,
    }
    assert by_code["1.7.2.1"]["name"] == "点焊机器人"


def test_show_gives_tiers_of_indicators_with_text_and_requirement() -> None:
    body = run_json("show", "1.1.3")
    assert body["code"] == "1.1.3" and body["name"] == "高精度车铣复合加工中心"
    assert len(body["tiers"]) == 2
    ind = body["tiers"][1][0]
    assert ind["text"] == "转台直径：1000（不含）~3000mm"
    assert ind["requirement"] == ind["requirement"] | {"kind": "range", "low": 1000, "low_inclusive": False}


def test_check_json_follows_the_contract(tmp_path: Path) -> None:
    spec = {"entry": "1.1.2", "params": {"直线轴定位精度": "1.8 μm", "加工工件圆度": "0.4um"}}
    body = run_json("check", write(tmp_path, spec))
    assert body["entry"] == "1.1.2" and body["qualifies"] is None
    tier = body["tiers"][0]
    assert tier["pass"] is None
    rows = {i["name"]: i for i in tier["indicators"]}
    assert rows["直线轴定位精度"] | {} == rows["直线轴定位精度"] | {"pass": True, "gap": None, "value": "1.8 μm"}
    assert rows["圆柱度"]["pass"] is None


def test_check_text_output_reads_well(tmp_path: Path) -> None:
    res = run("check", write(tmp_path, {"entry": "1.1.2", "params": {"圆柱度": "1.2μm"}}))
    assert res.returncode == 0 and "圆柱度" in res.stdout and "20%" in res.stdout


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"entry": "9.9.9", "params": {"x": 1}}, "9.9.9"),
        ({"entry": "1.1.2", "params": {"直线轴定位精度": "1.8 kg"}}, "kg"),
        ({"entry": "1.1.2", "params": {"直线轴定位精度": "fast"}}, "not a number"),
        ({"entry": "1.1.2", "params": {"主轴功率": "3 kW"}}, "直线轴重复定位精度"),
        ({"params": {}}, "entry"),
    ],
)
def test_bad_check_input_exits_2_with_a_message(tmp_path: Path, spec: Any, message: str) -> None:
    res = run("check", write(tmp_path, spec), "--format", "json")
    assert res.returncode == 2
    assert message in res.stderr and "Traceback" not in res.stderr


def test_show_unknown_code_exits_2() -> None:
    res = run("show", "1.1.99")
    assert res.returncode == 2 and "1.1.99" in res.stderr


def test_find_by_keyword_and_parameter() -> None:
    assert [r["code"] for r in run_json("find", "拉床")] == ["1.1.9"]
    assert [r["code"] for r in run_json("find", "盾构机轴承")] == ["11.6.2"]
    hits = run_json("find", "重复定位精度")
    assert {"1.1.2", "1.7.4", "1.9.5"} <= {h["code"] for h in hits}


def test_match_ranks_a_spec_against_every_entry(tmp_path: Path) -> None:
    spec = {
        "params": {
            "直线轴定位精度": "1.8 μm",
            "直线轴重复定位精度": "0.9 μm",
            "加工工件圆度": "0.4 μm",
            "圆柱度": "1μm",
        }
    }
    rows = run_json("match", write(tmp_path, spec))
    assert rows[0]["entry"] == "1.1.2" and rows[0]["qualifies"] is True and rows[0]["rank"] == 1


def test_unparsed_lists_text_indicators_with_reasons() -> None:
    body = run_json("unparsed")
    assert body["counts"]["text"] == len(body["unparsed"]) > 0
    assert all(r["reason"] for r in body["unparsed"])
    res = run("unparsed")
    assert res.returncode == 0 and "可程序核对" in res.stdout


def test_text_output_renders_for_every_kind_of_indicator() -> None:
    from typer.testing import CliRunner

    from policyhub.firstset.catalog import load
    from policyhub.firstset.cli import app

    runner = CliRunner()
    catalog = load()
    codes = {"1.7.2", "4.4.2", "3.1.1.1", "2.1.13"}  # no tiers, a labelled tier, shared only, labels
    for kind in ("compare", "range", "tolerance", "rule", "dimensions", "grade", "yes_no", "text"):
        codes.add(next(e.code for e, _, i in catalog.all_indicators() if i.requirement.kind == kind))
    for code in sorted(codes):
        res = runner.invoke(app, ["show", code])
        assert res.exit_code == 0, (code, res.output)
        assert code in res.output
    for args in (["list"], ["unparsed"], ["stats"], ["find", "轴承"]):
        assert runner.invoke(app, args).exit_code == 0


def test_check_text_output_is_chinese_first() -> None:
    res = run("stats")
    assert res.returncode == 0 and "个领域" in res.stdout and "fields" not in res.stdout
