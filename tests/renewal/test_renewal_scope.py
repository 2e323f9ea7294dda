"""Triggers scoped to the equipment the guide names: a 21-asset steel plant, a heavy-machinery furnace, the reasons."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import run_cli
from policyhub.renewal import service
from policyhub.renewal.check import replacements
from policyhub.renewal.kinds import classify
from policyhub.renewal.output import to_csv
from policyhub.renewal.register import Asset

AS_OF = "2026-12-02"
# d02.二.（三）.4 "……等限制类装备大型化、智能化、绿色化升级改造，以及一代炉龄服役到期的老旧设备更新改造。
# 加快淘汰步进式烧结机、球团竖炉等淘汰类装备"; d02.重点领域.三.（三）.7 "在役时间超过10年的老旧冷却塔设备".
STEEL = """asset,name,commissioned,design_life_years,capacity,unit,energy_grade,listed
A01,1#高炉（2580m³）,2003-06,20,2580,立方米,,
A02,2#高炉,2018-05,15,,,,
A03,120t转炉,2010-01,30,,,,否
A04,棒材轧机,2004-02,,,,,
A05,高炉鼓风机电动机,2008,,,,,
A06,循环水冷却塔,2020-06,,,,,
A07,TRT余压发电机,2012,,,,,
A08,步进式烧结机,2005,,,,,
A09,1#带式烧结机,2015,30,,,,否
A10,球团竖炉,2006,,,,,
A11,捣固焦炉,2009,25,,,,否
A12,电弧炉,2019,20,,,,是
A13,主变压器,2010,,50000,千伏安,3,
A14,燃气锅炉,2015,,35,蒸吨,1,
A15,轧钢加热炉,2000,20,,,,否
A16,板坯连铸机,2011,,,,,
A17,除尘风机,2016,,,,,
A18,行车,2001,,,,,
A19,制氧机组,2013,,,,,
A20,冷轧机,2018,,,,,
A21,冷却塔,1998,,,,,
"""


@pytest.fixture(scope="module")
def steel() -> dict[str, dict[str, Any]]:
    result = service.check_file(STEEL.encode(), "steel.csv", "钢铁", AS_OF)
    return {a["asset"]: a for a in result["assets"]}


def _ids(row: dict[str, Any], part: str) -> set[str]:
    return {t["id"] for t in row[part]}


@pytest.mark.parametrize(
    ("name", "kind"),
    [("高炉鼓风机电动机", "motor"), ("1#高炉（2580m³）", "furnace"), ("棒材轧机", "rolling_mill"),
     ("TRT余压发电机", "generator"), ("中频感应炉", "furnace"), ("锅炉给水泵", "pump"), ("燃气锅炉", "boiler"),
     ("循环水冷却塔", "cooling_tower"), ("电机车", "vehicle"), ("水煤浆气化炉", "gasifier"), ("制氧机组", ""),
     ("110kV主变", "transformer"), ("导热油炉", "boiler"), ("轧钢加热炉", "furnace"), ("CO2气保焊机", "welding")],
)  # fmt: skip
def test_an_asset_s_kind_is_the_head_word_of_its_name(name: str, kind: str) -> None:
    assert classify(name) == kind


def test_the_kind_column_decides_over_the_name() -> None:
    assert classify("1号机", "电动机") == "motor"
    assert classify("1号机", "furnace") == "furnace"
    assert classify("1号机", "炉窑 furnace") == "furnace"
    assert classify("高炉鼓风机", "") == "fan"


def test_the_furnace_campaign_clause_fires_for_furnaces_only(steel: dict[str, dict[str, Any]]) -> None:
    # 一代炉龄服役到期的老旧设备: 炉龄 is a furnace's campaign
    assert steel["A01"]["in_scope"] is True and "钢铁-1" in _ids(steel["A01"], "triggers")
    assert steel["A15"]["in_scope"] is True and "钢铁-1" in _ids(steel["A15"], "triggers")
    for asset in ("A04", "A05", "A06", "A07", "A20"):  # a rolling mill, a motor, a cooling tower, a TRT generator
        checked = _ids(steel[asset], "triggers") | _ids(steel[asset], "open") | _ids(steel[asset], "cleared")
        assert "钢铁-1" not in checked, asset


def test_a_bar_mill_22_years_old_is_not_in_scope_with_the_reason(steel: dict[str, dict[str, Any]]) -> None:
    mill = steel["A04"]
    assert mill["in_scope"] is False and mill["equipment_kind"] == "rolling_mill"
    (reason,) = mill["reasons"]
    assert reason["result"] == "no_trigger"
    assert "the guide names no trigger for this kind of equipment" in reason["text"]
    assert "一代炉龄服役到期的老旧设备" in reason["text"] and "d02.二.（三）.4" in reason["citation"]


def test_a_blast_furnace_blower_motor_is_asked_the_motor_standard_not_the_furnace_list(
    steel: dict[str, dict[str, Any]],
) -> None:
    motor = steel["A05"]
    assert motor["equipment_kind"] == "motor" and motor["in_scope"] == "undetermined"
    assert _ids(motor, "open") == {"绿色节能设备-1"}  # 电动机依据《GB18613—2020 …》, not 钢铁-4 高炉
    assert "GB18613—2020" in motor["reasons"][0]["text"]


def test_named_obsolete_equipment_fires_and_its_kin_is_cleared_with_why(steel: dict[str, dict[str, Any]]) -> None:
    assert _ids(steel["A08"], "triggers") == {"钢铁-2"}  # 加快淘汰步进式烧结机
    assert _ids(steel["A10"], "triggers") == {"钢铁-3"}  # 球团竖炉
    belt = steel["A09"]
    assert belt["in_scope"] is False and _ids(belt, "cleared") == {"钢铁-2", "钢铁-4"}
    assert any("步进式烧结机" in r["text"] and r["result"] == "clear" for r in belt["reasons"])


def test_cooling_towers_by_their_years_in_service(steel: dict[str, dict[str, Any]]) -> None:
    assert steel["A21"]["in_scope"] is True and _ids(steel["A21"], "triggers") == {"绿色节能设备-4"}
    young = steel["A06"]
    assert young["in_scope"] is False and _ids(young, "cleared") == {"绿色节能设备-4"}
    assert "在役时间超过10年的老旧冷却塔设备" in young["reasons"][0]["text"]


def test_every_asset_carries_reasons_whatever_its_status(steel: dict[str, dict[str, Any]]) -> None:
    statuses = {a["in_scope"] for a in steel.values()}
    assert statuses == {True, False, "undetermined"}
    for a in steel.values():
        assert a["reasons"] and all(r["text"] and r["citation"] for r in a["reasons"]), a["asset"]
        if a["in_scope"] is True:
            assert {r["result"] for r in a["reasons"]} == {"fired"}
        if a["in_scope"] == "undetermined":
            assert "open" in {r["result"] for r in a["reasons"]}


def test_the_csv_carries_the_kind_and_the_reasons() -> None:
    result = service.check_file(STEEL.encode(), "steel.csv", "钢铁", AS_OF)
    rows = list(csv.DictReader(io.StringIO(to_csv(result))))
    mill = next(r for r in rows if r["asset"] == "A04")
    assert mill["equipment_kind"] == "轧机 rolling mill" and "no trigger for this kind" in mill["reasons"]
    assert all(r["reasons"] for r in rows)


def test_a_heavy_machinery_induction_furnace_27_years_old_says_why_it_is_not_in_scope() -> None:
    register = "asset,name,commissioned\nH1,中频感应炉,1999-06\n"
    (row,) = service.check_file(register.encode(), "h.csv", "重型机械", AS_OF)["assets"]
    assert row["in_scope"] is False and row["age_years"] == [27.4, 27.5]
    (reason,) = row["reasons"]
    assert reason["result"] == "no_trigger" and "重型机械行业（d02.七）" in reason["text"]
    assert reason["citation"].startswith("d02.七")


def _asset(name: str, **fields: Any) -> Asset:
    return Asset(2, "X", name, **fields)


def test_replacements_come_from_the_asset_s_own_kind_and_product_family() -> None:
    assert replacements(_asset("棒材轧机"), "rolling_mill", "钢铁") == []  # 4.4.1 高精度铝热连轧机 rolls aluminium
    assert replacements(_asset("铝热连轧机"), "rolling_mill", "有色金属") == ["4.4.1", "4.4.3"]
    assert replacements(_asset("高炉鼓风机电动机"), "motor", "钢铁") == []  # not 6.4.2 磁悬浮鼓风机
    assert replacements(_asset("高炉鼓风机"), "fan", "钢铁") == ["6.4.2"]
    assert replacements(_asset("板坯连铸机"), "caster", "钢铁") == ["4.3.1", "4.3.2", "4.3.3"]


def test_the_check_command_gives_reasons_for_every_asset(tmp_path: Path) -> None:
    register = tmp_path / "steel.csv"
    register.write_text(STEEL, encoding="utf-8")
    done = run_cli("renewal", "check", str(register), "--sector", "钢铁", "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    assets = json.loads(done.stdout)["assets"]
    assert len(assets) == 21
    assert all(a["reasons"] and all(r["text"] and "citation" in r for r in a["reasons"]) for a in assets)
    assert all("in_scope" in a and "triggers" in a and "open" in a for a in assets)


def test_every_trigger_and_class_names_known_kinds() -> None:
    from policyhub.renewal import data
    from policyhub.renewal.kinds import table

    known = set(table())
    for t in data.rules()["triggers"]:
        assert t["kinds"] == ["*"] or set(t["kinds"]) <= known, t["id"]
    for cls in data.classes()["classes"]:
        assert set(cls["kinds"]) <= known, cls["class"]
        assert set(cls.get("only", {})) <= set(cls["catalog"]), cls["class"]


def test_the_page_and_the_report_show_each_asset_s_reasons(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from policyhub.web.app import create_app

    register = "asset,name,commissioned\nH1,中频感应炉,1999-06\nH2,冷却塔,2001\n".encode()
    form = {"sector": "重型机械", "as_of": AS_OF}
    with TestClient(create_app(f"sqlite:///{tmp_path / 'app.sqlite'}")) as client:
        for path in ("/renewal", "/renewal/report.html"):
            res = client.post(path, files={"file": ("h.csv", register, "text/csv")}, data=form)
            assert res.status_code == 200, (path, res.text[:300])
            assert "the guide names no trigger for this kind of equipment" in res.text, path
            assert "在役时间超过10年的老旧冷却塔设备" in res.text and "理由 Reasons" in res.text, path
