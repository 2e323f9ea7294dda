"""The 16↔40 mapping is data with its reasoning, quoting both texts, and reads the same in both directions."""

from __future__ import annotations

import json
import re

import pytest

from cli_runner import run_cli
from policyhub.errors import NotFound
from policyhub.scenarios import catalog

DIGITAL = json.loads(catalog.DIGITAL.read_text(encoding="utf-8"))["scenarios"]


def test_the_digital_names_are_the_assessments_sixteen() -> None:
    assert len(catalog.digital_names()) == 16 and catalog.digital_names()[5] == "生产管控"


def test_fourteen_digital_scenarios_have_counterparts_and_two_have_none() -> None:
    empty = [n for n in catalog.digital_names() if not catalog.for_digital(n)["scenarios"]]
    assert empty == ["财务管理", "协同办公"]


def test_digital_to_typical_examples() -> None:
    def nos(name: str) -> list[int]:
        return [s["no"] for s in catalog.for_digital(name)["scenarios"]]

    assert nos("生产管控") == [9, 10, 11, 12, 13]
    assert nos("产品设计") == [3, 4, 34]
    assert nos("设备管理") == [16, 17]
    assert nos("能耗管理") == [22, 23]


def test_typical_to_digital_is_the_same_mapping_read_backwards() -> None:
    for name in catalog.digital_names():
        for s in catalog.for_digital(name)["scenarios"]:
            assert name in [d["digital"] for d in catalog.get(s["no"])["digital"]]
    assert [d["digital"] for d in catalog.get(17)["digital"]] == ["设备管理"]
    assert catalog.get(24)["digital"] == []  # 污染在线管控: the assessment has no environmental scenario


def test_every_quotation_in_a_reason_is_in_the_digital_levels_or_the_scenario_text() -> None:
    levels = {s["name"]: "".join(s["levels"]) for s in DIGITAL}
    for name in catalog.digital_names():
        for s in catalog.for_digital(name)["scenarios"]:
            for quote in re.findall(r"“([^”]+)”", s["reason"]):
                for piece in quote.split("……"):
                    assert piece in levels[name] or piece in s["text"] or piece == name, (name, s["no"], piece)


def test_an_unknown_digital_scenario_is_refused_with_the_list() -> None:
    with pytest.raises(NotFound) as err:
        catalog.for_digital("生产")
    assert "生产管控" in err.value.message


def test_cli_list_and_for_follow_the_contract() -> None:
    out = json.loads(run_cli("scenarios", "list", "--format", "json", check=True).stdout)
    assert len(out["scenarios"]) == 40 and len({s["link"] for s in out["scenarios"]}) == 15
    first = out["scenarios"][0]
    assert (first["no"], first["link"], first["title"]) == (1, "工厂建设", "工厂数字化设计与交付")
    got = json.loads(run_cli("scenarios", "for", "生产管控", "--format", "json", check=True).stdout)
    assert [s["no"] for s in got["scenarios"]] == [9, 10, 11, 12, 13] and got["scenarios"][0]["text"]
    bad = run_cli("scenarios", "for", "无此场景")
    assert bad.returncode == 2 and bad.stderr.startswith("error: ")


def test_search_finds_every_word() -> None:
    assert [s["no"] for s in catalog.search("预测性维护")] == [17, 26]
