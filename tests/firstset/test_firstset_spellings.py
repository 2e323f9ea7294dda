"""Issue 13: unit spellings users and the trade write — one test per spelling; unknown units name the catalog's."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import run_cli
from policyhub.errors import InputError
from policyhub.firstset.catalog import load
from policyhub.firstset.check import check

CAT = load()


def row(code: str, name: str, value: Any) -> dict[str, Any]:
    res = check(CAT, code, {name: value})
    return next(i for t in res["tiers"] for i in t["indicators"] if i["name"] == name)


def test_the_seed_prints_arc_seconds_as_a_double_quote(seed_text: str) -> None:
    # seed 1.1.3: "回转轴定位精度≤5"；回转轴重复定位精度≤3"" — the user's " is the catalog's ″
    assert '回转轴定位精度≤5"' in seed_text


@pytest.mark.parametrize(("value", "ok"), [('4"', True), ('6"', False), ("4''", True), ("4 ″", True)])
def test_double_quote_is_an_arc_second(value: str, ok: bool) -> None:
    assert row("1.1.3", "回转轴定位精度", value)["pass"] is ok


@pytest.mark.parametrize(("value", "ok"), [("4角秒", True), ("6 角秒", False), ("0.1角分", False), ("0.05角分", True)])
def test_jiaomiao_is_an_arc_second(value: str, ok: bool) -> None:
    assert row("1.1.3", "回转轴定位精度", value)["pass"] is ok


@pytest.mark.parametrize("value", ["41 m3", "41m3", "41m^3", "41 m³"])
def test_cubic_metres_written_m3_or_m_caret_3(value: str) -> None:
    # seed 11.3.1 "斗容 ≥40m³"
    assert row("11.3.1", "斗容", value)["pass"] is True
    assert row("11.3.1", "斗容", value.replace("41", "39"))["pass"] is False


@pytest.mark.parametrize("value", ["650转/分", "650 r/min", "650rpm", "650转/分钟"])
def test_revolutions_per_minute_spellings(value: str) -> None:
    # seed 1.4.2 "主轴转速 ≥600r/min"
    assert row("1.4.2", "主轴转速", value)["pass"] is True
    assert row("1.4.2", "主轴转速", value.replace("650", "550"))["pass"] is False


@pytest.mark.parametrize("value", ["60000总吨", "60000 GT", "60000t", "6万总吨"])
def test_gross_tonnage_spellings(value: str, seed_text: str) -> None:
    # seed 8.1.1 大中型邮轮 "总吨位 ≥50000t": gross tonnage printed with t
    assert "8.1.1\t大中型邮轮\t总吨位 $\\geq 50000t$" in seed_text
    assert row("8.1.1", "总吨位", value)["pass"] is True
    assert row("8.1.1", "总吨位", "40000GT")["pass"] is False


def test_gross_tonnage_is_not_a_mass() -> None:
    with pytest.raises(InputError, match="总吨位"):
        check(CAT, "8.1.1", {"总吨位": "60000 kg"})


@pytest.mark.parametrize(("value", "ok"), [("0.1%/d", True), ("0.1%/天", True), ("0.1%", True), ("0.2%/d", False)])
def test_boil_off_rate_per_day(value: str, ok: bool) -> None:
    # seed 8.1.2 大型液化天然气运输船 "货舱蒸发率 ≤0.14%": a share per day
    assert row("8.1.2", "货舱蒸发率", value)["pass"] is ok


@pytest.mark.parametrize("value", ["9200t", "9200T", "9200吨", "9200 tf"])
def test_tonne_force_for_a_force(value: str) -> None:
    # seed 1.2.1 "锁模力 ≥90000kN": the trade calls these machines "9200T" (9200 tonne-force = 90 221 kN)
    assert row("1.2.1", "锁模力", value)["pass"] is True


def test_a_9000t_die_casting_machine_misses_90000_kn_by_about_2_percent() -> None:
    gap = row("1.2.1", "锁模力", "9000T")["gap"]
    assert gap["unit"] == "kN" and gap["value"] == pytest.approx(90000 - 9000 * 9.80665) and gap["percent"] < 2


def test_a_force_printed_in_tonnes_takes_kilonewtons() -> None:
    # seed 5.2.4 "活塞力 ≥40t" (tonne-force): 400 kN ≥ 40 × 9.80665 kN
    assert row("5.2.4", "活塞力", "400kN")["pass"] is True
    assert row("5.2.4", "活塞力", "380kN")["pass"] is False


def test_tesla_stays_tesla_where_the_quantity_is_not_a_force() -> None:
    with pytest.raises(InputError):
        check(CAT, "11.3.1", {"整机工作重量": "700T"})  # a mass: T is not a tonne spelling here


def test_an_unknown_unit_names_the_catalogs_spelling(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="目录写作 the catalog writes ″") as exc:
        check(CAT, "1.1.3", {"回转轴定位精度": "4秒弧"})
    assert "回转轴定位精度≤5″" in exc.value.message
    path = tmp_path / "spec.json"
    path.write_text(json.dumps({"entry": "1.1.3", "params": {"回转轴定位精度": "4 秒弧"}}), encoding="utf-8")
    done = run_cli("firstset", "check", str(path))
    assert done.returncode == 2 and done.stderr.startswith("error: ") and "″" in done.stderr
