"""One clock for every system: Beijing time and today's Beijing date, settable by tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

# Every date the compilation prints is a Beijing date; Asia/Shanghai has kept UTC+8 without daylight saving since 1991.
BEIJING = ZoneInfo("Asia/Shanghai")

Clock = Callable[[], datetime]


def _system() -> datetime:
    return datetime.now(UTC)


_clock: Clock = _system


def now() -> datetime:
    """The current moment in Beijing time (an aware datetime)."""
    moment = _clock()
    if moment.tzinfo is None:
        raise ValueError("the clock must return an aware datetime")
    return moment.astimezone(BEIJING)


def today() -> date:
    """Today's date in Beijing, whatever the host's zone: every default date of every system."""
    return now().date()


def set_clock(clock: Clock | None) -> None:
    """Replace the clock (None: the system clock again)."""
    global _clock
    _clock = clock or _system


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    """Within the block, now() is `moment` (aware); the previous clock comes back after."""
    before = _clock
    set_clock(lambda: moment)
    try:
        yield
    finally:
        set_clock(before)
