"""Audit of the journal's time (第三十条): it only moves forward, and nothing lands in a month already reported."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from .adapters import tables as t
from .audit_findings import Finding, Place

AHEAD = timedelta(minutes=5)  # as far as the operator's local tool may date ahead (registry.AHEAD)
Latest = tuple[int, datetime] | None  # the latest entry time seen so far, and its entry


def _when(at: object) -> datetime | None:
    try:
        when = datetime.fromisoformat(str(at))
    except ValueError:
        return None
    return when if when.tzinfo is not None else None


def in_time_order(
    row: Any,
    last: Latest,
    problems: list[Finding],
    now: datetime | None = None,
    notes: list[Finding] | None = None,
) -> Latest:
    """An entry dated before an earlier one was not written by the registry; one ahead of its clock is noted."""
    where: Place = {"where": "journal", "entry": int(row.seq)}
    at = _when(row.at)
    if at is None:
        problems.append({**where, "message": f"entry {row.seq}: time {row.at!r} is not an ISO time with its zone"})
        return last
    # A note, not a failure: a host whose clock stepped back keeps stamping the journal's last time (it only moves
    # forward), which is then ahead of the clock too. Either way someone should look.
    if now is not None and notes is not None and at > now + AHEAD:
        notes.append({**where, "message": f"时间晚于登记系统时钟 entry {row.seq} is dated {row.at}, ahead of the "
                      f"registry's clock ({now.isoformat()})"})  # fmt: skip
    if last is not None and at < last[1]:
        message = f"entry {row.seq} is dated {row.at}, before entry {last[0]} ({last[1].isoformat()})"
        problems.append({**where, "message": message + ": the journal's time ran backwards"})
        return last
    return int(row.seq), at


def check_anchors(conn: sa.Connection, anchors: list[tuple[int, str]], problems: list[Finding]) -> None:
    """Each kept anchor (a published report's journal head) still names its entry, and nothing after it is dated in
    a month that had ended when it was published (第二十八条: that month's report stands as published)."""
    j = t.journal.c
    for seq, expected in anchors:
        row = conn.execute(sa.select(j.hash, j.at).where(j.seq == seq)).first()
        where: Place = {"where": "anchor", "entry": seq}
        if row is None:
            problems.append({**where, "message": f"anchor {seq}: the journal has no entry {seq} (history cut short)"})
            continue
        if row.hash != expected:
            message = f"anchor {seq}: entry {seq} now has hash {row.hash}, the anchor says {expected}"
            problems.append({**where, "message": message + ": the history was rewritten after it was published"})
        published = _when(row.at)
        if published is None:
            continue  # reported by the chain check
        month = published.strftime("%Y-%m")  # months before this one had ended when the report was made
        for later, at in conn.execute(sa.select(j.seq, j.at).where(j.seq > seq).order_by(j.seq)):
            when = _when(at)
            if when is not None and when.astimezone(published.tzinfo).strftime("%Y-%m") < month:
                message = f"anchor {seq}: entry {later} is dated {at}, in a month already reported at entry {seq}"
                problems.append({"where": "anchor", "entry": int(later), "message": message})
                break
