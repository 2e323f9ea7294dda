"""The contract commands through the real `policyhub` script: JSON shape, text report, bad input → exit 2."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from digital_helpers import answers_with_full, firm, scenarios_at, zero_answers
from typer.testing import CliRunner

from cli_runner import Ran, run_cli
from policyhub.cli import main
from policyhub.digital.cli import app


def run(*args: str) -> Ran:
    """Through the program's entry point, so exit codes are what a user sees (main() maps InputError to 2)."""
    return run_cli("digital", *args)


class Result:
    def __init__(self, returncode: int, stdout: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, ""


def via_main(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """In-process through policyhub.cli.main: the same InputError → stderr + exit 2 path as the script."""
    monkeypatch.setattr(sys, "argv", ["policyhub", "digital", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    result = Result(code, out)
    result.stderr = err
    return result


def call(*args: str) -> Result:
    """In-process (fast) for the commands that succeed."""
    result = CliRunner().invoke(app, list(args))
    return Result(result.exit_code, result.stdout)


def write(tmp_path: Path, data: Any, name: str = "firm.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_assess_json_has_the_contract_fields(tmp_path: Path) -> None:
    data = firm(answers_with_full(4, 5) | {"1": [1, 2], "2": 3}, scenarios_at(1, 3, 3))
    result = call("assess", write(tmp_path, data), "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["score"] == 28.5  # Q4 10 + Q5 10 + Q1 50 × 8 % + Q2 75 × 6 %
    assert out["level"] == 1 and out["level_name"] == "一级（初始级）"
    assert out["dimension_scores"] == {"数字化基础": 28.5, "数字化管理": 0.0, "数字化成效": 0.0}
    assert out["scenario_levels"]["产品设计"] == 1 and out["scenario_levels"]["设备管理"] == 0
    assert len(out["next_steps"]) == 3


def test_assess_text_report_shows_level_dimensions_scenarios_and_three_next_steps(tmp_path: Path) -> None:
    data = firm(answers_with_full(4, 5), scenarios_at(1, 3, 3))
    result = call("assess", write(tmp_path, data))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for text in (
        "一级（初始级）",
        "20.00",
        "数字化基础",
        "数字化管理",
        "数字化成效",
        "产品设计*",
        "决策支持",
        "最省力的 3 项改进",
    ):
        assert text in out
    tail = out.split("最省力的 3 项改进")[1].splitlines()
    numbered = [line[:4] for line in tail if line.startswith(("│ 1 ", "│ 2 ", "│ 3 ", "│ 4 "))]
    assert numbered == ["│ 1 ", "│ 2 ", "│ 3 "]


BAD = [
    ({"answers": zero_answers() | {"16": 1}}, "unknown question '16'"),
    (firm(scenarios={"火箭设计": [1]}), "unknown scenario '火箭设计'"),
    (
        {"answers": zero_answers() | {"5": 7}},
        "Q5（企业使用本地或云化部署的信息化服务, 实现业务的数字化管理情况）：选项序号 7 超出范围",
    ),
    (
        {"answers": zero_answers() | {"4": [1, 15]}},
        "Q4（企业实现数据自动采集的业务环节覆盖范围）：选项序号 15 超出范围 out of range（0–14）",
    ),
    (
        {"answers": zero_answers() | {"6": [0, 2]}},
        "Q6（企业在保障网络安全方面采取的举措）：“无”（0）不能与其他选项同时选择",
    ),
    (
        {"answers": {k: v for k, v in zero_answers().items() if k != "9"}},
        "未作答 missing answer：Q9（企业数字化管理制度的建立情况）",
    ),
    (
        {"answers": zero_answers() | {"2": {"devices": -3, "digital_devices": 0}}},
        "Q2（企业的生产设备数字化率）：生产设备数量（台） devices 应为不小于 0 的整数",
    ),
    (
        {"answers": zero_answers() | {"2": {"devices": 3, "digital_devices": 4}}},
        "Q2（企业的生产设备数字化率）：实现数字化的生产设备数量（台） digital_devices（4）"
        "大于 生产设备数量（台） devices（3）",
    ),
    (
        {"answers": zero_answers() | {"3": {"devices": 3, "networked_devices": 4}}},
        "Q3（企业的生产设备联网率）：实现联网的生产设备数量（台） networked_devices（4）"
        "大于 生产设备数量（台） devices（3）",
    ),
    ({"answers": zero_answers() | {"1": 2}}, "Q1（企业网络建设连接情况）：本题为多选"),
    (firm(scenarios={"产品设计": [5]}), "业务场景 产品设计：应为已达到等级的列表（1–4）"),
    ({"scenarios": {}}, '应为含 "answers"'),
]


@pytest.mark.parametrize(("data", "message"), BAD)
def test_bad_input_exits_2_with_a_message_naming_the_problem(
    tmp_path: Path, data: Any, message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = via_main(capsys, monkeypatch, "assess", write(tmp_path, data), "--format", "json")
    assert result.returncode == 2
    assert result.stdout == ""
    err = " ".join(result.stderr.split())  # rich may wrap the message
    assert "error:" in err
    assert " ".join(message.split()) in err, err
    assert "Traceback" not in result.stderr


def test_missing_file_and_invalid_json_exit_2(tmp_path: Path) -> None:
    assert run("assess", str(tmp_path / "nope.json")).returncode == 2
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = run("assess", str(bad))
    assert result.returncode == 2 and "not valid JSON" in result.stderr


def test_energy_json_reproduces_the_seed_example(tmp_path: Path) -> None:
    result = call("energy", write(tmp_path, {"电力": 310, "高炉煤气": 1.5}), "--format", "json")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["total_tce"] == 382.919 and out["total_tce_exact"] == "382.919"
    assert [(i["name"], i["unit"], i["tce"]) for i in out["items"]] == [
        ("电力", "万千瓦时", 380.99),
        ("高炉煤气", "万立方米", 1.929),
    ]


def test_energy_text_lists_each_line_and_total(tmp_path: Path) -> None:
    result = call("energy", write(tmp_path, {"电力": 310, "高炉煤气": 1.5}))
    assert result.returncode == 0
    assert "380.99" in result.stdout and "1.929" in result.stdout and "382.919" in result.stdout


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"核能": 1}, "未知能源品种 '核能'"),
        ({"电力": -1}, "数量不能为负"),
        ({"电力": "x"}, "应为数值"),
        ([], "能源消费量 energy：应为对象"),
    ],
)
def test_energy_bad_input_exits_2(
    tmp_path: Path, data: Any, message: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = via_main(capsys, monkeypatch, "energy", write(tmp_path, data))
    assert result.returncode == 2 and message in " ".join(result.stderr.split())


def test_plan_json_reaches_the_target(tmp_path: Path) -> None:
    result = call(
        "plan",
        write(tmp_path, firm(answers_with_full(4, 5), scenarios_at(1, 3, 3))),
        "--target",
        "2",
        "--format",
        "json",
    )
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["target"] == 2 and out["reached"] and out["after"]["level"] == 2
    assert out["changes"] == len(out["steps"]) > 0
    assert all(s["text"] for s in out["steps"])


@pytest.mark.parametrize("target", ["0", "5"])
def test_plan_rejects_a_target_outside_1_to_4(
    tmp_path: Path, target: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    result = via_main(capsys, monkeypatch, "plan", write(tmp_path, firm()), "--target", target)
    assert result.returncode == 2 and "target level must be 1–4" in result.stderr


def test_plan_text_names_the_changes(tmp_path: Path) -> None:
    result = call("plan", write(tmp_path, firm(answers_with_full(4, 5), scenarios_at(1, 3, 3))), "--target", "2")
    assert result.returncode == 0
    assert "的改进方案" in result.stdout and "二级（规范级）" in result.stdout


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"answers": zero_answers() | {"2": {"devices": 3, "digital_devices": 4}}}, "digital_devices（4）大于"),
        ({"answers": zero_answers() | {"7": [2, 0]}}, "Q7（企业在保障数据安全方面采取的举措）"),
    ],
)
def test_the_installed_script_exits_2_without_traceback(tmp_path: Path, data: Any, message: str) -> None:
    result = run("assess", write(tmp_path, data))
    assert result.returncode == 2 and result.stdout == ""
    assert message in " ".join(result.stderr.split()) and "Traceback" not in result.stderr


def test_questions_command_prints_the_questionnaire() -> None:
    result = call("questions", "--format", "json")
    assert result.returncode == 0
    out = json.loads(result.stdout)
    assert [q["number"] for q in out["questions"]] == list(range(1, 16))
    assert out["questions"][6]["type"] == "多选"  # Q7: type cell missing in the seed, read as 多选 (docs)
    text = call("questions").stdout
    assert "企业网络建设连接情况" in text and "产品设计*" in text


def test_the_worked_example_in_the_docs_gives_what_the_docs_say(tmp_path: Path) -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "digital.md"
    example = docs.read_text(encoding="utf-8").split("```json\n", 1)[1].split("```", 1)[0]
    path = write(tmp_path, json.loads(example))
    out = json.loads(call("assess", path, "--format", "json").stdout)
    assert (out["score"], out["score_exact"], out["level"]) == (52.32, "1465/28", 1)
    assert out["dimension_scores"] == {"数字化基础": 21.07, "数字化管理": 11.25, "数字化成效": 20.0}
    assert out["scenario_levels"]["人力资源"] == 0
    plan = json.loads(call("plan", path, "--target", "2", "--format", "json").stdout)
    assert plan["changes"] == 1 and plan["steps"][0]["subject"] == "质量管理" and plan["after"]["level"] == 2
