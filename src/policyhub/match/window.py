"""Application windows on Beijing dates: opens / closes, and open, closed or upcoming on a given day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import cast

from policyhub import clock
from policyhub.clock import BEIJING  # noqa: F401  (re-exported: one definition for every system)
from policyhub.match.answers import Dated, Window
from policyhub.match.spec import WindowSpec

STATES = ("open", "upcoming", "closed")


def today() -> dt.date:
    """Today's date in Beijing (Asia/Shanghai has had no daylight saving since 1991)."""
    return clock.today()


def compute(spec: WindowSpec, as_of: dt.date) -> Window:
    """The window the entity sees: its own earliest printed date, else the latest date of the chain it files through.

    A date printed as “X日前” is read as the last day on which the entity may act (the window is closed the day
    after): the notices print no hour except d15/d16, whose 16:00 is kept in `time`.
    """
    opens = spec.get("opens")
    closes = spec.get("closes") or []
    own = [c for c in closes if c["for"] == "self"]
    chain = [c for c in closes if c["for"] == "chain"]
    chosen = min(own, key=lambda c: c["date"]) if own else (max(chain, key=lambda c: c["date"]) if chain else None)
    start = dt.date.fromisoformat(opens["date"]) if opens else None
    end = dt.date.fromisoformat(chosen["date"]) if chosen else None
    if start is not None and as_of < start:
        state = "upcoming"
    elif end is not None and as_of > end:
        state = "closed"
    else:
        state = "open"
    dates: list[Dated] = [{"date": opens["date"], "label": "开始 opens", "citation": opens["citation"],
                           "quote": opens["quote"]}] if opens else []  # fmt: skip
    dates += [_dated(c) for c in closes]
    out: Window = {
        "opens": opens["date"] if opens else None,
        "closes": chosen["date"] if chosen else None,
        "state": state,
        "deadline": None if chosen is None else ("own" if own else "chain"),
        "note": None,
        "dates": dates,
    }
    if chosen is not None:
        if "time" in chosen:
            out["time"] = chosen["time"]
        if not own:
            via = chosen["label"].removesuffix("截止")
            out["note"] = (
                f"本文未印申请人自己的截止日期；申请人经{via}，须在 {chosen['date']} 之前完成 "
                "the notice prints no date for the applicant: this is the latest date of the chain it files "
                "through; act before it"
            )
    return out


def _dated(close: Mapping[str, object]) -> Dated:
    """A closing date as the answer shows it: the date, its label, clause and words (its chain and hour left out)."""
    return cast(Dated, {k: close[k] for k in ("date", "label", "citation", "quote") if k in close})


def sort_key(window: Window) -> tuple[int, str]:
    """Open first, then upcoming, closed last (the next round is usually similar); earliest deadline first."""
    return STATES.index(window["state"]), window["closes"] or "9999-12-31"
