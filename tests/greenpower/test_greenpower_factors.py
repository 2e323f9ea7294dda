"""The factor table: every shipped row cited and valid, the pick rule, a missing year warned about; the seed data."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from policyhub.digital.catalog import load_catalog
from policyhub.gec.config import rules
from policyhub.greenpower import factors
from policyhub.greenpower.accounts import report
from policyhub.greenpower.extract import extract
from policyhub.greenpower.factors import Factors, from_json
from policyhub.greenpower.seed import pilot_for, seed
from policyhub.greenpower.usefile import read_use

SHIPPED = json.loads(resources.files("policyhub.greenpower").joinpath("data", "factors.json").read_text("utf-8"))
# The figures the issue names, each found published (docs/greenpower.md gives where).
PUBLISHED = {("location", "emissions", None, 2021): "0.5568", ("location", "emissions", None, 2022): "0.5366",
             ("location", "emissions", None, 2023): "0.5306", ("residual", "emissions", None, 2023): "0.6096",
             ("generation", "emissions", "fossil", 2023): "0.8273", ("location", "footprint", None, 2023): "0.6205",
             ("generation", "footprint", "wind", 2023): "0.0336",
             ("generation", "footprint", "pv", 2023): "0.0545",
             ("location", "footprint", None, 2024): "0.5777"}  # fmt: skip


def test_every_shipped_factor_is_cited_and_the_issue_s_figures_are_there() -> None:
    table = factors.load()
    assert len(table.rows) == len(SHIPPED["factors"])
    for f in table.rows:
        assert f.publisher and f.document and f.checked and re.match(r"https?://", f.url), f.id
        assert f.unit == ("kgCO2/kWh" if f.scope == "emissions" else "kgCO2e/kWh"), f.id
    found = {(f.role, f.scope, f.kind, f.year): str(f.value) for f in table.rows}
    for key, value in PUBLISHED.items():
        assert found[key] == value, key


def test_the_tce_coefficient_is_the_compilation_s_own() -> None:
    # d17 表1 prints 电力 1.229 吨标准煤/万千瓦时; per kWh in kg that is 0.1229.
    electricity = load_catalog().energy["电力"]
    assert electricity.unit == "万千瓦时" and electricity.coefficient * 1000 / 10000 == factors.load().kgce_per_kwh()


def _row(**over: Any) -> dict[str, Any]:
    base = dict(SHIPPED["factors"][0])
    return {**base, **over}


def test_the_pick_takes_the_use_year_then_the_latest_earlier_then_the_earliest_later() -> None:
    table = factors.load()
    assert table.pick("location", 2022).factor.id == "grid-2022"
    picked = table.pick("location", 2025)
    assert picked is not None and picked.factor.id == "grid-2023" and picked.fallback
    early = table.pick("location", 2019)
    assert early is not None and early.factor.id == "grid-2021" and early.fallback
    assert table.pick("generation", 2023, scope="footprint", kind="hydro") is None
    footprint = table.pick("location", 2025, scope="footprint")
    assert footprint is not None and footprint.factor.id == "footprint-2024" and footprint.fallback


def test_a_province_s_own_factor_comes_before_the_national_one_of_the_same_year() -> None:
    rows = [_row(), _row(id="grid-2021-yn", region="云南", value="0.1073")]
    table = from_json({"factors": rows, "conversion": SHIPPED["conversion"]})
    assert table.pick("location", 2021, region="云南").factor.id == "grid-2021-yn"  # type: ignore[union-attr]
    assert table.pick("location", 2021, region="江苏").factor.id == "grid-2021"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"role": "average"}, "role must be one of"),
        ({"value": "lots"}, "not a number"),
        ({"value": "-0.1"}, "≥ 0"),
        ({"year": 1990}, "whole year"),
        ({"url": "ftp://x"}, "url"),
        ({"publisher": " "}, "publisher must be non-empty"),
        ({"kind": "wind"}, "generation factor names its kind"),
    ],
)
def test_a_bad_factor_row_is_refused_naming_it(change: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValueError, match=complaint):
        from_json({"factors": [_row(**change)], "conversion": SHIPPED["conversion"]})


def test_a_row_missing_a_field_or_a_repeated_id_is_refused() -> None:
    row = _row()
    del row["publisher"]
    with pytest.raises(ValueError, match="missing publisher"):
        from_json({"factors": [row], "conversion": SHIPPED["conversion"]})
    with pytest.raises(ValueError, match="repeat"):
        Factors([factors.load().rows[0], factors.load().rows[0]])


def test_a_use_year_without_factors_falls_back_and_warns() -> None:
    rows = read_use("site,province,month,kwh\nA,江苏,2025-03,1000\n".encode())
    result = report(rows, [], factors.load())
    missing = [w["message"] for w in result["warnings"] if w["code"] == "no_factor_for_year"]
    # 2025 has no row at all: the grid average and the residual come from 2023, the footprint average from 2024,
    # and each says so once.
    assert len(missing) == 3 and all("2025" in m for m in missing)
    for used in ("grid-2023", "residual-2023", "footprint-2024"):
        assert sum(used in m for m in missing) == 1, used
    assert result["sites"][0]["location_factor"] == "grid-2023"
    assert result["sites"][0]["location_kgco2"] == 530.6  # 1,000 × 0.5306
    assert result["sites"][0]["footprint_kgco2e"] == 577.7  # 1,000 × 0.5777


def test_a_2024_use_takes_the_2024_footprint_factor_and_2023_s_emission_factors() -> None:
    rows = read_use("site,province,month,kwh\nA,江苏,2024-03,1000\n".encode())
    result = report(rows, [], factors.load())
    site = result["sites"][0]
    # 《关于发布2024年电力碳足迹因子数据的公告》: 0.5777 kgCO2e/kWh; 2024's 电力二氧化碳排放因子 are not published.
    assert site["footprint_kgco2e"] == 577.7 and site["location_kgco2"] == 530.6
    used = {f["id"]: f for f in result["factors"]}
    assert set(used) == {"grid-2023", "residual-2023", "footprint-2024"}
    assert used["footprint-2024"]["year"] == 2024 and used["footprint-2024"]["value"] == 0.5777
    missing = [w["message"] for w in result["warnings"] if w["code"] == "no_factor_for_year"]
    assert len(missing) == 2 and not any("footprint" in m for m in missing)


def test_a_new_year_is_a_new_row_not_a_code_change() -> None:
    rows = [*SHIPPED["factors"], _row(id="grid-2024", year=2024, value="0.5")]
    table = from_json({"factors": rows, "conversion": SHIPPED["conversion"]})
    use = read_use("site,province,month,kwh\nA,江苏,2024-03,1000\n".encode())
    result = report(use, [], table)
    assert result["sites"][0]["location_factor"] == "grid-2024" and result["sites"][0]["location_kgco2"] == 500
    assert not any("grid-" in w["message"] for w in result["warnings"])  # the residual still comes from 2023


def test_the_seed_data_is_what_the_extractor_reads_from_the_seed(seed_text: str) -> None:
    assert extract(seed_text) == seed()
    pilots = [
        "锂电池",
        "光伏产品",
        "钢铁",
        "纺织品",
        "电子电器",
        "轮胎",
        "水泥",
        "电解铝",
        "尿素",
        "磷铵",
        "木制品",
    ]  # d22.二.（一） by hand
    assert seed()["pilots"]["products"] == pilots
    assert seed()["pilots"]["citation"] == "d22.二.（一）"
    # 1 certificate = 1,000 kWh: 第十五条 as printed, and the figure the registry applies.
    assert seed()["rules"]["articles"]["第十五条"]["text"].startswith("1 个绿证单位对应 1000 千瓦时")
    assert rules().kwh_per_certificate == 1000


def test_pilot_products_are_recognised_in_product_names() -> None:
    assert pilot_for("电解铝锭") == "电解铝" and pilot_for("光伏组件") == "光伏产品" and pilot_for("齿轮箱") is None


def test_the_data_files_build_from_the_seed(seed_path: Path, tmp_path: Path) -> None:
    from policyhub.greenpower.extract import build

    build(seed_path, tmp_path)
    shipped = resources.files("policyhub.greenpower").joinpath("data", "seed.json").read_text("utf-8")
    assert (tmp_path / "seed.json").read_text(encoding="utf-8") == shipped
