"""Charts as inline SVG (matplotlib, Agg), with a CJK font so Chinese labels render."""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence
from functools import cache

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt
from matplotlib import font_manager

CJK_FONTS = ["Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans"]


@cache
def _setup() -> None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    plt.rcParams["font.family"] = [f for f in CJK_FONTS if f in installed] or ["DejaVu Sans"]
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


def bars(categories: Sequence[str], series: Mapping[str, Sequence[float]], title: str = "", ylabel: str = "") -> str:
    """Grouped bars (one group per category, one bar per series) as an SVG string."""
    _setup()
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    width = 0.8 / max(len(series), 1)
    palette = ["#0b6e4f", "#b3541e", "#3b5b92", "#8a6d00", "#6b3fa0"]
    for i, (name, values) in enumerate(series.items()):
        xs = [x + i * width for x in range(len(categories))]
        ax.bar(xs, list(values), width=width, label=name, color=palette[i % len(palette)])
    ax.set_xticks([x + width * (len(series) - 1) / 2 for x in range(len(categories))])
    ax.set_xticklabels(list(categories), rotation=30 if len(categories) > 6 else 0, ha="right")
    if title:
        ax.set_title(title)
    if ylabel:
        ax.set_ylabel(ylabel)
    if len(series) > 1:
        ax.legend(frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    return _svg(fig)
