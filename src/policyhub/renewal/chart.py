"""The page's and the report's chart: each asset's age against the age triggers of its sector (SVG, matplotlib)."""

from __future__ import annotations

from policyhub.render import charts
from policyhub.renewal.answers import AssetCheck
from policyhub.renewal.data import Trigger
from policyhub.renewal.service import CheckResult

MOST = 40  # bars beyond this are unreadable on A4; the table lists every asset
COLOURS = {True: "#b3541e", "undetermined": "#8a6d00", False: "#0b6e4f"}


def trigger_ages(result: CheckResult, triggers: list[Trigger]) -> list[tuple[int, str]]:
    """(years, label) of every age trigger with a printed number of years that applied to some asset, once each."""
    used = {t["id"] for a in result["assets"] for t in a["triggers"] + a["open"] + a["cleared"]}
    seen: dict[int, str] = {}
    for t in triggers:
        years = t.get("years")
        if t["kind"] == "age" and years is not None and t["id"] in used:
            seen.setdefault(int(years), f"{years} 年（{t['citation']}）")
    return sorted(seen.items())


def _oldest(a: AssetCheck) -> float:
    """The asset's age in years: the most it may be when only a year or month of commissioning is given."""
    age = a["age_years"]
    return age[1] if isinstance(age, list) else age or 0.0


def ages_chart(result: CheckResult, triggers: list[Trigger]) -> str:
    """Horizontal bars of asset ages (oldest first), design life as a tick, trigger ages as dashed lines."""
    rows = [a for a in result["assets"] if a["age_years"] is not None]
    rows.sort(key=lambda a: -_oldest(a))
    rows = rows[:MOST]
    if not rows:
        return ""
    charts._setup()
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7.5, max(1.6, 0.32 * len(rows) + 0.9)))
    ys = list(range(len(rows)))[::-1]
    for y, a in zip(ys, rows, strict=True):
        ax.barh(y, _oldest(a), color=COLOURS[a["in_scope"]], height=0.6)
        if a["design_life_years"]:
            ax.plot([a["design_life_years"]], [y], marker="|", markersize=14, color="#3b5b92")
    for years, label in trigger_ages(result, triggers):
        ax.axvline(years, color="#5b6575", linestyle="--", linewidth=1)
        ax.annotate(label, xy=(years, 1), xycoords=("data", "axes fraction"), xytext=(3, 2),
                    textcoords="offset points", fontsize=8, color="#5b6575", va="bottom")  # fmt: skip
    ax.set_yticks(ys)
    ax.set_yticklabels([f"{a['asset']} {a['name']}"[:18] for a in rows], fontsize=8)
    ax.set_xlabel("役龄（年） age in years · 竖线 | 设计使用年限 design life", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return charts._svg(fig)
