"""Batch mode: a directory of JSON files or one CSV; distribution, weakest indicators, percentiles."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
from digital_helpers import N_OPTIONS, answers_with_full, firm, scenarios_at, zero_answers
from typer.testing import CliRunner

from cli_runner import run_cli
from policyhub.digital.batch import assess_many, percentile_ranks
from policyhub.digital.catalog import load_catalog
from policyhub.digital.cli import app
from policyhub.digital.csvio import rows_from_csv
from policyhub.errors import InputError

CAT = load_catalog()


def test_percentile_rank_counts_lower_scores_and_half_the_ties() -> None:
    ranks = percentile_ranks([Fraction(10), Fraction(20), Fraction(20), Fraction(40)])
    assert ranks == [Fraction(25, 2), Fraction(50), Fraction(50), Fraction(175, 2)]
    assert percentile_ranks([Fraction(7)]) == [Fraction(50)]


def test_assess_many_counts_levels_and_finds_the_weakest_questions() -> None:
    entries = [
        ("a", firm(answers_with_full(4, 5), scenarios_at(1, 3, 3))),
        ("b", firm(answers_with_full(*N_OPTIONS), scenarios_at(4, 10, 6))),
        ("c", firm()),
        ("bad", {"answers": {"1": [0]}}),
    ]
    result = assess_many(entries, CAT)
    assert [f.name for f in result.firms] == ["a", "b", "c"]
    assert result.distribution == {0: 1, 1: 1, 2: 0, 3: 0, 4: 1}
    assert result.errors[0][0] == "bad" and "未作答 missing answer：Q2（企业的生产设备数字化率）" in result.errors[0][1]
    # Q4 and Q5 are 100 for a and b: they are the strongest; a question only b answered is among the weakest
    weakest = [q for q, _ in result.weakest_questions]
    assert weakest.index(4) > weakest.index(1) and weakest[-2:] in ([4, 5], [5, 4])
    assert [f.percentile for f in result.firms] == [Fraction(50), Fraction(500, 6), Fraction(100, 6)]


def _csv() -> str:
    header = (
        ["firm"]
        + [f"Q{q}" for q in N_OPTIONS]
        + ["Q2.devices", "Q2.digital_devices", "产品设计*", "营销管理", "生产管控", "工艺设计", "售后服务", "人力资源"]
    )
    good = [
        "甲公司",
        "1;2",
        "",
        "3",
        "1;2;3",
        "4",
        "0",
        "0",
        "2",
        "1",
        "1",
        "0",
        "0",
        "0",
        "0",
        "0",
        "40",
        "25",
        "1;2",
        "1",
        "1",
        "1",
        "1",
        "1",
    ]
    zero = [
        "乙公司",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "0",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    return "\n".join(",".join(r) for r in (header, good, zero)) + "\n"


def test_csv_rows_become_contract_json() -> None:
    rows = rows_from_csv(_csv(), CAT)
    name, data = rows[0]
    assert name == "甲公司"
    assert data["answers"]["1"] == [1, 2] and data["answers"]["3"] == 3 and data["answers"]["6"] == [0]
    assert data["answers"]["2"] == {"devices": "40", "digital_devices": "25"}
    assert data["scenarios"]["产品设计"] == [1, 2]


def test_batch_cli_on_a_csv_prints_distribution_weakest_and_percentiles(tmp_path: Path) -> None:
    path = tmp_path / "firms.csv"
    path.write_text(_csv(), encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert out["count"] == 2
    assert [f["firm"] for f in out["firms"]] == ["甲公司", "乙公司"]
    assert out["firms"][0]["percentile"] == 75.0 and out["firms"][1]["percentile"] == 25.0
    assert sum(r["firms"] for r in out["distribution"]) == 2
    assert len(out["weakest_questions"]) == 5 and "text" in out["weakest_questions"][0]


def test_batch_cli_on_a_directory_shows_a_text_summary(tmp_path: Path) -> None:
    for i in range(25):  # above the progress-bar threshold
        answers = zero_answers() | {"5": i % 5}
        (tmp_path / f"firm{i:02}.json").write_text(json.dumps(firm(answers, scenarios_at(1, 3, 3))), encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "共评测 25 家企业" in result.stdout and "等级分布" in result.stdout and "firm00" in result.stdout
    assert "最薄弱的采集项" in result.stdout


def test_batch_with_a_bad_firm_reports_it_and_exits_2(tmp_path: Path) -> None:
    (tmp_path / "ok.json").write_text(json.dumps(firm()), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    (tmp_path / "wrong.json").write_text(json.dumps({"answers": zero_answers() | {"5": 9}}), encoding="utf-8")
    result = run_cli("digital", "batch", str(tmp_path), "--format", "json")
    assert result.returncode == 2
    out = json.loads(result.stdout)
    assert out["count"] == 1
    assert {e["firm"] for e in out["errors"]} == {"broken", "wrong"}
    assert "Q5" in result.stderr and "not valid JSON" in result.stderr


def test_batch_on_an_unknown_csv_column_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("firm,Q1,colour\na,0,red\n", encoding="utf-8")
    result = run_cli("digital", "batch", str(path))
    assert result.returncode == 2 and "CSV 列 'colour' 无法识别" in result.stderr


def test_batch_reads_a_gb18030_csv_from_excel(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(_csv().encode("gb18030"))
    result = CliRunner().invoke(app, ["batch", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["firms"][0]["firm"] == "甲公司"


def test_malformed_csv_is_an_input_error() -> None:
    with pytest.raises(InputError, match="CSV 格式错误"):
        rows_from_csv('firm,Q1\n"a,1\n', CAT)
    with pytest.raises(InputError, match="CSV 为空"):
        rows_from_csv("", CAT)
