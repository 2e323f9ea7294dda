"""A firm's history as a line chart (inline SVG, CJK labels): one line per dimension, one point per assessment."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt

from policyhub.render.fonts import matplotlib_families

PALETTE = ["#0b6e4f", "#b3541e", "#3b5b92", "#8a6d00", "#6b3fa0", "#a23b72", "#2e7d32", "#5d4037", "#455a64", "#c62828"]
# Two series with equal values would hide each other: each has its own marker and dash, and markers shrink from the
# first series to the last so equal points nest (a large square around a small triangle) instead of covering.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*", "h", "<"]
DASHES = ["-", "--", ":", "-.", (0, (5, 1, 1, 1)), (0, (1, 2))]


def history_chart(lines: dict[str, list[tuple[str, float | None]]], title: str, ylabel: str = "%") -> str:
    """Dates on x (as ordered categories: assessments are not evenly spaced), 0–100 on y; gaps where None."""
    plt.rcParams["font.family"] = matplotlib_families()
    plt.rcParams["svg.fonttype"] = "none"  # text stays text: selectable, and a test can read the labels
    plt.rcParams["axes.unicode_minus"] = False
    dates = sorted({d for points in lines.values() for d, _ in points})
    fig, ax = plt.subplots(figsize=(7.5, 3.8))
    drawn = {name: points for name, points in lines.items() if any(v is not None for _, v in points)}
    for i, (name, points) in enumerate(drawn.items()):  # an area never answered has no line (and no legend)
        values = dict(points)
        ys = [values.get(d) for d in dates]
        ax.plot(range(len(dates)), [float("nan") if y is None else y for y in ys], label=name,
                color=PALETTE[i % len(PALETTE)], linewidth=1.8, linestyle=DASHES[i % len(DASHES)],
                marker=MARKERS[i % len(MARKERS)], markersize=max(4.0, 11.0 - 1.2 * i), markerfacecolor="none",
                markeredgewidth=1.6, zorder=2 + i)  # fmt: skip
    ax.set_xticks(range(len(dates)))
    ax.set_xticklabels(dates)
    ax.set_ylim(0, 105)
    ax.set_title(title)
    ax.annotate(ylabel, xy=(0, 1), xycoords="axes fraction", xytext=(0, 6), textcoords="offset points",
                ha="left", va="bottom", color="#5b6575", fontsize=9)  # fmt: skip
    ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.spines[["top", "right"]].set_visible(False)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight")
    plt.close(fig)
    text = buf.getvalue()
    return text[text.index("<svg") :]
