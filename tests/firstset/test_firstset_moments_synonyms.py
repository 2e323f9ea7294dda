"""Issue 28: a crane man's t·m and 吨米 are tonne-force metres for a moment; 斗容 fills the catalog's 标准斗容."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from cli_runner import run_cli
from policyhub.errors import InputError
from policyhub.firstset import service
from policyhub.firstset.catalog import load
from policyhub.firstset.check import check
from policyhub.firstset.synonyms import alternatives
from policyhub.firstset.textnorm import name_key
from policyhub.match import catalog as match_catalog
from policyhub.match.matcher import decide
from policyhub.match.profile import parse_profile

CAT = load()


def row(code: str, name: str, value: Any) -> dict[str, Any]:
    res = check(CAT, code, {name: value})
    return next(i for t in res["tiers"] for i in t["indicators"] if i["value"] == value)


def test_the_seed_prints_the_crane_moment_in_kilonewton_metres(seed_text: str) -> None:
    assert "最大起重力矩 $\\geq 98000\\text{kN}\\cdot\\text{m}$" in seed_text


@pytest.mark.parametrize("value", ["98000 t·m", "98000t·m", "98000吨米", "98000 吨·米", "98000 T·m", "98000 tf·m"])
def test_tonne_metres_are_tonne_force_metres_for_a_moment(value: str) -> None:
    # seed 11.2.1 履带起重机 "最大起重力矩≥98000kN·m": 98000 tf·m = 961 052 kN·m
    got = row("11.2.1", "最大起重力矩", value)
    assert got["pass"] is True and got["verdict"] == "met"


@pytest.mark.parametrize("value", ["98000 t·m", "98000吨米", "98000 吨·米"])
def test_the_reading_is_stated(value: str) -> None:
    reading = row("11.2.1", "最大起重力矩", value)["reading"]
    assert "读作吨力·米 tonne-force metres" in reading and "961052 kN·m" in reading


def test_a_moment_short_of_the_bound_in_tonne_metres_is_missed() -> None:
    got = row("11.2.1", "最大起重力矩", "9000 t·m")  # 88 260 kN·m < 98000 kN·m
    assert got["pass"] is False and got["gap"]["unit"] == "kN·m"


def test_kilonewton_metres_carry_no_reading() -> None:
    assert "reading" not in row("11.2.1", "最大起重力矩", "100000 kN·m")


def test_a_tonne_is_still_a_mass_where_the_catalog_wants_a_mass() -> None:
    mass = row("11.2.1", "最大起重量", "4600t")
    assert mass["pass"] is True and "reading" not in mass
    with pytest.raises(InputError):
        check(CAT, "11.3.1", {"整机工作重量": "700 t·m"})


def test_the_force_reading_is_stated_too() -> None:
    assert "吨力 tonne-force" in row("1.2.1", "锁模力", "9200T")["reading"]


def test_the_check_command_accepts_tonne_metres_and_says_how_it_read_them(tmp_path: Path) -> None:
    spec = tmp_path / "crane.json"
    spec.write_text(json.dumps({"entry": "11.2.1", "params": {"最大起重力矩": "98000 吨米"}}), encoding="utf-8")
    done = run_cli("firstset", "check", str(spec), "--format", "json")
    assert done.returncode == 0, done.stderr
    (ind,) = [i for t in json.loads(done.stdout)["tiers"] for i in t["indicators"] if i["name"] == "最大起重力矩"]
    assert ind["pass"] is True and "tonne-force metres" in ind["reading"]
    text = run_cli("firstset", "check", str(spec))
    assert text.returncode == 0 and "读作吨力·米" in text.stdout


def test_synonym_groups_are_symmetric() -> None:
    assert name_key("标准斗容") in alternatives(name_key("斗容"))
    assert name_key("斗容") in alternatives(name_key("标准斗容"))
    assert alternatives(name_key("扬程")) == []


def test_a_bucket_capacity_fills_the_catalog_s_standard_bucket_capacity() -> None:
    # seed 4.2.1 大型无人值守露天矿用挖掘机 "标准斗容≥45m³"; 11.3.1 超大型液压挖掘机 "斗容≥40m³"
    got = row("4.2.1", "斗容", "50 m³")
    assert got["name"] == "标准斗容" and got["pass"] is True
    assert row("11.3.1", "斗容", "42 m³")["name"] == "斗容"  # the entry's own name first
    assert row("11.3.1", "铲斗容量", "42 m³")["pass"] is True


def test_match_ranks_entries_by_synonyms() -> None:
    ranked = service.match({"params": {"斗容": "50 m³", "整机重量": "750t"}})
    assert [r["entry"] for r in ranked[:2]] == ["11.3.1", "4.2.1"] and ranked[0]["qualifies"] is True


def test_a_products_bucket_capacity_fills_standard_bucket_capacity_in_match() -> None:
    spec = next(i for i in match_catalog.items() if i["id"] == "d01-catalog")
    firm = {"kind": "enterprise", "name": "某矿山机械有限公司", "province": "河南", "sector": "重型机械"}
    product = {"name": "矿用挖掘机", "entry": "4.2.1", "params": {"斗容": "50 m³"}}
    got = decide(spec, parse_profile({"entity": firm, "products": [product]}), dt.date(2024, 9, 20))
    assert got["conditions"][0]["entry"] == "4.2.1" and got["conditions"][0]["result"] != "not_met"


def test_the_entry_page_states_the_reading(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from policyhub.web.app import create_app
    from policyhub.web.pages.firstset import indicator_names

    names = [i["name"] for i in indicator_names(service.show("11.2.1"))]
    form = {f"p{names.index('最大起重力矩')}": "98000 吨米"}
    with TestClient(create_app(f"sqlite:///{tmp_path / 'app.sqlite'}")) as client:
        res = client.post("/firstset/entries/11.2.1", data=form)
    assert res.status_code == 200 and "读作吨力·米 tonne-force metres" in res.text
