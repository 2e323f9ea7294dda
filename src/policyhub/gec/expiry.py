"""The server's own expiry (第二十四条 自动核销): once after start, then daily shortly after midnight Beijing time.

Each round applies `{"op": "expire", "as_of": <the registry's date>}` as the operator's local tool (no actor).
Expiring twice for the same day cancels nothing more, and a day with nothing past validity writes no journal
entry. A failing round is logged and the next one still runs: it never takes the server down.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import NotRequired, TypedDict, cast

from .answers import Refusal
from .domain.months import BEIJING
from .registry import Registry
from .validity import lapsed

log = logging.getLogger("policyhub.gec.expiry")
AFTER_MIDNIGHT = timedelta(minutes=5)  # run shortly after the day turns, not on its first second


class Round(TypedDict):
    """A round's result: the `expire` command's (service/movements.Expired), or the same with a null entry when
    nothing was past validity (nothing journaled), or why it failed."""

    ok: bool
    op: NotRequired[str]
    as_of: NotRequired[str]
    expired: NotRequired[int]
    entry: NotRequired[int | None]
    duplicate: NotRequired[bool]
    error: NotRequired[Refusal]


def expire_round(registry: Registry) -> Round:
    """One round: expire what is past validity on the registry's date; the result (never raises)."""
    try:
        day = registry.today()
        if lapsed(registry.engine, day) == 0:
            log.info("绿证到期核销 expiry %s: nothing past validity", day)
            return {"ok": True, "op": "expire", "as_of": day, "expired": 0, "entry": None}
        result = cast(Round, registry.apply({"op": "expire", "as_of": day}))
    except Exception as exc:  # the server keeps serving; the next round tries again
        log.exception("绿证到期核销失败 expiry round failed")
        return {"ok": False, "error": {"code": "expiry_failed", "message": str(exc)}}
    if result.get("ok"):
        log.info("绿证到期核销 expiry %s: %s expired (journal entry %s)", day, result["expired"], result["entry"])
    else:
        log.error("绿证到期核销被拒 expiry %s refused: %s", day, result.get("error"))
    return result


def seconds_to_next_round(now: datetime) -> float:
    """Seconds from `now` to the next round: a few minutes after a Beijing midnight."""
    here = now.astimezone(BEIJING)
    due = datetime.combine(here.date(), datetime.min.time(), tzinfo=BEIJING) + AFTER_MIDNIGHT
    if due <= here:
        due += timedelta(days=1)
    return max(1.0, (due - here).total_seconds())


def run_daily(registry: Registry, stop: threading.Event) -> None:
    """Expire now, then after every Beijing midnight until `stop` is set."""
    while True:
        expire_round(registry)
        if stop.wait(seconds_to_next_round(registry.now())):
            return


def start(registry: Registry) -> threading.Event:
    """Run the daily expiry in a background thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(target=run_daily, args=(registry, stop), name="gec-expiry", daemon=True).start()
    return stop
