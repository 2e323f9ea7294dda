"""Addressees as data: every document's 主送 and every line asking someone to act has its item, quoted from the seed."""

from __future__ import annotations

import re
from typing import Any

import pytest
from match_support import FIRM, item, run

from policyhub.library.model import Document
from policyhub.library.split import seed_documents
from policyhub.match import addressees, catalog
from policyhub.match.profile import parse_profile

ITEMS = {i["id"]: i for i in catalog.items()}
DOCS = addressees.data()["documents"]
NAMES = ("工业和信息化", "发展改革", "市场监管", "生态环境", "能源", "科技", "财政", "商务", "交通运输", "教育", "其他")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def seed_docs(seed_text: str) -> list[Document]:
    return seed_documents(seed_text)


def test_every_one_of_the_30_documents_is_in_the_data(seed_docs: list[Document]) -> None:
    assert [d.id for d in seed_docs] == list(DOCS) and len(DOCS) == 30
    for doc in seed_docs:
        if not DOCS[doc.id]["addressees"]:
            assert DOCS[doc.id]["note"], f"{doc.id}: addresses no one, and says why"


def test_every_line_asking_someone_to_act_has_an_item(seed_docs: list[Document]) -> None:
    """The walker: each “请各…”, “请结合实际…”, “…于…前” line of the seed is quoted by an entry with its items."""
    walked = 0
    for doc in seed_docs:
        for unit_id, line in addressees.action_lines(doc):
            walked += 1
            found = [e for e in DOCS[doc.id]["addressees"]
                     if e["citation"] == unit_id and squash(e["quote"]) in squash(line) and e["items"]]  # fmt: skip
            assert found, f"{unit_id}: no item for “{line[:60]}…”"
    assert walked == 14  # d02, d08, d09 ×2, d11, d12, d15, d16 ×2, d19, d20 (both dates), d21 ×2, d22


def test_every_salutation_is_covered_addressee_by_addressee(seed_docs: list[Document]) -> None:
    for doc in seed_docs:
        found = addressees.salutation(doc)
        if found is None:
            continue
        unit_id, line = found
        rest = squash(line)
        for e in DOCS[doc.id]["addressees"]:
            if e["citation"] == unit_id and e["line"] == "salutation":
                rest = rest.replace(squash(e["quote"]), "", 1)
        assert re.fullmatch(r"[，、：]*", rest), f"{doc.id}: 主送 not all covered: {rest}"


@pytest.mark.parametrize("doc_id", list(DOCS))
def test_every_entry_is_quoted_from_its_unit_and_names_real_items(doc_id: str, seed_docs: list[Document]) -> None:
    doc = next(d for d in seed_docs if d.id == doc_id)
    units = {u.id: u for u in doc.units}
    for e in DOCS[doc_id]["addressees"]:
        assert squash(e["quote"]) in squash(units[e["citation"]].text), e
        assert set(e["kinds"]) <= set(catalog.KINDS) and e["line"] in ("salutation", "action", "recommender")
        assert set(e.get("departments", [])) <= set(NAMES)
        if set(e["kinds"]) & set(addressees.GOVERNMENTS) and "departments" not in e:
            assert e.get("note"), f"{e['quote']}: a government without a department says why"
        assert e["items"] or e["no_item"], e
        for item_id in e["items"]:
            assert ITEMS[item_id]["doc"] == doc_id
        who = {k for i in e["items"] for k in ITEMS[i]["who_kinds"]}
        assert not e["items"] or set(e["kinds"]) <= who, e


def test_the_department_names_are_the_issue_s_eleven() -> None:
    assert tuple(addressees.departments()) == NAMES


