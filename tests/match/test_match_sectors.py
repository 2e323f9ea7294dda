"""Sectors read into GB/T 4754—2017; calls limited to 制造业 / 工业 decided on the 门类; the contract via the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from match_support import FIRM, item
from typer.testing import CliRunner

from policyhub.cli import app
from policyhub.match import sector
from policyhub.renewal import data as renewal_data

# (as a firm writes it, 门类, 大类 or None)
TABLE = [
    ("重型机械", "C", "35"), ("重型机械行业", "C", "35"), ("钢铁", "C", "31"), ("钢铁行业", "C", "31"),
    ("化工", "C", "26"), ("石化化工", "C", "26"), ("有色金属", "C", "32"), ("建材", "C", "30"), ("汽车", "C", "36"),
    ("工业机器人", "C", "34"), ("船舶", "C", "37"), ("锂电池", "C", "38"), ("光伏", "C", "38"), ("医药", "C", "27"),
    ("电子元器件和电子材料", "C", "39"), ("仪器仪表", "C", "40"), ("纺织", "C", "17"), ("轻工", "C", None),
    ("制造业", "C", None), ("机械", "C", None),
    ("软件和信息技术服务业", "I", "65"), ("软件", "I", "65"), ("工业软件领域", "I", "65"), ("互联网", "I", "64"),
    ("信息传输、软件和信息技术服务业", "I", None), ("餐饮", "H", "62"), ("批发", "F", "51"), ("物流", "G", None),
    ("建筑业", "E", None), ("金融", "J", None), ("电力", "D", "44"), ("煤炭", "B", "06"), ("农业", "A", "01"),
    ("黑色金属冶炼和压延加工业", "C", "31"), ("C31", "C", "31"), ("31", "C", "31"), ("I", "I", None), ("c", "C", None),
]  # fmt: skip


@pytest.mark.parametrize(("written", "section", "division"), TABLE)
def test_the_usual_names_are_read_into_the_classification(written: str, section: str, division: str | None) -> None:
    got = sector.classify(written)
    assert got is not None and (got["section"], got["division"]) == (section, division)
    assert got["section_name"] == sector.table()["sections"][section]


@pytest.mark.parametrize("written", ["", "  ", "月球采矿服务", "B99", "I31", "Z"])
def test_what_the_classification_cannot_read_is_none(written: str) -> None:
    assert sector.classify(written) is None


def test_every_industry_and_field_of_the_renewal_guide_is_read() -> None:
    """The 27 industries and 4 fields of d02 (the names firms already give) all have a 门类."""
    for s in renewal_data.sectors():
        assert sector.classify(s["name"]) is not None, s["name"]


def test_the_table_cites_the_standard_and_the_statistical_industry() -> None:
    data = sector.table()
    standard = data["standard"]
    assert standard["code"] == "GB/T 4754—2017" and standard["published"] == "2017-06-30"
    assert "国家标准化管理委员会" in standard["publisher"] and "国家统计局" in standard["publisher"]
    assert standard["url"].startswith("http://www.stats.gov.cn/")
    assert len(data["sections"]) == 20 and data["industry"]["sections"] == ["B", "C", "D"]
    assert all(d["section"] in data["sections"] for d in data["divisions"].values())
    assert all(code in data["sections"] or code in data["divisions"] for code in data["names"].values())


def test_a_software_firm_is_not_a_manufacturing_champion_and_d13_is_not_for_it() -> None:
    soft = {"entity": {**FIRM, "sector": "软件和信息技术服务业", "size": "small"}}
    d08 = item(soft, "d08-apply")
    assert d08["status"] == "not_eligible"
    limit = next(c for c in d08["conditions"] if c["role"] == "sector")
    assert "2024 年制造业单项冠军企业" in limit["text"] and limit["sector"]["section"] == "I"
    d13 = item(soft, "d13-guide")
    assert d13["status"] == "not_applicable"
    assert any("《指南》主要面向工业中小企业" in c["text"] for c in d13["conditions"])


def test_an_unknown_sector_leaves_the_limited_calls_undetermined() -> None:
    for written in (None, "月球采矿服务"):
        got = item({"entity": {**FIRM, "sector": written}, "facts": {"champion_standard_met": True}}, "d08-apply")
        assert got["status"] == "undetermined" and "entity.sector" in got["missing"]


def test_the_contract_through_policyhub_match(tmp_path: Path) -> None:
    """JSON items keep their fields; another department's task is not_applicable; a software firm's d08 / d13."""
    runner = CliRunner()
    samr = {"entity": {"kind": "provincial_government", "province": "江苏", "department": "市场监督管理局"}}
    soft = {"entity": {"kind": "enterprise", "sector": "软件", "size": "small"}}
    out = {}
    for name, profile in (("samr", samr), ("soft", soft)):
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(profile, ensure_ascii=False), encoding="utf-8")
        res = runner.invoke(app, ["match", str(path), "--as-of", "2024-09-20", "--format", "json"])
        assert res.exit_code == 0, res.output
        out[name] = {i["id"]: i for i in json.loads(res.stdout)["items"]}
    for i in out["samr"].values():
        assert {"id", "doc", "title", "kind", "who", "status", "window", "conditions", "missing", "citation"} <= set(i)
    for other in ("d08-recommend", "d09-submit", "d19-submit", "d20-recommend"):
        assert out["samr"][other]["status"] == "not_applicable"
    assert out["samr"]["d16-recommend"]["status"] == "required"
    assert out["soft"]["d08-apply"]["status"] == "not_eligible"
    assert out["soft"]["d13-guide"]["status"] == "not_applicable"
