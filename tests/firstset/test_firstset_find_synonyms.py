"""Issue 13: `firstset find` knows the trade's synonyms and reads figures in the query against entries' ranges."""

from __future__ import annotations

import json

import pytest

from cli_runner import run_cli
from policyhub.firstset import service
from policyhub.firstset.find import term


def codes(query: str) -> list[str]:
    return [r["code"] for r in service.find(query)]


def test_lng_carrier_finds_the_liquefied_natural_gas_carrier(seed_text: str) -> None:
    # seed 8.1.2 "大型液化天然气运输船"; the trade says LNG运输船
    assert "8.1.2\t大型液化天然气运输船" in seed_text
    assert codes("LNG运输船")[0] == "8.1.2"
    assert codes("lng 运输船")[0] == "8.1.2"
    assert "8.1.2" in codes("液化天然气运输船")


def test_gas_turbine_50mw_is_the_30_to_50_mw_tier(seed_text: str) -> None:
    # seed 3.2.1 燃气轮机 "额定功率 <30MW …；额定功率：30~50MW，单循环热效率 ≥26%；额定功率 >50MW …"
    assert "3.2.1\t燃气轮机\t额定功率 $< 30\\text{MW}$" in seed_text
    hits = service.find("燃气轮机 50MW")
    assert [h["code"] for h in hits] == ["3.2.1"]
    expected = {"figure": "50MW", "indicator": "额定功率", "tier": 2, "required": "额定功率：30~50MW"}
    assert hits[0]["figures"] == [expected]
    assert service.find("燃气轮机60MW")[0]["figures"][0]["tier"] == 3
    assert service.find("燃机 20MW")[0]["figures"][0]["tier"] == 1


def test_ranji_is_the_gas_turbine() -> None:
    assert codes("燃机")[0] == "3.2.1"


def test_hydraulic_press_finds_the_presses_not_the_compressors(seed_text: str) -> None:
    # seed 1.3.2 "伺服电动螺旋压机", 1.3.3 "精密冷温锻造压机"; 5.7.1 "大型空分装置用空压机" is an air compressor
    assert "1.3.2\t伺服电动螺旋压机" in seed_text and "5.7.1\t大型空分装置用空压机" in seed_text
    assert codes("液压机") == ["1.3.2", "1.3.3"]
    assert "5.7.1" not in codes("压机") and "5.3.1" not in codes("压机")
    assert codes("空压机") == ["5.7.1"]


def test_a_figure_named_with_its_indicator_is_checked_against_that_indicator() -> None:
    # seed 1.2.1 "锁模力 ≥90000kN": 9200 t-force meets it, 9000 does not (and 最大压射力 ≥3500kN does not count)
    assert service.find("锁模力 9200T")[0]["figures"][0]["indicator"] == "锁模力"
    assert service.find("锁模力 9000T")[0]["figures"] == []  # no entry meets it: the name hits, saying so


def test_figures_that_meet_nothing_keep_the_word_hits_and_say_so() -> None:
    # seed 8.1.2 "最大运输能力 ≥75000m³"
    hits = service.find("LNG运输船 50000m³")
    assert [h["code"] for h in hits] == ["8.1.2"] and hits[0]["figures"] == []


def test_a_name_like_5g_is_a_word_not_a_figure() -> None:
    assert term("5G").variants == ("5g",)
    assert service.find("5G") == [] or all("figures" not in h for h in service.find("5G"))


@pytest.mark.parametrize(("query", "first"), [("拉床", "1.1.9"), ("盾构机轴承", "11.6.2"), ("液流电池", "3.7.1")])
def test_the_documented_finds_still_work(query: str, first: str) -> None:
    assert codes(query)[0] == first


def test_find_on_the_command_line_shows_the_tier_a_figure_meets() -> None:
    command = ["firstset", "find", "燃气轮机 50MW"]
    done = run_cli(*command, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["figures"][0]["required"] == "额定功率：30~50MW"
    text = run_cli(*command)
    assert "30~50MW" in text.stdout
