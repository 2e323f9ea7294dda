"""A management diagnosis as text (the CLI's, and the firm report's section)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import typer


def share(value: float | None) -> str:
    """A share in place as a percentage, or 未作答 when nothing of it was answered."""
    return "未作答 unanswered" if value is None else f"{value:.0%}"


def show_diagnosis(d: Mapping[str, Any]) -> None:
    """A readable diagnosis: per area the share in place and what is missing, then the priorities."""
    if d["firm"]:
        typer.echo(d["firm"])
    typer.echo(
        f"管理提升自诊断：已作答 {d['answered']}/{d['practices']} 项，已开展比例 in place {share(d['in_place'])}"
    )
    for a in d["areas"]:
        typer.echo(f"{a['no']}、{a['title']}  {share(a['in_place'])}")
        for m in a["missing"]:
            typer.echo(f"    {m['status_name']} {m['id']} {m['title']}")
        for u in a["unanswered"]:
            typer.echo(f"    未作答 {u['id']} {u['title']}")
    typer.echo("优先改进 priorities（policyhub 的排序，非官方 ours, not official）：")
    for i, p in enumerate(d["priority_detail"], 1):
        typer.echo(f"  {i}. {p['id']} {p['title']} — {p['reason']}")
