"""Charts as inline SVG (matplotlib, Agg), with a CJK font so Chinese labels render."""

from __future__ import annotations

import io
import math
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping, Sequence

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from policyhub.render.fonts import matplotlib_families


def _setup() -> None:
    plt.rcParams["font.family"] = matplotlib_families()
    plt.rcParams["svg.fonttype"] = "none"  # keep text as text: smaller, selectable, searchable
    plt.rcParams["axes.unicode_minus"] = False


def _svg(fig: object) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")  # type: ignore[attr-defined]
    plt.close(fig)  # type: ignore[arg-type]
    text = buf.getvalue()
    return text[text.index("<svg") :]


def radar(labels: Sequence[str], values: Sequence[float], maximum: float = 100.0) -> str:
    """A radar chart of scores (0..maximum) as an SVG string."""
    _setup()
    n = len(labels)
    angles = [2 * math.pi * i / n for i in range(n)]
    fig = plt.figure(figsize=(4.2, 4.2))
    ax = fig.add_subplot(polar=True)
    closed = [*values, values[0]]
    ax.plot([*angles, angles[0]], closed, color="#0b6e4f", linewidth=2)
    ax.fill([*angles, angles[0]], closed, color="#0b6e4f", alpha=0.25)
    ax.set_xticks(angles)
    ax.set_xticklabels(list(labels))
    ax.set_ylim(0, maximum)
    return _svg(fig)


def cn_number(value: float) -> str:
    """A tick value the way Chinese statistics print it: 8,000 · 1,200万 · 3.5亿 (no 1e6 offset)."""
    sign, v = ("-" if value < 0 else ""), abs(value)
    for size, unit in ((1e8, "亿"), (1e4, "万")):
        if v >= size:
            return f"{sign}{v / size:,.2f}".rstrip("0").rstrip(".") + unit
    return f"{sign}{v:,.2f}".rstrip("0").rstrip(".")


def shown_labels(labels: Sequence[str], most: int) -> list[str]:
    """Every Nth label (blank between) so that at most `most` are printed and none overlap."""
    step = max(1, math.ceil(len(labels) / most))
    return [label if i % step == 0 else "" for i, label in enumerate(labels)]


CHARTS_KEPT = 64  # bar charts kept, by their figures: drawing one costs 0.5 s of CPU, reading it back nothing
_DRAWN: OrderedDict[Hashable, str] = OrderedDict()
_DRAWN_GUARD = threading.Lock()


def bars(
    categories: Sequence[str],
    series: Mapping[str, Sequence[float]],
    title: str = "",
    ylabel: str = "",
    max_labels: int = 14,
) -> str:
    """Grouped bars as an SVG string: one group per category, one bar per series; `ylabel` is the unit.

    The same figures give the same chart: a public page drawn again after an unrelated journal entry (a buy moves
    the journal head, not last month's issuance) reuses the drawing.
    """
    key = (tuple(categories), tuple((k, tuple(v)) for k, v in series.items()), title, ylabel, max_labels)
    with _DRAWN_GUARD:
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
    svg = _draw_bars(categories, series, title, ylabel, max_labels)
    with _DRAWN_GUARD:
        _DRAWN[key] = svg
        while len(_DRAWN) > CHARTS_KEPT:
            _DRAWN.popitem(last=False)
    return svg


def _draw_bars(
    categories: Sequence[str], series: Mapping[str, Sequence[float]], title: str, ylabel: str, max_labels: int
) -> str:
    _setup()
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    width = 0.8 / max(len(series), 1)
    palette = ["#0b6e4f", "#b3541e", "#3b5b92", "#8a6d00", "#6b3fa0"]
    for i, (name, values) in enumerate(series.items()):
        xs = [x + i * width for x in range(len(categories))]
        ax.bar(xs, list(values), width=width, label=name, color=palette[i % len(palette)])
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(categories))])
    crowded = len(categories) > 6
    ax.set_xticklabels(
        shown_labels(list(categories), max_labels),
        rotation=45 if crowded else 0,
        ha="right" if crowded else "center",
        rotation_mode="anchor",  # a rotated label ends under its own bar
    )
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: cn_number(v)))
    if title:
        ax.set_title(title, pad=20 if ylabel else 6)  # room for the unit label under it
    if ylabel:
        # Horizontal, above the axis: a vertical unit such as a lone "个" reads badly in Chinese.
        ax.annotate(ylabel, xy=(0, 1), xycoords="axes fraction", xytext=(0, 6), textcoords="offset points",
                    ha="left", va="bottom", color="#5b6575", fontsize=9)  # fmt: skip
    if len(series) > 1:
        ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
