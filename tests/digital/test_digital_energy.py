"""表1 calculator: the seed's worked example exactly, every kind in its own unit."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from policyhub.digital.catalog import load_catalog
from policyhub.digital.energy import compute_energy, energy_to_dict
from policyhub.errors import InputError

CAT = load_catalog()


def test_seed_example_310_wan_kwh_and_1_5_wan_m3_is_382_919_tce() -> None:
    result = compute_energy({"电力": 310, "高炉煤气": 1.5}, CAT)
    assert [line.tce for line in result.lines] == [Decimal("380.99"), Decimal("1.929")]
    assert result.total_tce == Decimal("382.919")
    out = energy_to_dict(result)
    assert out["total_tce"] == 382.919 and out["total_tce_exact"] == "382.919"


def test_float_inputs_are_read_as_their_decimal_text() -> None:
    # 0.1 × 3 kinds would drift in binary floats; here it is exact
    result = compute_energy({"其他燃料": 0.1, "生物质能（用于燃料）": 0.2}, CAT)
    assert result.total_tce == Decimal("0.3")


@pytest.mark.parametrize("name", list(CAT.energy))
def test_every_kind_multiplies_its_coefficient(name: str) -> None:
    result = compute_energy({name: 1000}, CAT)
    assert result.total_tce == 1000 * CAT.energy[name].coefficient
    assert result.lines[0].unit == CAT.energy[name].unit


def test_ascii_brackets_are_accepted_in_names() -> None:
    assert compute_energy({"原煤(无烟煤)": 10}, CAT).total_tce == Decimal("9.428")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"天然气": 1}, "未知能源品种"),
        ({"电力": -0.1}, "数量不能为负"),
        ({"电力": True}, "应为数值"),
        ({}, "应为对象"),
        ({"电力": "NaN"}, "finite"),
        ({"电力": 1, "电力 ": 2}, "重复填写"),
    ],
)
def test_bad_energy_input_is_rejected(data: object, message: str) -> None:
    with pytest.raises(InputError, match=message):
        compute_energy(data, CAT)


def test_the_example_as_printed_in_the_seed(seed_text: str) -> None:
    example = next(line for line in seed_text.splitlines() if line.startswith("示例：某企业本年度耗电"))
    electricity = re.search(r"耗电 ([\d.]+) 万千瓦时", example)
    gas = re.search(r"高炉煤气 ([\d.]+) 万立方米", example)
    total = re.search(r"能源消费总量为 \$[\d.]+ \+ [\d.]+ = ([\d.]+)\$", example)
    assert electricity and gas and total
    result = compute_energy({"电力": electricity.group(1), "高炉煤气": gas.group(1)}, CAT)
    assert result.total_tce == Decimal(total.group(1))


@pytest.mark.parametrize("value", ["1e400", "1e-400", 10**30, "Infinity"])
def test_absurd_magnitudes_are_rejected_not_overflowed(value: object) -> None:
    with pytest.raises(InputError, match=r"out of range|finite"):
        compute_energy({"电力": value}, CAT)
