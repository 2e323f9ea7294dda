"""Charts a Chinese reader reads: 万/亿 ticks without a 1e6 offset, month labels that do not crowd, a level unit."""

from __future__ import annotations

import re

import pytest

from policyhub.render.charts import bars, cn_number, shown_labels

MONTHS = [f"{y}-{m:02}" for y in (2023, 2024) for m in range(1, 13)]


def _texts(svg: str) -> list[tuple[str, str]]:
    """(transform, text) of each text element (svg.fonttype none keeps text as text)."""
    return re.findall(r'<text[^>]*?transform="([^"]*)"[^>]*>([^<]*)</text>', svg)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, "0"), (6.8, "6.8"), (8000, "8,000"), (25_000, "2.5万"), (12_000_000, "1,200万"), (350_000_000, "3.5亿")],
)
def test_numbers_read_in_wan_and_yi(value: float, shown: str) -> None:
    assert cn_number(value) == shown


def test_large_values_get_wan_ticks_and_no_scientific_offset() -> None:
    svg = bars(MONTHS, {"可交易": [35_000_000 + i * 1_000_000 for i in range(24)]}, ylabel="证书数（个）")
    ticks = [t for _, t in _texts(svg)]
    assert any(t.endswith("万") and "," in t for t in ticks), ticks
    assert not any(re.search(r"1e\d|×10|10\^", t) for t in ticks), ticks
    assert "<text" in svg and svg.startswith("<svg")


def test_many_months_are_thinned_so_labels_do_not_overlap() -> None:
    assert shown_labels(MONTHS, 12) == [m if i % 2 == 0 else "" for i, m in enumerate(MONTHS)]
    svg = bars(MONTHS, {"核发": [1.0] * 24})
    months = [t for _, t in _texts(svg) if re.fullmatch(r"\d{4}-\d{2}", t)]
    assert 6 <= len(months) <= 14 and months[0] == "2023-01"


def test_the_unit_label_is_horizontal_not_a_lone_rotated_character() -> None:
    svg = bars(["风电", "光伏"], {"核发": [1_000, 2_000]}, title="按项目类型", ylabel="证书数（个）")
    [(transform, _)] = [(tr, t) for tr, t in _texts(svg) if t == "证书数（个）"]
    assert "rotate(-90" not in transform
    assert not any(t == "个" for _, t in _texts(svg))


def test_a_bar_chart_of_the_same_figures_is_drawn_once() -> None:
    from policyhub.render.charts import bars

    first = bars(["2024-07", "2024-08"], {"可交易 tradable": [5, 7]}, ylabel="证书数（个）")
    assert bars(["2024-07", "2024-08"], {"可交易 tradable": [5, 7]}, ylabel="证书数（个）") is first
    other = bars(["2024-07", "2024-08"], {"可交易 tradable": [5, 8]}, ylabel="证书数（个）")
    assert other is not first and other != first
