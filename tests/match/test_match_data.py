"""The calls are data checked against the seed: every quote is printed there, every date is the printed one."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from policyhub.library import service
from policyhub.match import catalog

CN_DATE = re.compile(r"(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日")


def squash(text: str) -> str:
    """Compare form: the OCR's spaces and line breaks removed."""
    return re.sub(r"\s+", "", text)


def cited(item: dict[str, Any]) -> list[tuple[str, str]]:
    """(quote, citation) of every cited thing in an item: conditions, triggers, dates, quotas, notes, …"""
    out = [(c["text"], c["citation"]) for key in ("conditions", "trigger") for c in item.get(key, [])]
    out += [(q["text"], q["citation"]) for q in item.get("quotas", [])]
    out += [(n["quote"], n["citation"]) for n in item.get("notes", [])]
    out += [(item[k]["text"], item[k]["citation"]) for k in ("consequence", "route", "duty", "priority") if item.get(k)]
    out += [(item["sector"]["quote"], item["sector"]["citation"])] if item.get("sector") else []
    window = item["window"]
    out += [(d["quote"], d["citation"]) for d in ([window["opens"]] if window["opens"] else []) + window["closes"]]
    return out


ITEMS = catalog.items()


@pytest.mark.parametrize("item", ITEMS, ids=[i["id"] for i in ITEMS])
def test_every_quote_is_printed_in_the_seed_and_in_the_unit_it_cites(item: dict[str, Any], seed_text: str) -> None:
    seed = squash(seed_text)
    for quote, citation in cited(item):
        assert squash(quote) in seed, (item["id"], quote)
        unit = service.find_unit(service.get_document(citation.split(".")[0]), citation)
        assert squash(quote) in squash(unit.text), (item["id"], citation, quote)


@pytest.mark.parametrize("item", ITEMS, ids=[i["id"] for i in ITEMS])
def test_every_date_is_the_one_its_quote_prints(item: dict[str, Any]) -> None:
    window = item["window"]
    for d in ([window["opens"]] if window["opens"] else []) + window["closes"]:
        year, month, day = d["date"].split("-")
        found = CN_DATE.search(d["quote"])
        assert found, d
        # d15/d16 print the closing day without its year ("至 10 月 24 日"), d20 both its dates ("10月31日前"):
        # the year is the notice's, 2024.
        assert (found.group(1) or "2024", int(found.group(2)), int(found.group(3))) == (year, int(month), int(day))


def test_every_call_and_duty_named_in_the_issue_is_there() -> None:
    docs = {i["doc"] for i in ITEMS}
    assert docs == {"d01", "d02", "d08", "d09", "d11", "d12", "d13", "d15", "d16", "d17", "d19", "d20", "d21",
                    "d22", "d24", "d26", "d30"}  # fmt: skip
    assert len(ITEMS) == 28


def test_the_priority_product_lists_are_the_printed_15_and_11(seed_text: str) -> None:
    by_id = {i["id"]: i for i in ITEMS}
    # d21 一: “优先聚焦钢铁、电解铝、水泥、化肥、氢、石灰、玻璃、乙烯、合成氨、电石、甲醇、锂电池、新能源汽车、
    # 光伏和电子电器等重点产品”
    d21 = by_id["d21-report"]["priority"]
    assert len(d21["products"]) == 15
    assert "、".join(d21["products"][:-1]) + "和" + d21["products"][-1] in d21["text"]
    # d22 二（一）: “锂电池、光伏产品、钢铁、纺织品、电子电器、轮胎、水泥、电解铝、尿素、磷铵、木制品等产品”
    d22 = by_id["d22-apply"]["priority"]
    assert len(d22["products"]) == 11 and "、".join(d22["products"]) + "等产品" in d22["text"]


def test_a_further_compilation_adds_its_calls_as_a_data_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICYHUB_HOME", str(tmp_path))
    folder = catalog.user_calls_dir()
    folder.mkdir(parents=True)
    extra = {"doc": "d12", "items": [{
        "id": "n8-test", "kind": "call", "title": "新一期的申报", "who": "城市", "who_kinds": ["city_government"],
        "citation": "d12.二", "conditions": [], "window": {"opens": None, "closes": [
            {"date": "2025-03-31", "for": "self", "label": "截止", "quote": "请申报单位于2024年9月30日前",
             "citation": "d12.三.（二）"}]}}]}  # fmt: skip
    (folder / "n8.json").write_text(json.dumps(extra, ensure_ascii=False), encoding="utf-8")
    catalog._load.cache_clear()
    try:
        ids = [i["id"] for i in catalog.items()]
        assert "n8-test" in ids and len(ids) == 29
    finally:
        catalog._load.cache_clear()


def test_a_data_file_citing_a_unit_the_library_lacks_is_refused() -> None:
    bad = {**ITEMS[0], "citation": "d08.九十九"}
    with pytest.raises(ValueError, match="no unit"):
        catalog.validate(bad, "bad")
