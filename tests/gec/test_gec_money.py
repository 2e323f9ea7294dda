"""Prices in 元/个 (第二十条) are exact: 分 integers in, text out, averages rounded half-up to the 分."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyhub.gec.domain.money import average_price, parse_power_price, parse_price, yuan


@given(st.integers(1, 10**11))
def test_a_price_survives_the_round_trip_through_its_text(fen: int) -> None:
    assert parse_price(yuan(fen)) == fen


@pytest.mark.parametrize("raw", ["0", "-1", "5.001", "abc", "NaN", "Infinity", True, None, [5]])
def test_prices_that_are_not_positive_whole_fen_are_refused(raw: object) -> None:
    with pytest.raises(ValueError):
        parse_price(raw)


def test_json_numbers_and_text_mean_the_same_price() -> None:
    assert parse_price(5) == parse_price("5.00") == parse_price(5.0) == 500
    assert parse_price(0.1) == 10  # the float's shortest text, not its binary value


def test_the_average_is_weighted_by_quantity_and_rounded_half_up() -> None:
    assert average_price(100 * 500 + 10 * 480, 110) == "4.98"  # 4.9818…
    assert average_price(5, 2) == "0.03"  # 2.5 分 rounds up
    assert average_price(0, 0) is None


def test_power_prices_keep_their_digits_in_yuan_per_kwh() -> None:
    assert parse_power_price("0.350") == "0.35"
    with pytest.raises(ValueError):
        parse_power_price("-0.1")
