"""The shipped data files say what the seed prints: texts, types, weights, scenarios, levels, 表1."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from digital_helpers import CONSTRAINED, GUIDED, MULTI, N_OPTIONS

from policyhub.digital.catalog import load_catalog

CAT = load_catalog()


def test_fifteen_questions_with_printed_option_counts_and_types() -> None:
    assert list(CAT.questions) == list(range(1, 16))
    for number, q in CAT.questions.items():
        assert len(q.options) == N_OPTIONS[number], number
        assert q.multi == (number in MULTI), number


def test_weights_multiply_to_the_printed_shares() -> None:
    # 一级 × 二级 × 采集项, e.g. Q1 = 50% × 40% × 40% = 8%
    expected = {
        1: "0.08",
        2: "0.06",
        3: "0.06",
        4: "0.1",
        5: "0.1",
        6: "0.05",
        7: "0.05",
        8: "0.075",
        9: "0.075",
        10: "0.075",
        11: "0.075",
        12: "0.07",
        13: "0.07",
        14: "0.03",
        15: "0.03",
    }
    for number, share in expected.items():
        assert CAT.questions[number].weight == Fraction(share), number
    assert sum(q.weight for q in CAT.questions.values()) == 1


def test_every_question_and_option_text_is_printed_in_the_seed(seed_text: str) -> None:
    for q in CAT.questions.values():
        assert q.text in seed_text, q.number
        for option in q.options:
            assert option in seed_text, (q.number, option)


def test_sixteen_scenarios_ten_constrained_with_printed_descriptions(seed_text: str) -> None:
    assert len(CAT.scenarios) == 16
    assert [n for n, s in CAT.scenarios.items() if s.constrained] == CONSTRAINED
    assert [n for n, s in CAT.scenarios.items() if not s.constrained] == GUIDED
    for s in CAT.scenarios.values():
        assert len(s.levels) == 4
        for text in s.levels:
            assert text in seed_text, (s.name, text)


def test_level_table_matches_the_seed(seed_text: str) -> None:
    rows = [(r.name, r.min_score, r.min_scenarios, r.min_constrained) for r in CAT.levels]
    assert rows == [
        ("一级（初始级）", 20, 6, 3),
        ("二级（规范级）", 40, 6, 3),
        ("三级（集成级）", 60, 8, 5),
        ("四级（协同级）", 80, 10, 6),
    ]
    for r in CAT.levels:
        assert f"{r.name}\t≥{r.min_score} 分\t{r.requirement}" in seed_text
    assert CAT.none_name == "无等级"


def test_energy_table_has_fifteen_kinds_with_units_and_coefficients(seed_text: str) -> None:
    assert len(CAT.energy) == 15
    assert CAT.energy["电力"].unit == "万千瓦时" and CAT.energy["电力"].coefficient == Decimal("1.229")
    assert CAT.energy["高炉煤气"].unit == "万立方米" and CAT.energy["高炉煤气"].coefficient == Decimal("1.286")
    assert CAT.energy["热力"].unit == "百万千焦"
    assert CAT.energy["原煤（无烟煤）"].unit == "吨"
    for k in CAT.energy.values():
        assert f"{k.name}\t{k.unit}\t{k.coefficient}" in seed_text, k.name
