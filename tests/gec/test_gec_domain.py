"""Pure core: validity (第二十四条), issuance arithmetic (第十五条), tradability (第十四条), codes, IDs, ranges."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib.resources import files

import pytest
from gec_helpers import id_number, uscc
from hypothesis import given
from hypothesis import strategies as st

from policyhub.errors import InputError
from policyhub.gec.config import rules
from policyhub.gec.domain.codes import certificate_code, claim_code, parse_code
from policyhub.gec.domain.ids import id_doc_kind, is_id_number, is_uscc
from policyhub.gec.domain.issuance import certificates, grid_is_tradable, split_kwh
from policyhub.gec.domain.months import valid_until
from policyhub.gec.domain.ranges import SerialRange, plan_take

R = rules()


def test_rule_texts_in_data_file_are_quoted_from_the_seed(seed_text: str) -> None:
    raw = json.loads(files("policyhub.gec").joinpath("data/rules.json").read_text(encoding="utf-8"))
    flat = re.sub(r"\s+", "", seed_text)
    quoted = [v["text"] for v in raw.values() if isinstance(v, dict) and "text" in v]
    assert len(quoted) >= 8
    for text in quoted:
        for piece in re.split(r"……", re.sub(r"\s+", "", text)):
            assert piece in flat, piece


def test_figures_match_the_rules() -> None:
    assert R.kwh_per_certificate == 1000  # 第十五条
    assert R.validity_months == 24  # 第二十四条
    assert R.transition_valid_until == date(2025, 12, 31)
    assert R.hydro_cutoff == date(2023, 1, 1)  # 第十四条
    assert R.retention_years == 5  # 第三十条
    assert len(R.grid_tradable) == 10  # 第二条


@pytest.mark.parametrize(
    ("month", "last_valid"),
    [
        ("2024-08", date(2026, 7, 31)),  # the issue's own example: 2 years including the production month
        ("2024-01", date(2025, 12, 31)),  # first month after the transition: 2-year rule gives the same day
        ("2024-02", date(2026, 1, 31)),
        ("2023-12", date(2025, 12, 31)),  # before 2024-01-01: extended to the end of 2025
        ("2022-03", date(2025, 12, 31)),
        ("2024-12", date(2026, 11, 30)),
        ("2025-02", date(2027, 1, 31)),
    ],
)
def test_validity_is_two_years_counted_from_the_production_month(month: str, last_valid: date) -> None:
    assert valid_until(month, R) == last_valid


@pytest.mark.parametrize(
    ("commissioned", "fully_market", "tradable"),
    [(date(2022, 12, 31), True, False), (date(2023, 1, 1), True, True), (date(2023, 1, 1), False, False)],
)
def test_hydro_is_tradable_only_from_2023_01_01_and_fully_market(
    commissioned: date, fully_market: bool, tradable: bool
) -> None:
    assert grid_is_tradable("hydro", commissioned, fully_market, R) is tradable


@pytest.mark.parametrize(
    "kind",
    [
        "wind",
        "distributed_wind",
        "offshore_wind",
        "pv",
        "distributed_pv",
        "solar_thermal",
        "biomass",
        "geothermal",
        "ocean",
    ],
)
def test_non_hydro_grid_power_is_always_tradable(kind: str) -> None:
    assert grid_is_tradable(kind, date(2010, 1, 1), False, R)


def test_self_consumed_power_is_never_tradable() -> None:
    assert split_kwh(5000, 3000, True) == {"tradable": 5000, "non_tradable": 3000}
    assert split_kwh(5000, 3000, False) == {"tradable": 0, "non_tradable": 8000}


def test_one_certificate_per_1000_kwh_remainder_carried() -> None:
    assert certificates(0, 1_234_567, R) == (1234, 567)
    assert certificates(567, 433, R) == (1, 0)
    assert certificates(0, 999, R) == (0, 999)
    assert certificates(-2000, 2500, R) == (0, 500)
    assert certificates(-5000, 2500, R) == (0, -2500)


def test_certificate_code_round_trips_and_rejects_a_changed_digit() -> None:
    code = certificate_code(123456789, R)
    assert parse_code(code, R) == ("certificate", 123456789)
    bad = code[:-2] + str((int(code[-2]) + 1) % 10) + code[-1]
    with pytest.raises(InputError) as exc:
        parse_code(bad, R)
    assert exc.value.code == "bad_check_digit"
    assert parse_code(claim_code(7, R), R) == ("claim", 7)
    with pytest.raises(InputError):
        parse_code("hello", R)


def test_a_code_is_read_in_ascii_digits_only() -> None:
    # str.isdigit() also holds for ², ① and full-width or mathematical digits: int() failed on some (a 500 at
    # /verify) and read others as the code they resemble. A code is exact (第二十七条 查验): ASCII digits only.
    code = certificate_code(123456789, R)
    body = code[3:-1]
    for odd in ("²", "①", "０", "𝟗", "٣"):
        with pytest.raises(InputError) as exc:
            parse_code(f"GEC{body[:-1]}{odd}{code[-1]}", R)
        assert exc.value.code == "invalid_code"
    fullwidth = "GEC" + body.translate(str.maketrans("0123456789", "０１２３４５６７８９")) + code[-1]
    with pytest.raises(InputError):
        parse_code(fullwidth, R)


def test_published_identity_examples_validate() -> None:
    assert is_uscc("91350100M000100Y43")  # the example in GB 32100-2015
    assert is_id_number("11010519491231002X")  # the example in GB 11643-1999
    assert not is_uscc("91350100M000100Y44")
    assert not is_id_number("110105194912310021")


def test_computed_identity_numbers_validate_and_a_changed_character_does_not() -> None:
    code = uscc("91440300MA5F00001")
    assert id_doc_kind(code) == "uscc"
    assert id_doc_kind(code[:5] + ("1" if code[5] != "1" else "2") + code[6:]) is None
    person = id_number("44030419900307123")
    assert id_doc_kind(person) == "id_card"
    assert id_doc_kind(id_number("44030419900230123")) is None  # 30 February is no birth date


@given(st.integers(0, 10**9), st.integers(1, 10**6), st.data())
def test_splitting_a_range_keeps_the_count_and_leaves_no_gap_or_overlap(
    start: int, n: int, data: st.DataObject
) -> None:
    r = SerialRange(start, start + n)
    if n > 1:
        cut = data.draw(st.integers(start + 1, start + n - 1))
        a, b = r.split(cut)
        assert a.count + b.count == r.count
        assert a.end == b.start and not a.overlaps(b)
        assert (cut - 1) in a and cut in b and cut not in a
    q = data.draw(st.integers(1, n))
    taken, rest = r.take(q)
    assert taken.count == q and taken.start == r.start
    assert rest is None or (rest.start == taken.end and rest.end == r.end and not rest.overlaps(taken))
    last, before = r.take_last(q)
    assert last.count == q and last.end == r.end
    assert before is None or before.end == last.start


@given(st.lists(st.integers(1, 50), min_size=1, max_size=10), st.integers(1, 600))
def test_plan_take_never_takes_more_than_asked_or_held(counts: list[int], quantity: int) -> None:
    plan = plan_take(counts, quantity)
    assert sum(plan) == min(quantity, sum(counts))
    assert all(0 <= p <= c for p, c in zip(plan, counts, strict=True))


def test_empty_or_reversed_range_is_rejected() -> None:
    with pytest.raises(ValueError):
        SerialRange(5, 5)
    with pytest.raises(ValueError):
        SerialRange(5, 6).split(5)
