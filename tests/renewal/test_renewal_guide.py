"""The equipment-renewal guide (工信厅规〔2024〕33号): 27 industries and 4 fields, each goal, basis, directions."""

from __future__ import annotations

import re

import pytest

from policyhub.errors import NotFound
from policyhub.renewal import service
from policyhub.renewal.guide import standards_in

GUIDE_LINES = (672, 1454)  # seed lines of the guide
# Any capital-letter prefix followed by a number: wider than the extractor's list of standard series on purpose.
ANY_CODE = re.compile(r"(?<![A-Za-z])[A-Z]+(?:/[A-Z])?(?:-[A-Z]+)*-?\s?\d[\d.]*(?:-\d+)*(?:-?[A-Z]+\d*)?")


def _industries() -> list[dict[str, object]]:
    data = service.guide(None)
    assert isinstance(data, list)
    return data


def _basis_blocks(seed_text: str) -> list[str]:
    lines = seed_text.splitlines()[GUIDE_LINES[0] - 1 : GUIDE_LINES[1]]
    blocks, current = [], None
    for line in lines:
        if re.match(r"^[（(]\s*二\s*[）)]", line):
            current = []
        elif re.match(r"^[（(]\s*三\s*[）)]", line) and current is not None:
            blocks.append("".join(current))
            current = None
        elif current is not None:
            current.append(line.strip())
    return blocks


def _key(code: str) -> str:
    return re.split(r"[—–]", re.sub(r"\s+", "", code))[0]


def test_guide_lists_27_industries_then_4_fields() -> None:
    industries = _industries()
    assert len(industries) == 31
    assert [i["group"] for i in industries] == ["重点行业"] * 27 + ["重点领域"] * 4
    assert industries[0]["name"] == "石化化工行业" and industries[0]["citation"] == "d02.一"
    assert industries[6]["name"] == "重型机械行业"
    assert industries[27]["name"] == "工业软件领域" and industries[27]["citation"] == "d02.重点领域.一"
    assert industries[30]["name"] == "安全应急装备"


def test_every_standard_number_in_every_basis_is_recognised(seed_text: str) -> None:
    blocks = _basis_blocks(seed_text)
    assert len(blocks) == 31
    for block, brief in zip(blocks, _industries(), strict=True):
        found = service.guide(str(brief["name"]))
        assert isinstance(found, dict)
        keys = {_key(s["code"]) for s in found["standards"]}
        printed = {_key(m.group(0)) for m in ANY_CODE.finditer(block)}
        assert printed <= keys, (brief["name"], printed - keys)


def test_heavy_machinery_basis_goal_and_directions() -> None:
    heavy = service.guide("重型机械")
    assert isinstance(heavy, dict)
    assert heavy["number"] == "工信厅规〔2024〕33号"
    assert heavy["goal"].startswith("以冶金、矿山等领域重型机械生产制造老旧设备更新")
    assert heavy["goal_citation"] == "d02.七.（一）"
    codes = [s["code"] for s in heavy["standards"]]
    assert codes[:3] == ["GB/T37400", "GB6067", "GB/T20961—2018"]
    assert {"code": "GB/T37400", "title": "重型机械通用条件"} in heavy["standards"]
    assert [d["title"] for d in heavy["directions"]] == [
        "整机加工设备",
        "关键零部件加工设备",
        "智能化辅助设备",
        "工业操作系统",
        "工业制造管理软件",
    ]
    assert heavy["directions"][0]["citation"] == "d02.七.（三）.1"


def test_policies_are_the_titles_that_are_not_standards() -> None:
    steel = service.guide("钢铁行业")
    assert isinstance(steel, dict)
    assert steel["standards"] == []
    assert "关于推进实施钢铁行业超低排放的意见" in steel["policies"]


def test_ocr_scrambled_medical_standard_is_still_read() -> None:
    medical = service.guide("医疗装备")
    assert isinstance(medical, dict)
    assert {"code": "GB/T42061—2022", "title": "医疗器械质量管理体系用于法规的要求"} in medical["standards"]


def test_standards_in_reads_codes_outside_book_marks_and_keeps_first_title() -> None:
    text = (
        "依据《GB/T 19001—2016 质量管理体系要求》及 GB/T19001—2016、"
        "《JB/T8801—2017 加工中心技术条件》《CCAR-25 运输类飞机适航标准》"
    )
    assert standards_in(text) == [
        {"code": "GB/T19001—2016", "title": "质量管理体系要求"},
        {"code": "JB/T8801—2017", "title": "加工中心技术条件"},
        {"code": "CCAR-25", "title": "运输类飞机适航标准"},
    ]


@pytest.mark.parametrize(
    ("query", "name"), [("7", "重型机械行业"), ("锂电池行业", "锂电池行业"), ("安全应急", "安全应急装备")]
)
def test_industry_found_by_number_name_or_part(query: str, name: str) -> None:
    found = service.guide(query)
    assert isinstance(found, dict) and found["name"] == name


@pytest.mark.parametrize("query", ["航天", "电子"])
def test_unknown_or_ambiguous_industry_is_not_found(query: str) -> None:
    with pytest.raises(NotFound):
        service.guide(query)
