"""The shipped catalog against the seed: complete, rebuilt exactly by the extractor, repairs applied as judged."""

from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources

import pytest

from policyhub.firstset.catalog import load
from policyhub.firstset.extract import END, START, build


def _seed_codes(seed_text: str) -> set[str]:
    """Every code the seed prints in the catalog's table: fields, sub-fields, entries, sub-entries."""
    lines = seed_text.split("\n")
    start = next(i for i, t in enumerate(lines) if t.strip() == START)
    end = next(i for i, t in enumerate(lines) if t.strip() == END)
    codes = set()
    for line in lines[start:end]:
        if m := re.match(r"^(\d{1,2})\. \D", line):
            codes.add(m.group(1))
        codes.update(re.findall(r"(?:^|\t)(\d{1,2}(?:\.\d{1,2}){1,3})(?=[\t ]|$)", line))
    return codes


def _data(name: str) -> dict:
    return json.loads(resources.files("policyhub.firstset").joinpath(f"data/{name}").read_text(encoding="utf-8"))


def test_every_code_the_seed_prints_is_in_the_catalog_exactly_once(seed_text: str) -> None:
    raw = _data("catalog.json")
    codes = [f["code"] for f in raw["fields"]]
    codes += [s["code"] for f in raw["fields"] for s in f["subfields"]]
    codes += [e["code"] for e in raw["entries"]]
    assert [c for c, n in Counter(codes).items() if n > 1] == []
    assert set(codes) == _seed_codes(seed_text)


def test_catalog_counts_fifteen_fields_and_the_entries_the_issue_expects() -> None:
    catalog = load()
    subs = [e for e in catalog.entries.values() if e.parent]
    assert next(f["name"] for f in catalog.fields) == "高端工业母机"
    assert [f["name"] for f in catalog.fields][-1] == "重大技术装备关键配套及基础件"
    assert len(catalog.fields) == 15
    assert (len(catalog.entries) - len(subs), len(subs)) == (286, 89)


def test_subfields_without_entries_are_kept() -> None:
    catalog = load()
    empty = {s["code"] for f in catalog.fields for s in f["subfields"]} - {e.subfield for e in catalog.entries.values()}
    assert {"1.5", "3.5", "3.6", "7.3", "8.3", "9.6", "13.4", "14.2", "15.2", "15.3"} <= empty


def test_shipped_catalog_is_exactly_what_the_extractor_builds_from_seed_and_repairs(seed_text: str) -> None:
    assert build(seed_text, _data("repairs.json")) == _data("catalog.json")


def test_every_repair_names_its_seed_line_original_text_and_reason(seed_text: str) -> None:
    lines = seed_text.split("\n")
    repairs = _data("repairs.json")["repairs"]
    assert len(repairs) >= 40
    for rep in repairs:
        assert rep["original"] in lines[rep["line"] - 1]
        assert rep["why"].strip()


def test_latex_is_gone_from_printed_text_but_kept_in_raw() -> None:
    tier = load().entry("1.1.4").own[0]
    assert "\\leq" in tier.raw
    assert [i.text for i in tier.indicators][1] == "直线轴定位精度≤6μm"
    assert all("$" not in i.text and "\\" not in i.text for _, _, i in load().all_indicators())


@pytest.mark.parametrize(
    ("code", "tiers"),
    [("1.1.1", 2), ("1.1.7", 3), ("2.1.13", 4), ("3.2.1", 3), ("8.4.2.1", 6), ("8.4.2.2", 4), ("8.4.3.1", 3)],
)
def test_alternative_rows_are_tiers(code: str, tiers: int) -> None:
    assert len(load().tiers(code)) == tiers


def test_row_split_by_a_page_break_is_one_tier() -> None:
    names = [i.name for i in load().tiers("1.1.9")[0].indicators]
    assert len(load().tiers("1.1.9")) == 1
    assert names[-1] == "粗糙度"


def test_seed_exponent_lost_by_ocr_is_repaired() -> None:
    req = load().tiers("1.9.6")[0].indicators[0].requirement
    assert (req.op, req.value, req.unit) == (">=", 700000.0, "mm·r/min")


def test_sub_entries_carry_the_parents_shared_indicators() -> None:
    catalog = load()
    for code in ("3.1.1.1", "3.1.1.6"):
        names = [i.name for i in catalog.tiers(code)[0].indicators]
        assert names[0] == "机组额定功率" and "换料周期" in names
    assert catalog.tiers("3.9.2.3")[0].indicators[0].source == "3.9.2"
    assert next(i.name for i in catalog.tiers("6.3.3.2")[0].indicators) == "电芯处理能力"


def test_indicator_rows_printed_below_sub_entries_go_to_the_right_sub_entry() -> None:
    catalog = load()
    assert [i.name for i in catalog.tiers("7.5.2.1")[0].indicators] == ["满足350km/h及以上动车组运行要求"]
    assert "输入端转速" in [i.name for i in catalog.tiers("7.5.2.4")[0].indicators]
    assert "绝缘电阻" in [i.name for i in catalog.tiers("7.5.2.5")[0].indicators]
    assert "温升" in [i.name for i in catalog.tiers("7.5.3.1")[0].indicators]


def test_entry_row_with_its_own_tier_above_sub_entries_is_not_shared() -> None:
    catalog = load()
    assert catalog.entry("8.4.3").shared is None
    assert next(i.text for i in catalog.tiers("8.4.3.1")[0].indicators) == "缸径：600mm"


def test_a_second_equipment_row_under_one_code_is_a_labelled_tier() -> None:
    tiers = load().tiers("4.4.2")
    assert [t.label for t in tiers] == [None, "宽幅镁合金板带卷式轧制装备"]


def test_parent_without_indicators_of_its_own_has_no_tiers() -> None:
    assert load().tiers("1.7.2") == []
