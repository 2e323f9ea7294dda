"""The 40 typical scenarios in 15 links come from the seed, word for word, and the shipped file matches."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyhub.scenarios import extract
from policyhub.scenarios.catalog import DATA

LINKS = {
    "工厂建设": [1, 2], "产品设计": [3, 4], "工艺设计": [5, 6], "计划调度": [7, 8], "生产作业": [9, 10, 11, 12, 13],
    "质量管控": [14, 15], "设备管理": [16, 17], "仓储物流": [18, 19], "安全管控": [20, 21], "能碳管理": [22, 23],
    "环保管理": [24], "营销与售后": [25, 26, 27], "供应链管理": [28, 29, 30], "信息基础设施": [31, 32, 33],
    "多环节模式创新": list(range(34, 41)),
}  # fmt: skip
TITLES = ["工厂数字化设计与交付", "数字孪生工厂运营优化", "产品数字化研发设计", "虚拟验证与中试", "工艺数字化设计",
          "可制造性设计", "生产计划优化", "智能排产调度", "产线柔性配置", "人机协同作业", "工艺动态优化",
          "先进过程控制", "数智精益管理", "在线智能检测", "质量追溯与分析改进", "设备运行监控", "设备智能运维",
          "智能仓储", "精准配送",
          "危险作业自动化", "安全一体化管控", "能源智能管控", "碳资产全生命周期管理", "污染在线管控", "智慧营销管理",
          "产品智能运维", "智能客户服务", "供应链计划协同优化", "供应商数智化管理", "供应链物流智能配送",
          "先进工业网络应用", "工业信息安全管控", "工厂数据资源管理", "数据驱动产品研发", "大规模个性化定制",
          "网络协同制造", "研产供销服深度集成", "弹性供应链", "全员数字化管理", "可持续制造"]  # fmt: skip


def test_forty_scenarios_in_fifteen_links_are_extracted_from_the_seed(seed_text: str) -> None:
    data = extract.build(seed_text)
    assert "凝练总结了15个环节的40个智能制造典型场景" in seed_text
    assert data["document"] == "d03" and data["number"] == "工信厅联通装函〔2024〕361号"
    assert [link["link"] for link in data["links"]] == list(LINKS)
    assert [s["no"] for s in data["scenarios"]] == list(range(1, 41))
    assert [s["title"] for s in data["scenarios"]] == TITLES
    for link, nos in LINKS.items():
        assert [s["no"] for s in data["scenarios"] if s["link"] == link] == nos


def test_each_scenario_text_is_the_seeds_paragraph(seed_text: str) -> None:
    flat = seed_text.replace("\n", "")
    for s in extract.build(seed_text)["scenarios"]:
        assert s["text"] in flat, s["no"]
        assert s["text"].startswith("面向") and s["text"].endswith("。")
    by_no = {s["no"]: s for s in extract.build(seed_text)["scenarios"]}
    # seed lines 1563/1565: "…智能化，提" | page break | "高库存周转率和土地利用率。"
    assert by_no[18]["text"].endswith("实现物料出入库、存储、拣选智能化，提高库存周转率和土地利用率。")
    assert "应用设备故障知识图谱、故障机理分析、预测性维护等技术" in by_no[17]["text"]
    assert by_no[1]["citation"] == "d03.一.1" and by_no[40]["citation"] == "d03.十五.40"


def test_the_shipped_scenarios_are_what_the_extractor_builds_from_the_seed(seed_text: str) -> None:
    assert json.loads((DATA / "scenarios.json").read_text(encoding="utf-8")) == extract.build(seed_text)


def test_both_guide_extractors_write_their_file_through_one_entry(
    seed_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from policyhub.manage import extract as manage_extract
    from policyhub.manage.guide import DATA as GUIDE

    assert extract.main([str(seed_path), str(tmp_path)]) == 0
    assert (tmp_path / "scenarios.json").read_bytes() == (DATA / "scenarios.json").read_bytes()
    assert manage_extract.main([str(seed_path), str(tmp_path)]) == 0
    assert (tmp_path / "guide.json").read_bytes() == GUIDE.read_bytes()
    said = capsys.readouterr().out
    assert "40 scenarios in 15 links ->" in said and "9 areas, 30 practices ->" in said
    assert extract.main([str(seed_path)]) == 2
    assert "usage: python -m policyhub.scenarios.extract SEED OUT_DIR" in capsys.readouterr().err
