"""The `policyhub rules …` contract, run as a user runs it (the entry point), including exit code 2 on bad input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import Ran, run_cli

# Every deciding fact given (issue 13: a case with facts left out is undetermined, never eligible).
RD_OK = {
    "person": {"birth_date": "1980-05-05", "sex": "male", "title_senior": True, "phd": False,
               "civil_servant": False, "guide_expert": False, "credit_blacklisted": False,
               "months_per_year": 8, "proposer": True},
    "unit": {"registered_date": "2015-03-01", "independent_legal_person": True, "state_organ": False,
             "credit_blacklisted": False},
    "applications": [{"programme": "交通基础设施", "guide": "transport", "role": "leader",
                      "submitted_on": "2024-10-10"}],
    "as_of": "2024-10-10",
}  # fmt: skip
STAMP = {
    "date": "2024-11-15",
    "restructuring": {"type": "merger", "investors_persist": True},
    "items": [
        {"id": "equity", "kind": "property_transfer", "asset": "equity", "amount": 1000000},
        {"id": "eval", "kind": "appraisal_increase", "amount": 400000},
    ],
}


def cli(*args: str) -> Ran:
    out = run_cli("rules", *args)
    out.stderr = " ".join(out.stderr.split())  # rich wraps long messages at the terminal width
    return out


def write(tmp_path: Path, data: Any, name: str = "in.json") -> str:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_negative_list_contract_json() -> None:
    out = cli("negative-list", "核电站建设经营", "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["restricted"] is True
    assert [(m["no"], m["type"]) for m in data["measures"]] == [(6, "chinese_control")]
    assert data["measures"][0]["text"] == "核电站的建设、经营须由中方控股。"


def test_negative_list_manufacturing_and_date() -> None:
    data = json.loads(cli("negative-list", "起重机制造", "--format", "json", "--date", "2024-11-01").stdout)
    assert data["restricted"] is False and data["measures"] == [] and data["in_force"] is True
    early = json.loads(cli("negative-list", "起重机制造", "--date", "2024-10-31", "--format", "json").stdout)
    assert early["in_force"] is False


def test_negative_list_text_output_reads_well() -> None:
    out = cli("negative-list", "增值电信业务")
    assert out.returncode == 0
    assert "受限" in out.stdout and "股比限制" in out.stdout and "equity_cap" not in out.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("negative-list", "核电站", "--date", "2024-13-01"),
        ("negative-list", "  "),
        ("negative-list", "x", "--format", "xml"),
    ],
)
def test_negative_list_bad_input_exits_2(args: tuple[str, ...]) -> None:
    out = cli(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stderr


def test_bad_date_message_names_the_option() -> None:
    assert "--date" in cli("negative-list", "核电站", "--date", "2024/11/01").stderr


def test_rd_eligibility_contract_json(tmp_path: Path) -> None:
    out = cli("rd-eligibility", write(tmp_path, RD_OK), "--format", "json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["eligible"] is True and data["violations"] == []


def test_rd_eligibility_lists_every_rule_broken(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(RD_OK))
    bad["person"].update({"birth_date": "1963-12-31", "civil_servant": True})
    bad["unit"]["registered_date"] = "2023-07-01"
    data = json.loads(cli("rd-eligibility", write(tmp_path, bad), "--format", "json").stdout)
    assert data["eligible"] is False
    assert {v["rule"] for v in data["violations"]} == {"leader_age", "civil_servant", "unit_registered"}
    assert all(v["citation"] and v["text"] for v in data["violations"])


def test_rd_eligibility_text_output(tmp_path: Path) -> None:
    out = cli("rd-eligibility", write(tmp_path, RD_OK))
    assert out.returncode == 0 and "符合申报条件" in out.stdout and "不符合" not in out.stdout
    assert "满足" in out.stdout and "not_met" not in out.stdout


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        ({**RD_OK, "applications": [{"programme": "x", "guide": "moon", "role": "leader"}]}, "applications.0.guide"),
        ({**RD_OK, "applications": []}, "applications"),
        ({**RD_OK, "person": {"birth_date": "1980-02-30"}}, "person.birth_date"),
        ({k: v for k, v in RD_OK.items() if k != "person"}, "person"),
        ([1, 2], "expected a JSON object"),
    ],
)
def test_rd_eligibility_bad_input_names_the_field_and_exits_2(tmp_path: Path, content: Any, needle: str) -> None:
    out = cli("rd-eligibility", write(tmp_path, content), "--format", "json")
    assert out.returncode == 2
    assert needle in out.stderr
    assert out.stdout == ""


def test_missing_and_broken_files_exit_2(tmp_path: Path) -> None:
    assert cli("rd-eligibility", str(tmp_path / "none.json")).returncode == 2
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    out = cli("stamp-duty", str(broken))
    assert out.returncode == 2 and "not valid JSON" in out.stderr


def test_stamp_duty_contract_json(tmp_path: Path) -> None:
    out = cli("stamp-duty", write(tmp_path, STAMP), "--format", "json")
    assert out.returncode == 0, out.stderr
    items = {i["id"]: i for i in json.loads(out.stdout)["items"]}
    assert items["equity"]["exempt"] is True and "三、第一款" in items["equity"]["basis"]
    assert items["eval"]["exempt"] is False and "一、（三）" in items["eval"]["basis"]
    assert items["eval"]["taxable_base"] == 400000 and items["eval"]["tax"] == 100.0


def test_stamp_duty_text_output(tmp_path: Path) -> None:
    out = cli("stamp-duty", write(tmp_path, STAMP))
    assert out.returncode == 0 and "2024年第14号" in out.stdout
    assert "资产评估增值" in out.stdout and "计税依据合计" in out.stdout and "appraisal_increase" not in out.stdout


def test_stamp_duty_bad_type_exits_2(tmp_path: Path) -> None:
    bad = {**STAMP, "restructuring": {"type": "spin-off"}}
    out = cli("stamp-duty", write(tmp_path, bad))
    assert out.returncode == 2 and "restructuring.type" in out.stderr
