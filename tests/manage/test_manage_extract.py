"""The guide's nine areas and 30 practices come from the seed, word for word, and the shipped file matches."""

from __future__ import annotations

import json

from policyhub.manage import extract
from policyhub.manage.guide import DATA

# Every practice the seed prints under 二、…十、 (seed lines 2195–2275), id and title as printed.
PRACTICES = {
    "二": ["明确战略定位", "明晰市场定位", "塑造企业文化"],
    "三": ["保障关键岗位人员配备", "完善薪酬制度", "完善培训体系", "增强员工福利"],
    "四": ["塑造创新文化", "加强产品创新", "加强知识产权管理", "鼓励客户参与"],
    "五": ["实施精益生产", "推进生产智能化", "强化质量管理", "注重绿色生产", "加强应急管理"],
    "六": ["加强供应商管理", "加强库存和物流管理"],
    "七": ["加强资质管理", "加强客户关系管理", "加强营销渠道管理"],
    "八": ["加强现金流管理", "加强成本和预算管理", "加强内控内审", "加强融资管理"],
    "九": ["规范企业治理", "推进数字化应用", "加强决策支持"],
    "十": ["提升公共关系", "注重社会声誉和责任"],
}
AREA_TITLES = ["提升企业战略管理能力", "提升企业人力资源管理能力", "提升创新管理能力", "提升生产管理能力",
               "提升供应链管理能力", "提升营销管理能力", "提升财务管理能力", "提升决策管理能力",
               "提升公共形象管理能力"]  # fmt: skip
NUMS = "一二三四五"


def test_the_nine_areas_and_every_practice_are_extracted_from_the_seed(seed_text: str) -> None:
    data = extract.build(seed_text)
    assert data["document"] == "d13" and data["number"] == "工信厅企业〔2024〕54号"
    assert [a["no"] for a in data["areas"]] == list("二三四五六七八九十")
    assert [a["title"] for a in data["areas"]] == AREA_TITLES
    for area in data["areas"]:
        assert [p["title"] for p in area["practices"]] == PRACTICES[area["no"]]
        assert [p["id"] for p in area["practices"]] == [f"{area['no']}.（{n}）" for n in NUMS[: len(area["practices"])]]
    assert sum(len(a["practices"]) for a in data["areas"]) == 30


def test_practice_texts_are_the_seeds_words_joined_across_page_breaks(seed_text: str) -> None:
    practices = {p["id"]: p for a in extract.build(seed_text)["areas"] for p in a["practices"]}
    flat = seed_text.replace("\n", "")
    for p in practices.values():
        assert p["text"].startswith(p["title"] + "。")
        assert p["text"] in flat, p["id"]
        assert p["citation"] == "d13." + p["id"]
    assert "依法为员工提供“五险一金”" in practices["三.（四）"]["text"]
    assert "对照《制造业质量管理能力评估规范》开展自我评价" in practices["五.（三）"]["text"]
    assert "建立相对独立的内部审计人员和制度" in practices["八.（三）"]["text"]
    assert "优先选择“小快轻准”（小型化、快速化、轻量化、精准化）解决方案" in practices["九.（二）"]["text"]
    # seed lines 2207/2209: "明确薪酬政" | page break | "策依据" is one sentence
    assert "明确薪酬政策依据、构成" in practices["三.（二）"]["text"]
    # the ASCII "(三) " of the OCR (line 2211) is the same numbering as "（一）"
    assert practices["三.（三）"]["text"].startswith("完善培训体系。引导中小企业以提升员工工作热情")


def test_the_ocr_trailing_he_of_area_six_is_repaired_and_the_printed_title_kept(seed_text: str) -> None:
    six = next(a for a in extract.build(seed_text)["areas"] if a["no"] == "六")
    assert "六、提升供应链管理能力和" in seed_text
    assert six["title"] == "提升供应链管理能力" and six["printed"] == "提升供应链管理能力和"


def test_sections_one_and_eleven_are_not_areas(seed_text: str) -> None:
    titles = [a["title"] for a in extract.build(seed_text)["areas"]]
    assert "总体要求" not in titles and "加强组织保障" not in titles


def test_the_shipped_guide_is_what_the_extractor_builds_from_the_seed(seed_text: str) -> None:
    assert json.loads(DATA.read_text(encoding="utf-8")) == extract.build(seed_text)
