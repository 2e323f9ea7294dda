"""Issue 13: "：value" indicators read by the printed name, a neighbouring （不含） tier, a judged case or a class."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyhub.firstset.catalog import Indicator, load
from policyhub.firstset.check import check, evaluate
from policyhub.firstset.reading import READINGS
from policyhub.firstset.values import read_value

CAT = load()


def colon_indicators() -> dict[tuple[str, str], Indicator]:
    """Every "name：X" indicator once per entry and printed text (tiers repeating one text count once)."""
    out: dict[tuple[str, str], Indicator] = {}
    for entry, _, ind in CAT.all_indicators():
        if ind.requirement.reading:
            out.setdefault((entry.code, ind.text), ind)
    return out


def rows(code: str, params: dict[str, Any], tier: int = 0) -> dict[str, dict[str, Any]]:
    return {i["name"]: i for i in check(CAT, code, params)["tiers"][tier]["indicators"]}


def test_all_77_colon_value_indicators_are_classified() -> None:
    # issue 13: "firstset, `：value` indicators (77 of them, read as 'equal to')"
    found = colon_indicators()
    assert len(found) == 77
    counts = Counter(ind.requirement.reading for ind in found.values())
    assert counts == {"nominal": 35, "ambiguous": 31, "at_least": 7, "at_most": 3, "tier_bound": 1}
    assert set(counts) <= set(READINGS)
    assert all(ind.requirement.basis for ind in found.values())  # every reading says why


def test_the_printed_name_decides_at_least_and_at_most() -> None:
    readings = {k: i.requirement for k, i in colon_indicators().items()}
    assert (readings["1.2.1", "最大铸造面积：2250cm²（40MPa）"].op, readings["7.1.1", "最高运营速度：400km/h"].op) == (
        ">=",
        ">=",
    )
    assert readings["14.1.3", "最大跟踪测量半径：80m"].op == ">="
    assert readings["1.9.10", "位置输出最高分辨率:28位"].op == ">="
    assert {readings[c, "最低工作温度:-196℃"].op for c in ("5.2.2", "5.2.3", "5.2.4")} == {"<="}


def test_largest_casting_area_is_a_minimum_2500_cm2_meets_it(seed_text: str) -> None:
    # seed 1.2.1: "最大铸造面积： 2250cm^2 （40MPa）" — a 2500 cm² machine was reported "missed 250 cm² (11.1%)"
    assert "最大铸造面积： 2250cm^2 （40MPa）" in seed_text
    row = rows("1.2.1", {"最大铸造面积": "2500cm²"})["最大铸造面积"]
    assert (row["pass"], row["verdict"], row["gap"]) == (True, "met", None)
    small = rows("1.2.1", {"最大铸造面积": "2000 cm2"})["最大铸造面积"]
    assert small["pass"] is False and small["gap"]["value"] == pytest.approx(250)


def test_lowest_working_temperature_minus_200_meets_minus_196(seed_text: str) -> None:
    # seed 5.2.4: "最低工作温度: -196°C" — a compressor rated to −200 ℃ was reported "missed 4 ℃"
    assert "5.2.4\t液化天然气接收站卧式闪蒸气压缩机" in seed_text and "最低工作温度: -196°C" in seed_text
    assert rows("5.2.4", {"最低工作温度": "-200℃"})["最低工作温度"]["pass"] is True
    assert rows("5.2.4", {"最低工作温度": "-196 °C"})["最低工作温度"]["pass"] is True
    assert rows("5.2.4", {"最低工作温度": "-190℃"})["最低工作温度"]["pass"] is False


SPEC_114 = {"直线轴定位精度": "5μm", "直线轴重复定位精度": "2.5μm", "回转轴定位精度": '5"', "回转轴重复定位精度": '2"'}


def test_first_tier_beside_an_excluded_end_is_bounded_by_it(seed_text: str) -> None:
    # seed 1.1.4: "最大加工直径：630mm；…" and the next row "最大加工直径：630（不含）~1100mm": tier 1 is ≤ 630 mm
    assert "1.1.4\t五轴联动铣车复合加工中心\t最大加工直径：630mm" in seed_text
    req = CAT.tiers("1.1.4")[0].indicators[0].requirement
    assert (req.op, req.value, req.reading) == ("<=", 630, "tier_bound")
    res = check(CAT, "1.1.4", {**SPEC_114, "最大加工直径": "600mm"})
    assert res["qualifies"] is True and res["verdict"] == "qualifies" and res["tiers"][0]["pass"] is True
    assert check(CAT, "1.1.4", {**SPEC_114, "最大加工直径": "630mm"})["tiers"][0]["pass"] is True
    bigger = check(CAT, "1.1.4", {**SPEC_114, "最大加工直径": "700mm"})
    assert bigger["tiers"][0]["pass"] is False and bigger["tiers"][1]["pass"] is True  # the 630（不含）~1100 tier


def test_high_clearance_sprayer_needs_at_least_its_lowest_clearance(seed_text: str) -> None:
    # seed 10.4.1 "高地隙自走式大型喷杆喷雾机 旱田：… 最低离地间隙：1350mm": 高地隙 — clearance must reach 1350 mm
    assert "10.4.1\t高地隙自走式大型喷杆喷雾机" in seed_text
    assert rows("10.4.1", {"最低离地间隙": "1400mm"})["最低离地间隙"]["pass"] is True
    assert rows("10.4.1", {"最低离地间隙": "1200mm"})["最低离地间隙"]["pass"] is False


def test_an_undecided_figure_is_ambiguous_with_the_reason_never_missed(seed_text: str) -> None:
    # seed 8.4.13 主液货泵 "扬程: 165m": no ≥ or ≤ — 170 m cannot be called missed
    assert "扬程: 165m" in seed_text
    params = {"流量": "1900m³/h", "扬程": "170m", "振动": "3mm/s", "泵效率": "85%", "汽蚀余量/泵停": True}
    res = check(CAT, "8.4.13", params, strict=False)
    row = {i["name"]: i for i in res["tiers"][0]["indicators"]}["扬程"]
    assert (row["pass"], row["verdict"]) == (None, "ambiguous")
    assert "165m" in row["note"] and "≥" in row["note"]
    assert rows("8.4.13", {"扬程": "165 m"})["扬程"]["pass"] is True  # equal: met whatever the reading


AMBIGUOUS = [i for i in colon_indicators().values() if i.requirement.reading == "ambiguous"]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(AMBIGUOUS), st.floats(0.01, 10).filter(lambda f: abs(f - 1) > 1e-6))
def test_no_ambiguous_indicator_is_ever_missed(ind: Indicator, factor: float) -> None:
    req = ind.requirement
    assert req.value is not None
    out = evaluate(ind, read_value(f"{req.value * factor}{req.unit or ''}"), {})
    assert (out.ok, out.verdict) == (None, "ambiguous") and out.note
    assert evaluate(ind, read_value(f"{req.value}{req.unit or ''}"), {}).ok is True


def test_a_size_class_is_equal_as_printed() -> None:
    # seed 2.1.1 "晶圆直径:300mm", 8.4.2.1's bore classes "缸径：210mm" … : a 200 mm tool is another product
    assert rows("2.1.1", {"晶圆直径": "200mm"})["晶圆直径"]["pass"] is False
    assert rows("8.4.2.1", {"缸径": "210mm"}, 1)["缸径"]["pass"] is True
    assert rows("2.1.1", {"晶圆直径": "200~300mm"})["晶圆直径"]["pass"] is True  # a tool taking both sizes


def test_xe7000_bucket_range_is_compared_as_a_range_and_says_which_end_decided(seed_text: str) -> None:
    # seed 11.3.1 "超大型液压挖掘机 斗容 ≥40m³；整机工作重量 ≥700t"; XCMG XE7000 buckets 34~43 m³
    assert "11.3.1\t超大型液压挖掘机\t斗容 $\\geq 40\\text{m}^3$" in seed_text
    res = check(CAT, "11.3.1", {"斗容": "34~43 m³", "整机工作重量": "700t"})
    row = {i["name"]: i for i in res["tiers"][0]["indicators"]}["斗容"]
    assert res["qualifies"] is True and row["pass"] is True
    assert row["decided_by"] == {"end": "high", "value": 43, "unit": "m³"}
    assert "34" in row["note"]  # the low end that does not reach 40 m³ is named
    small = rows("11.3.1", {"斗容": "30~38 m³"})["斗容"]
    assert small["pass"] is False and small["decided_by"]["value"] == 38 and small["gap"]["value"] == pytest.approx(2)


def test_a_range_against_an_at_most_limit_is_decided_by_its_low_end() -> None:
    # seed 1.1.2 "直线轴定位精度≤2μm"
    row = rows("1.1.2", {"直线轴定位精度": "1.5~2.5μm"})["直线轴定位精度"]
    assert row["pass"] is True and row["decided_by"]["end"] == "low"


def test_match_lists_ambiguous_indicators_apart_from_missing_ones() -> None:
    from policyhub.firstset.check import match

    hit = next(r for r in match(CAT, {"扬程": "170m"}) if r["entry"] == "8.4.13")
    assert hit["ambiguous"] == ["扬程"] and "扬程" not in hit["missing"]


def test_the_docs_reading_table_states_the_catalogs_counts() -> None:
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "firstset.md").read_text(encoding="utf-8")
    stated: Counter[str] = Counter()
    for reading, count in re.findall(r"^\| `(\w+)`(?: \([a-z ]+\))? \| (\d+) \|", doc, re.M):
        stated[reading] += int(count)
    assert stated == Counter(i.requirement.reading for i in colon_indicators().values())
    assert "77 indicators" in doc


def test_the_text_report_marks_an_ambiguous_figure_and_says_why(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from policyhub.firstset.cli import app

    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"entry": "8.4.13", "params": {"扬程": "170m"}}), encoding="utf-8")
    out = CliRunner().invoke(app, ["check", str(spec)]).stdout
    assert "原文未定 ambiguous" in out and "165m" in out and "未达到 missed" not in out