@pytest.mark.parametrize(("written", "name"), [
    ("市场监管", "市场监管"), ("市场监督管理局", "市场监管"), ("江苏省市场监督管理局", "市场监管"),
    ("工业和信息化厅", "工业和信息化"), ("河南省工业和信息化厅", "工业和信息化"), ("经信委", "工业和信息化"),
    ("发展和改革委员会", "发展改革"), ("发改委", "发展改革"), ("科学技术厅", "科技"), ("交通运输厅", "交通运输"),
    ("生态环境厅", "生态环境"), ("能源局", "能源"), ("财政厅", "财政"), ("商务厅", "商务"), ("教育厅", "教育"),
    ("其他", "其他"),
])  # fmt: skip
def test_a_department_is_read_in_its_long_forms(written: str, name: str) -> None:
    assert addressees.department(written) == name


def test_an_unknown_department_is_refused_naming_the_field() -> None:
    with pytest.raises(Exception, match=r"entity\.department"):
        parse_profile({"entity": {"kind": "provincial_government", "department": "宣传部"}})


def _statuses(entity: dict[str, Any]) -> dict[str, str]:
    return {i["id"]: i["status"] for i in run({"entity": entity})["items"]}


def test_a_market_regulator_sees_its_own_tasks_and_not_the_others() -> None:
    """The issue's 江苏省市场监督管理局: d08/d09/d19/d20 are other departments'; d11, d16's confirmation are its own."""
    got = _statuses({"kind": "provincial_government", "province": "江苏", "department": "江苏省市场监督管理局"})
    for other in ("d08-recommend", "d09-submit", "d19-submit", "d20-recommend", "d15-recommend", "d02-implement"):
        assert got[other] == "not_applicable", other
    assert got["d11-implement"] == "required" and got["d16-recommend"] == "required"
    assert got["d22-apply"] == "undetermined"  # its own call, the pilot's figures not given


def test_another_department_s_task_is_not_applicable_with_the_addressee_quoted() -> None:
    samr = {"entity": {"kind": "provincial_government", "department": "市场监管"}}
    got = item(samr, "d08-recommend")
    line = next(c for c in got["conditions"] if c["role"] == "addressee")
    assert line["result"] == "not_met" and "请各地工业和信息化主管部门、中央企业集团在2024年10月27日前" in line["text"]
    assert line["citation"] == "d08.三.（三）" and got["missing"] == []
    miit = item({"entity": {"kind": "provincial_government", "department": "工业和信息化厅"}}, "d22-apply")
    assert miit["status"] == "not_applicable"
    assert any("有意愿的省级市场监管部门" in c["text"] for c in miit["conditions"])


def test_a_government_without_a_department_is_undetermined_naming_the_field() -> None:
    for item_id in ("d08-recommend", "d09-submit", "d19-submit", "d20-recommend", "d22-apply", "d11-implement"):
        got = item({"entity": {"kind": "provincial_government"}}, item_id)
        assert got["status"] == "undetermined" and "entity.department" in got["missing"], item_id
        assert any(f["field"] == "entity.department" for f in got["missing_facts"])


def test_the_recommenders_confirm_by_16_00_on_10_28() -> None:
    for item_id, unit in (("d15-recommend", "d15.四.2"), ("d16-recommend", "d16.四.（二）")):
        window = item({"entity": {"kind": "provincial_government", "department": "科技厅"}}, item_id)["window"]
        assert window["closes"] == "2024-10-28" and window["time"] == "16:00"
        assert window["dates"][-1]["quote"].replace(" ", "") == "于2024年10月28日16:00前"
        assert window["dates"][-1]["citation"] == unit


def test_a_firm_and_a_city_are_not_asked_for_a_department() -> None:
    assert "entity.department" not in str(item({"entity": FIRM}, "d20-apply")["missing"])
    city = item({"entity": {"kind": "city_government", "city_level": "prefecture"}}, "d12-apply")
    assert city["status"] == "eligible"


def test_the_calls_listing_carries_each_item_s_addressees() -> None:
    rows = {r["id"]: r for r in catalog.listing()}
    quotes = [e["quote"] for e in rows["d16-recommend"]["addressees"]]
    assert "原工业部门转制成立的行业协会" in quotes and "请各推荐单位于 2024 年 10 月 28 日 16:00 前" in quotes
    assert rows["d08-apply"]["addressees"] == []  # the firm files through its authority: the notice is not sent to it
