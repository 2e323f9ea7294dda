"""A firm keeps its dated digital and management assessments, on SQLite and PostgreSQL; history and changes."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from policyhub.errors import InputError
from policyhub.firms.history import changes, series
from policyhub.firms.identity import credit_code
from policyhub.firms.report import build
from policyhub.firms.service import record
from policyhub.firms.store import FirmStore

ROOT = Path(__file__).resolve().parents[2]
CODE = "91350100M000100Y43"  # a code whose check character is right (GB 32100-2015)
DIGITAL_1 = {"answers": {"1": [1], "2": 1, "3": 1, "4": [1], "5": 1, "6": [1], "7": [1], "8": 1, "9": [1],
                         "10": [1], "11": 1, "12": 1, "13": 1, "14": 1, "15": 1},
             "scenarios": {"产品设计": [1], "生产管控": [1]}}  # fmt: skip
DIGITAL_2 = {"answers": DIGITAL_1["answers"] | {"1": [1, 2], "3": 2, "5": 2},
             "scenarios": {"产品设计": [1, 2], "生产管控": [1, 2], "设备管理": [1]}}  # fmt: skip


@pytest.fixture
def store(db_url: str) -> FirmStore:
    return FirmStore(create_engine(db_url))


def test_a_firm_assessed_twice_keeps_both_with_dates_and_shows_what_changed(store: FirmStore) -> None:
    before, after = {"二.（一）": "none", "二.（二）": "partly"}, {"二.（一）": "done", "二.（二）": "partly"}
    record(store, "华东重机", "manage", {"answers": before}, date(2024, 3, 1), CODE)
    record(store, "华东重机", "manage", {"answers": after}, date(2024, 9, 1))
    record(store, "华东重机", "digital", DIGITAL_1, date(2024, 3, 2), sector="重型机械行业")
    record(store, "华东重机", "digital", DIGITAL_2, date(2024, 9, 2))
    firm = store.get(CODE)
    assert firm["name"] == "华东重机" and firm["sector"] == "重型机械" and store.get("华东重机")["id"] == firm["id"]
    manage = store.assessments(firm["id"], "manage")
    assert [a["on"] for a in manage] == ["2024-03-01", "2024-09-01"]
    moved = changes(manage[0], manage[1])
    assert {"what": "做法 二.（一） 明确战略定位", "before": "未开展", "after": "已开展"} in moved
    assert {"what": "二、提升企业战略管理能力 已开展比例", "before": "25%", "after": "75%"} in moved
    digital = store.assessments(firm["id"], "digital")
    d_moved = {c["what"]: c for c in changes(digital[0], digital[1])}
    assert d_moved["场景 设备管理 等级"]["after"] == 1 and d_moved["总分 score"]["delta"] > 0
    lines = series(store.assessments(firm["id"]))
    assert lines["manage"]["二、企业战略管理能力"] == [("2024-03-01", 25.0), ("2024-09-01", 75.0)]
    assert lines["manage"]["三、企业人力资源管理能力"] == [("2024-03-01", None), ("2024-09-01", None)]
    assert [d for d, _ in lines["digital"]["总分"]] == ["2024-03-02", "2024-09-02"]


def test_a_name_only_firm_takes_its_credit_code_later(store: FirmStore) -> None:
    first = store.ensure("某锻压厂")
    again = store.ensure("某锻压厂", CODE.lower())
    assert again["id"] == first["id"] and again["credit_code"] == CODE
    assert len(store.all_firms()) == 1


def test_a_bad_submission_is_not_saved(store: FirmStore) -> None:
    with pytest.raises(InputError):
        record(store, "某厂", "manage", {"answers": {"二.（一）": "maybe"}}, date(2024, 1, 1))
    assert store.all_firms() == []


def test_an_unknown_sector_is_refused_and_a_known_one_named_as_the_renewal_guide_does(store: FirmStore) -> None:
    with pytest.raises(InputError) as err:
        record(store, "某厂", "manage", {"answers": {}}, date(2024, 1, 1), sector="火星")
    assert "重型机械行业" in err.value.message
    saved = record(store, "某厂", "manage", {"answers": {}}, date(2024, 1, 1), sector="工业母机行业")
    assert saved["firm"]["sector"] == "工业母机"


@pytest.mark.parametrize("bad", ["91350100M000100Y44", "9135010OM000100Y43", "123"])
def test_a_credit_code_with_a_wrong_check_or_character_is_refused(bad: str) -> None:
    with pytest.raises(InputError):
        credit_code(bad)


def test_the_report_joins_digital_plan_management_scenarios_and_sector_goals(store: FirmStore) -> None:
    record(store, "华东重机", "digital", DIGITAL_1, date(2024, 3, 2), CODE, "重型机械")
    record(store, "华东重机", "manage", {"answers": {"三.（四）": "none"}}, date(2024, 3, 3))
    firm = store.get(CODE)
    rep = build(firm, store.assessments(firm["id"]))
    assert rep["digital"]["result"]["level"] == 0 and rep["digital"]["plan"]["steps"]
    assert all(s["citation"].startswith("d17.") for s in rep["digital"]["plan"]["steps"])
    assert rep["manage"]["priorities"] == ["三.（四）"]
    assert rep["aims"] and all(s["citation"].startswith("d03.") for a in rep["aims"] for s in a["scenarios"])
    assert rep["goals"]["name"] == "重型机械行业" and rep["goals"]["goal_citation"].startswith("d02.")


_REFUSE_ASSESSMENTS = {
    "sqlite": ["CREATE TRIGGER refuse BEFORE INSERT ON firm_assessments BEGIN SELECT RAISE(ABORT, 'refused'); END"],
    "postgresql": [
        "CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$",
        "CREATE TRIGGER refuse BEFORE INSERT ON firm_assessments FOR EACH ROW EXECUTE FUNCTION refuse()",
    ],
}


def test_a_failed_save_leaves_no_new_firm_and_no_changed_sector(store: FirmStore) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from policyhub.firms.service import record_own

    own = record(store, "华东重机", "manage", {"answers": {}}, date(2024, 3, 1), CODE)["firm"]
    with store.engine.begin() as conn:  # the database refuses every later assessment, as a full disk would
        for statement in _REFUSE_ASSESSMENTS[store.engine.dialect.name]:
            conn.execute(text(statement))
    try:
        with pytest.raises(DBAPIError):
            record(store, "新来的厂", "manage", {"answers": {}}, date(2024, 3, 2), sector="重型机械行业")
        with pytest.raises(DBAPIError):
            record_own(store, int(own["id"]), "digital", DIGITAL_1, date(2024, 3, 2), sector="重型机械行业")
    finally:  # the PostgreSQL database is the worker's, emptied of rows (not of triggers) for the next test
        with store.engine.begin() as conn:
            conn.execute(text("DROP TRIGGER refuse ON firm_assessments" if store.engine.dialect.name == "postgresql"
                              else "DROP TRIGGER refuse"))  # fmt: skip
            if store.engine.dialect.name == "postgresql":
                conn.execute(text("DROP FUNCTION refuse()"))
    assert [f["name"] for f in store.all_firms()] == ["华东重机"]
    assert store.get(CODE)["sector"] == own["sector"] and len(store.assessments(int(own["id"]))) == 1
