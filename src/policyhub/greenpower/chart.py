"""The report's chart: green share by month, certificates and green-power trade stacked (SVG, matplotlib)."""

from __future__ import annotations

from policyhub.greenpower.answers import Accounts
from policyhub.render import charts


def share_chart(result: Accounts) -> str:
    """Stacked bars of each month's certificate-backed and green-trade kWh as % of its use; the quota's highest
    target as a dashed line when there is one."""
    months = result["months"]
    if not months:
        return ""
    charts._setup()
    import matplotlib.pyplot as plt

    labels = [m["month"] for m in months]
    certified = [100 * m["certified_kwh"] / m["kwh"] if m["kwh"] else 0 for m in months]
    traded = [100 * m["green_trade_kwh"] / m["kwh"] if m["kwh"] else 0 for m in months]
    fig, ax = plt.subplots(figsize=(7.5, 3.2))
    xs = list(range(len(labels)))
    ax.bar(xs, certified, color="#0b6e4f", label="绿证 certificates")
    ax.bar(xs, traded, bottom=certified, color="#3b5b92", label="绿电交易 green-power trade")
    quota = result["quota"]
    targets = [r["target"] for r in (quota["provinces"] if quota else []) if r["target"] is not None]
    if targets:
        ax.axhline(100 * max(targets), color="#b3541e", linestyle="--", linewidth=1)
        ax.annotate(f"目标 target {100 * max(targets):.0f}%", xy=(0, 100 * max(targets)), xytext=(2, 3),
                    textcoords="offset points", fontsize=8, color="#b3541e")  # fmt: skip
    ax.set_xticks(xs)
    ax.set_xticklabels(charts.shown_labels(labels, 12), rotation=45 if len(labels) > 6 else 0, ha="right")
    ax.set_ylim(0, 100)
    ax.set_ylabel("绿电占比 green share %", fontsize=8)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return charts._svg(fig)
