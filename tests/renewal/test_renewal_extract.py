"""The extractor against the seed: every trigger and every 2027 goal of the renewal guide (工信厅规〔2024〕33号)."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from policyhub.firstset.catalog import load as load_catalog
from policyhub.renewal import data
from policyhub.renewal.extract import build, extract_rules, guide_document

# (id, kind, the guide's words as printed, citation): every trigger the guide prints, read by hand from seed 672–1454.
TRIGGERS = [
    ("石化化工-1", "age", "达到设计使用年限或实际投产运行超过20年的主体老旧装置", "d02.一.（一）"),
    ("石化化工-2", "capacity", "小电石炉（<25000KVA）", "d02.一.（三）.1"),
    ("石化化工-3", "named", "固定床煤气化炉", "d02.一.（三）.1"),
    ("石化化工-4", "grade", "低效电机", "d02.一.（三）.1"),
    ("石化化工-5", "named", "精细化工开放式反应器（釜）", "d02.一.（三）.1"),
    ("钢铁-1", "age", "一代炉龄服役到期的老旧设备", "d02.二.（三）.4"),
    ("钢铁-2", "named", "步进式烧结机", "d02.二.（三）.4"),
    ("钢铁-3", "named", "球团竖炉", "d02.二.（三）.4"),
    ("钢铁-4", "listed", "加快锰铁高炉、矿热电炉、高炉、转炉、电炉、捣固焦炉、顶装焦炉、烧结机"
     "等限制类装备", "d02.二.（三）.4"),
    ("有色金属-1", "current", "淘汰200kA以下预焙阳极铝电解槽", "d02.三.（一）"),
    ("有色金属-2", "level", "能效基准水平以下产能全部退出", "d02.三.（一）"),
    ("轨道交通装备-1", "age", "使用年限超过 30 年故障率高、维修成本高的大型自动焊接设备", "d02.十四.（三）.1"),
    ("轨道交通装备-2", "listed", "国家列入高耗能的变压器", "d02.十四.（三）.1"),
    ("轨道交通装备-3", "condition", "部分污染大的油漆涂装线、抛丸线", "d02.十四.（三）.1"),
    ("轨道交通装备-4", "condition", "状态差、精度下降的加工、剪切、折弯类设备", "d02.十四.（三）.1"),
    ("轨道交通装备-5", "condition", "总组成焊接设备、龙门加工中心、气垫运输车等进口设备", "d02.十四.（三）.1"),
    ("轨道交通装备-6", "condition", "不满足工艺技术要求铸造、锻造类装备", "d02.十四.（三）.1"),
    ("食品-1", "age", "主体设备达到设计使用年限或实际投产运行超过 10 年老旧装置", "d02.十八.（一）"),
    ("民爆-1", "age", "达到设计使用年限或实际投产运行超过10年的工业炸药、雷管及混装地面站等设备", "d02.二十七.（一）"),
    ("绿色节能设备-1", "grade", "电动机依据《GB18613—2020 电动机能效限定值及能效等级》"
     "《GB30253—2013 永磁同步电动机能效限定值及能效等级》《GB30254—2013 高压三相笼型异步电动机能效限定值及能效等级》",
     "d02.重点领域.三.（二）"),
    ("绿色节能设备-2", "grade", "变压器依据《GB20052—2020 电力变压器能效限定值及能效等级》", "d02.重点领域.三.（二）"),
    ("绿色节能设备-3", "grade", "工业锅炉依据《GB24500—2020 工业锅炉能效限定值及能效等级》", "d02.重点领域.三.（二）"),
    ("绿色节能设备-4", "age", "在役时间超过10年的老旧冷却塔设备", "d02.重点领域.三.（三）.7"),
]  # fmt: skip

# (sector, indicator, op, target): every quantified 2027 goal, in the guide's order.
GOALS = [
    ("石化化工", "数字化转型成熟度3级及以上企业比例", "≥", "15%"),
    ("石化化工", "数字化转型成熟度4级及以上企业比例", "≥", "7%"),
    ("石化化工", "关键工序数控化率", "≥", "85%"),
    ("石化化工", "数字化研发设计工具普及率", "≥", "75%"),
    ("石化化工", "改造装置能效", "≥", "标杆水平"),
    ("钢铁", "钢铁产能完成超低排放改造", "≥", "80%"),
    ("钢铁", "钢铁产能达到能效标杆水平", "≥", "30%"),
    ("钢铁", "关键工序数控化率", "≥", "80%"),
    ("有色金属", "电解铝吨铝碳减排", "≥", "5%"),
    ("有色金属", "电解铝吨铝节电", "≥", "200kWh"),
    ("有色金属", "电解铝产能达到能效标杆水平", "≥", "35%"),
    ("有色金属", "铜、铅、锌冶炼产能达到能效标杆水平", "≥", "55%"),
    ("有色金属", "关键工序数控化率", "≥", "75%"),
    ("建材", "水泥、建筑卫生陶瓷、玻璃纤维生产线能耗优于标杆水平", "≥", "30%"),
    ("建材", "平板玻璃生产线能耗优于标杆水平", "≥", "20%"),
    ("建材", "生产线能效", "≥", "基准水平以上"),
    ("建材", "水泥、平板玻璃、建筑卫生陶瓷、玻璃纤维企业实现生产全流程高度自动化", "≥", "70%"),
    ("建材", "数字化转型成熟度3级及以上的企业比例", "≥", "20%"),
    ("工业母机", "数字化研发设计工具普及率", ">", "90%"),
    ("工业母机", "关键工序数控化率", ">", "75%"),
    ("船舶", "切割设备切割效率提升", "≥", "15%"),
    ("船舶", "涂装设备VOCs排放下降", "≥", "20%"),
    ("船舶", "超高压水除锈设备除锈效率", "≥", "30m²/h"),
    ("船舶", "焊接设备数字化率", "≥", "90%"),
    ("船舶", "中小组立设备部件装焊效率提升", "≥", "20%"),
    ("船舶", "环保设备污染物排放总量下降", "≥", "5%"),
    ("船舶", "超大型LNG运输船、高端汽车运输船等高端船型建造效率提高", "≥", "10%"),
    ("石化通用装备", "加工精度", "≤", "0.01mm"),
    ("轨道交通装备", "机电软协同设计效率提升", "≥", "30%"),
    ("轨道交通装备", "生产制造效率提升", "≥", "20%"),
    ("轨道交通装备", "PHM系统运维效率提升", "≥", "30%"),
    ("农机装备", "设备更新率", "≥", "30%"),
    ("农机装备", "能耗下降", "≥", "15%"),
    ("纺织", "印染行业生产综合成本降低", "≥", "5%—10%"),
    ("纺织", "全行业完成更新设备", ">", "25万台（套）"),
    ("纺织", "拉动投资", "≥", "2500亿元"),
    ("轻工", "全行业完成更新设备", ">", "10万台（套）"),
    ("轻工", "拉动投资", "≥", "2000亿元"),
    ("电子组装", "全行业改造设备", "≥", "10000台（套）"),
    ("光伏", "市场主流电池、组件等产品效率提高", "≥", "5%"),
    ("民爆", "单条工业炸药及雷管生产线现场操作人员", "≤", "3人"),
    ("工业软件", "工业软件更新换代", "≥", "约200万套"),
    ("工业软件", "工业操作系统更新换代", "≥", "80万台套"),
    ("工业网络设备", "规模以上制造业企业基本实现网络化改造", "≥", "80%"),
    ("工业网络设备", "边缘网关、边缘控制器等产品部署", ">", "100万台"),
    ("工业网络设备", "“5G+工业互联网”项目数", ">", "2万个"),
    ("绿色节能设备", "新增高效电机占比提高", "≥", "10个百分点"),
    ("绿色节能设备", "新增高效变压器占比提高", "≥", "10个百分点"),
    ("绿色节能设备", "新增高效工业锅炉占比提高", "≥", "15个百分点"),
    ("绿色节能设备", "大宗工业固废综合利用率", ">", "57%"),
    ("绿色节能设备", "大宗工业固废和再生资源的年综合利用能力提升", "≥", "约2000万吨"),
    ("绿色节能设备", "工业冷却塔漂水率", "≤", "0.005%"),
    ("绿色节能设备", "民用冷却塔漂水率", "≤", "0.01%"),
    ("绿色节能设备", "节水效率提升", "≥", "10%"),
]
NO_GOALS = {"汽车", "工程机械", "重型机械", "基础零部件与基础制造工艺", "工业机器人", "航空", "医疗装备", "电力装备",
            "食品", "医药", "电子元器件和电子材料", "锂电池", "仪器仪表", "安全应急装备"}  # fmt: skip


def _ws(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def extracted(seed_text: str) -> dict[str, Any]:
    return extract_rules(guide_document(seed_text))


def test_shipped_data_is_what_the_extractor_reads_from_the_seed(seed_path: Path, tmp_path: Path) -> None:
    assert build(seed_path, tmp_path) == (23, 54)
    for name in ("rules.json", "industries.json"):
        shipped = resources.files("policyhub.renewal").joinpath("data", name).read_text(encoding="utf-8")
        assert json.loads((tmp_path / name).read_text(encoding="utf-8")) == json.loads(shipped), name


def test_every_trigger_of_the_guide_is_found_with_its_words_and_citation(extracted: dict[str, Any]) -> None:
    got = [(t["id"], t["kind"], t["text"], t["citation"]) for t in extracted["triggers"]]
    assert got == TRIGGERS


def test_every_trigger_quotes_the_seed_inside_the_unit_it_cites(seed_text: str, extracted: dict[str, Any]) -> None:
    units = {u.id: _ws(u.text) for u in guide_document(seed_text).units}
    for t in extracted["triggers"]:
        assert _ws(t["text"]) in units[t["citation"]], t["id"]
        assert _ws(t["text"]) in _ws(seed_text)


def test_trigger_figures_are_read_as_printed(extracted: dict[str, Any]) -> None:
    by_id = {t["id"]: t for t in extracted["triggers"]}
    assert (by_id["石化化工-1"]["years"], by_id["石化化工-1"]["design_life"]) == (20, True)
    assert (by_id["食品-1"]["years"], by_id["民爆-1"]["years"], by_id["轨道交通装备-1"]["years"]) == (10, 10, 30)
    assert by_id["轨道交通装备-1"]["design_life"] is False and by_id["轨道交通装备-1"]["match"] == ["焊"]
    assert (by_id["钢铁-1"]["years"], by_id["钢铁-1"]["design_life"]) == (None, True)
    cap = by_id["石化化工-2"]
    assert (cap["op"], cap["value"], cap["unit"], cap["match"]) == ("<", 25000.0, "kVA", ["电石炉"])
    cur = by_id["有色金属-1"]
    assert (cur["op"], cur["value"], cur["unit"]) == ("≤", 200.0, "kA")  # 以下 includes the number
    assert by_id["石化化工-4"]["standard"]["code"] == "GB18613—2020"
    assert [s["code"] for s in by_id["绿色节能设备-1"]["standards"]] == ["GB18613—2020", "GB30253—2013", "GB30254—2013"]
    assert by_id["钢铁-4"]["standard"]["title"] == "产业结构调整指导目录（2024年本）"
    assert by_id["轨道交通装备-2"]["standard"]["title"] == "高耗能落后机电设备（产品）淘汰目录"
    assert by_id["有色金属-2"]["standard"]["title"] == "工业重点领域能效标杆水平和基准水平（2023年版）"
    assert {t["id"] for t in extracted["triggers"] if t["applies"] == "all"} == {
        "绿色节能设备-1", "绿色节能设备-2", "绿色节能设备-3", "绿色节能设备-4"}  # fmt: skip


def test_every_2027_goal_is_found_with_its_target(extracted: dict[str, Any]) -> None:
    got = [(g["sector"], g["indicator"], g["op"], g["target"]) for g in extracted["goals"]]
    assert got == GOALS
    assert {g["year"] for g in extracted["goals"]} == {2027}


def test_every_goal_quotes_its_sector_goal_paragraph(seed_text: str, extracted: dict[str, Any]) -> None:
    units = {u.id: _ws(u.text) for u in guide_document(seed_text).units}
    for g in extracted["goals"]:
        assert _ws(g["text"]) in units[g["citation"]], g
        assert g["citation"].endswith("（一）")


def test_sectors_without_a_quantified_goal_are_the_ones_the_guide_leaves_qualitative() -> None:
    assert {s["key"] for s in data.sectors() if s["goals"] == 0} == NO_GOALS
    assert len(data.sectors()) == 31


def test_figures_of_the_goals_are_numbers_in_the_printed_unit(extracted: dict[str, Any]) -> None:
    by = {(g["sector"], g["indicator"]): g for g in extracted["goals"]}
    assert (by[("石化化工", "关键工序数控化率")]["value"], by[("石化化工", "关键工序数控化率")]["unit"]) == (85.0, "%")
    assert by[("工业母机", "关键工序数控化率")]["scope"] == "规模以上工业母机企业"
    assert by[("有色金属", "关键工序数控化率")]["scope"] == "规上有色金属企业"
    assert by[("绿色节能设备", "新增高效工业锅炉占比提高")]["baseline"] == "较2023年"
    assert by[("民爆", "单条工业炸药及雷管生产线现场操作人员")]["value"] == 3.0
    assert by[("船舶", "切割设备切割效率提升")]["measure"] == "change"


def test_every_class_names_existing_catalog_entries_and_every_printed_name_has_words() -> None:
    catalog = load_catalog()
    for cls in data.classes()["classes"]:
        assert cls["catalog"] is not None and cls["reason"], cls["class"]
        for code in cls["catalog"]:
            assert code in catalog.entries, (cls["class"], code)
    printed = {n for t in data.rules()["triggers"] for n in t["names"]} - {"*"}
    assert printed <= set(data.classes()["trigger_names"])


def test_the_docs_page_lists_every_trigger_and_goal() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "renewal.md").read_text(encoding="utf-8")
    for t in data.rules()["triggers"]:
        assert f"| {t['id']} | {t['kind']} |" in page, t["id"]
    for g in data.rules()["goals"]:
        assert f"| {g['sector']} | {g['indicator']}" in page and g["text"] in page, g["indicator"]
