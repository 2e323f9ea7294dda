"""The contract through the `policyhub renewal` command (the program's entry point): check, sectors, exit 2."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from cli_runner import Ran, run_cli

REGISTER = (
    "asset,name,commissioned,capacity,unit,design_life_years\n"
    "A1,常减压蒸馏装置,2001-05-01,,,30\n"
    "A2,电石炉,2018-03-01,20,MVA,25\n"
    "A3,电石炉,2018-03-01,30000,kVA,25\n"
    "A4,三相异步电动机,2020-01-01,,,15\n"
)


def _run(*args: str) -> Ran:
    return run_cli("renewal", *args)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("renewal")
    (folder / "assets.csv").write_text(REGISTER, encoding="utf-8")
    (folder / "figures.json").write_text(json.dumps({"关键工序数控化率": "80%"}, ensure_ascii=False), encoding="utf-8")
    (folder / "bad.csv").write_text("asset,name,commissioned\nB1,泵,2004-13-01\n", encoding="utf-8")
    return {p.stem: p for p in folder.iterdir()}


@pytest.fixture(scope="module")
def checked(files: dict[str, Path]) -> dict[str, Any]:
    done = _run("check", str(files["assets"]), "--sector", "石化化工", "--as-of", "2026-12-02",
                "--figures", str(files["figures"]), "--format", "json")  # fmt: skip
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_check_json_has_the_contract_fields(checked: dict[str, Any]) -> None:
    assert (checked["sector"], checked["as_of"]) == ("石化化工", "2026-12-02")
    scope = {a["asset"]: a["in_scope"] for a in checked["assets"]}
    assert scope == {"A1": True, "A2": True, "A3": False, "A4": "undetermined"}
    a1 = checked["assets"][0]
    assert a1["triggers"][0]["citation"] == "d02.一.（一）" and "超过20年" in a1["triggers"][0]["text"]
    assert all(isinstance(a["replacements"], list) for a in checked["assets"])
    goal = next(g for g in checked["goals"] if g["indicator"] == "关键工序数控化率")
    assert (goal["target"], goal["year"], goal["citation"], goal["result"]) == ("85%", 2027, "d02.一.（一）", "gap")
    assert {g["result"] for g in checked["goals"] if g is not goal} == {"unknown"}


def test_sector_with_or_without_its_suffix_gives_the_same_result(
    files: dict[str, Path], checked: dict[str, Any]
) -> None:
    done = _run("check", str(files["assets"]), "--sector", "石化化工行业", "--as-of", "2026-12-02",
                "--figures", str(files["figures"]), "--format", "json")  # fmt: skip
    assert json.loads(done.stdout) == checked


def test_without_figures_every_goal_is_unknown(files: dict[str, Path]) -> None:
    done = _run("check", str(files["assets"]), "--sector", "绿色节能设备", "--as-of", "2026-12-02", "--format", "json")
    goals = json.loads(done.stdout)["goals"]
    assert len(goals) == 8 and {g["result"] for g in goals} == {"unknown"}


def test_csv_and_text_formats(files: dict[str, Path]) -> None:
    done = _run("check", str(files["assets"]), "--sector", "石化化工", "--as-of", "2026-12-02", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [r["in_scope"] for r in rows] == ["true", "true", "false", "undetermined"]
    assert rows[1]["figures"] == "20 MVA = 20000 kVA"
    text = _run("check", str(files["assets"]), "--sector", "石化化工", "--as-of", "2026-12-02").stdout
    assert "在范围内 in scope 2" in text and "待定 undetermined" in text


def test_an_xlsx_register_through_the_cli(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in [["资产编号", "设备名称", "投产日期", "设计使用年限"], ["C1", "冷却塔", datetime(2014, 5, 1), 20]]:
        sheet.append(row)
    book.save(tmp_path / "台账.xlsx")
    register = str(tmp_path / "台账.xlsx")
    done = _run("check", register, "--sector", "电子组装", "--as-of", "2026-12-02", "--format", "json")
    (asset,) = json.loads(done.stdout)["assets"]
    assert asset["in_scope"] is True and asset["triggers"][0]["id"] == "绿色节能设备-4"


def test_sectors_lists_the_31(files: dict[str, Path]) -> None:
    listed = json.loads(_run("sectors", "--format", "json").stdout)
    assert len(listed) == 31 and listed[0]["name"] == "石化化工行业" and listed[-1]["name"] == "安全应急装备"
    assert [s["group"] for s in listed].count("重点领域") == 4


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "BAD", "--sector", "石化化工"], "第2行 row 2，commissioned 列"),
        (["check", "ASSETS", "--sector", "航天"], "航天"),
        (["check", "ASSETS", "--sector", "石化化工", "--as-of", "2026-13-01"], "--as-of"),
        (["check", "missing.csv", "--sector", "石化化工"], "no such file"),
    ],
)
def test_bad_input_is_one_error_line_and_exit_2(files: dict[str, Path], args: list[str], needle: str) -> None:
    args = [str(files["bad"]) if a == "BAD" else str(files["assets"]) if a == "ASSETS" else a for a in args]
    done = _run(*args)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and done.stderr.count("\n") == 1 and needle in done.stderr
    assert "Traceback" not in done.stderr
