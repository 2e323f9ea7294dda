"""A month is YYYY-MM from 2000 on, exactly: the report, the commands and the CLI all parse it the same way."""

from __future__ import annotations

import pytest

from policyhub.errors import InputError
from policyhub.gec.domain.months import parse_month


@pytest.mark.parametrize("text", ["0000-01", "1999-12", "2024-00", "2024-13", "2024-8", "2024-08\n", "2024-08 ",
                                  " 2024-08", "２０２４-08", "٢٠٢٤-08", "2024/08", ""])  # fmt: skip
def test_anything_but_a_real_month_is_refused_chinese_first(text: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_month(text)
    assert refused.value.code == "invalid_month" and refused.value.message.startswith("月份应为 2000 年以后")


def test_months_from_2000_parse() -> None:
    assert parse_month("2000-01") == (2000, 1)
    assert parse_month("2024-08") == (2024, 8)
    assert parse_month("9999-12") == (9999, 12)
