"""The rule data holds the seed's text as printed, with citations and effective dates."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from policyhub.library.rules.ruledata import RULE_SETS, load


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sentences(text: str) -> list[str]:
    """Printed texts may join clauses of one article; each sentence must be in the seed."""
    return [s for s in re.split(r"(?<=[。；])", squash(text)) if s]


def assert_printed(text: str, seed: str) -> None:
    for sentence in sentences(text):
        assert sentence in seed, sentence


@pytest.fixture(scope="module")
def seed(seed_text: str) -> str:
    return squash(seed_text)


def test_every_rule_set_loads() -> None:
    for name in RULE_SETS:
        assert load(name)["rule_set"] == name


def test_negative_list_measures_are_printed_in_the_seed(seed: str) -> None:
    doc = load("negative_list_2024")
    assert [m["no"] for m in doc["measures"]] == list(range(1, 30))
    for m in doc["measures"]:
        assert squash(f"{m['no']}{m['text']}") in seed
        assert m["citation"]["article"] == f"第{m['no']}项"
    texts = [doc["document"]["promulgation_text"], doc["previous_list"]["text"], doc["removed_from_2021"]["text"]]
    texts += [doc["manufacturing"]["text"], doc["outside_list"]["text"]]
    texts += [n["text"] for n in doc["notes"]] + [g["text"] for g in doc["general_measures"]]
    for text in texts:
        assert_printed(text, seed)
    for m in doc["removed_from_2021"]["measures"]:
        assert squash(m["text"]) in seed


def test_negative_list_effective_dates_match_the_order(seed: str) -> None:
    doc = load("negative_list_2024")["document"]
    assert doc["effective_from"] == "2024-11-01"
    assert "自2024年11月1日起施行" in seed
    assert "2021年版《外商投资准入负面清单》自2024年11月1日起废止" in seed


def test_every_measure_type_is_known() -> None:
    known = {"prohibited", "chinese_control", "equity_cap", "joint_venture_only", "legal_rep_nationality", "other"}
    for m in load("negative_list_2024")["measures"]:
        for r in m["restrictions"]:
            assert r["type"] in known
            assert ("equity_cap" in r) == (r["type"] == "equity_cap")


def test_rd_rule_texts_are_printed_in_the_seed(seed: str) -> None:
    doc = load("rd_limits_2024")
    for rule in doc["rules"]:
        assert_printed(rule["text"], seed)
    for item in doc["not_checked"]:
        assert_printed(item["text"], seed)
    assert_printed(doc["guides"]["transport"]["jiebang"]["text"], seed)
    for guide in doc["guides"].values():
        assert squash(guide["title"]) in seed


def test_rd_rule_dates_are_the_printed_dates(seed: str) -> None:
    printed = {"1964-01-01": "1964年1月1日", "1986-01-01": "1986年1月1日", "1984-01-01": "1984年1月1日",
               "2023-06-30": "2023年6月30日", "2024-12-31": "2024年12月31日"}  # fmt: skip
    for rule in load("rd_limits_2024")["rules"]:
        for value in rule["params"].values():
            if isinstance(value, str) and value in printed:
                assert printed[value] in squash(rule["text"]), (rule["id"], value)


def test_stamp_duty_clauses_are_printed_in_the_seed(seed: str) -> None:
    doc = load("stamp_duty_2024_14")
    for text in doc["clauses"].values():
        assert squash(text) in seed
    assert doc["document"]["number"].replace(" ", "") in seed
    assert (doc["document"]["effective_from"], doc["document"]["effective_to"]) == ("2024-10-01", "2027-12-31")
    for spec in doc["conditions"].values():
        assert spec["clause"] in doc["clauses"]
    for spec in doc["types"].values():
        assert spec["clause"] in doc["clauses"]


def test_docs_examples_are_valid_inputs() -> None:
    """The input examples in docs/rules.md (copied to the README) must run."""
    from policyhub.library.rules.inputs import RdCase, StampCase, parse
    from policyhub.library.rules.rd_eligibility import check_eligibility
    from policyhub.library.rules.stamp_duty import assess

    docs = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    import json

    blocks: list[Any] = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", docs, re.S)]
    rd, stamp = blocks
    result = check_eligibility(parse(RdCase, rd))
    assert result["eligible"] is True and result["status"] == "eligible"  # issue 13: the example names every fact
    items = {i["id"]: i for i in assess(parse(StampCase, stamp))["items"]}
    assert (items["books"]["status"], items["books"]["taxable_base"], items["books"]["tax"]) == (
        "partly_exempt", 2_000_000, 500.0)  # fmt: skip
    assert items["land"]["exempt"] is True
    assert items["appraisal"]["exempt"] is False and items["appraisal"]["taxable_base"] == 2_000_000
