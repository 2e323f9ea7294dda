"""Group commit: commands that arrive together (concurrent requests) share one database transaction.

Leader and followers, with no thread of its own: a request that finds nobody writing writes at once, on its own
thread (a lone request pays no hand-off); requests arriving meanwhile queue, and the writer takes all that is
queued — up to GROUP commands — as its next group, one transaction with a savepoint per command. Once its own
command is done the writer hands the pen to a waiting request, which writes the rest. Nothing waits for a group
to fill: a request waits for the group being written (at most GROUP commands) and then for its own.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any

from .answers import Result

Apply = Callable[[Sequence[Any]], list[Result]]
# Longest a request waits for its result: far beyond any group (a group of 200 buys takes ~0.1 s), short enough
# that a stuck database gives the caller an answer.
WAIT_S = 120.0


class _Entry:
    """One caller's commands and, once written, their results (or the error that failed their group)."""

    __slots__ = ("done", "error", "items", "results")

    def __init__(self, items: Sequence[Any]) -> None:
        self.items = items
        self.results: list[Result] = []
        self.error: BaseException | None = None
        self.done = False


class GroupCommitter:
    """`submit(items)` returns the items' results, applied in order and contiguous within one group."""

    def __init__(self, apply: Apply, limit: int) -> None:
        self._apply = apply
        self._limit = limit
        self._queue: deque[_Entry] = deque()
        self._changed = threading.Condition()
        self._writing = False
        self.groups: deque[int] = deque(maxlen=1000)  # sizes of the latest groups written (for tests, benchmarks)

    def submit(self, items: Sequence[Any]) -> list[Result]:
        """Apply `items` in order within one group; raises what the database raised for that group."""
        entry = _Entry(items)
        deadline = time.monotonic() + WAIT_S
        with self._changed:
            self._queue.append(entry)
            while not entry.done and self._writing:
                if not self._changed.wait(timeout=max(0.0, deadline - time.monotonic())):
                    raise TimeoutError(f"no result within {WAIT_S:.0f} s: the database is not answering")
            if not entry.done:
                self._writing = True  # nobody is writing: this request writes, starting with what is queued
        if not entry.done:
            self._lead(entry)
        if entry.error is not None:
            raise entry.error
        return entry.results

    def close(self) -> None:
        """Wait until what is queued has been written."""
        deadline = time.monotonic() + WAIT_S
        with self._changed:
            while (self._queue or self._writing) and time.monotonic() < deadline:
                self._changed.wait(timeout=0.1)

    def _lead(self, mine: _Entry) -> None:
        """Write groups until this caller's own commands are done, then hand over to a waiting caller."""
        try:
            while not mine.done:
                self._write(self._take())
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()

    def _take(self) -> list[_Entry]:
        with self._changed:
            group = [self._queue.popleft()]
            size = len(group[0].items)
            while self._queue and size + len(self._queue[0].items) <= self._limit:
                size += len(self._queue[0].items)
                group.append(self._queue.popleft())
            return group

    def _write(self, group: list[_Entry]) -> None:
        flat = [item for entry in group for item in entry.items]
        self.groups.append(len(flat))
        try:
            results = self._apply(flat)
        except BaseException as exc:  # the whole group rolled back: every caller in it hears why
            for entry in group:
                entry.error = exc
        else:
            at = 0
            for entry in group:
                entry.results = results[at : at + len(entry.items)]
                at += len(entry.items)
        with self._changed:
            for entry in group:
                entry.done = True
            self._changed.notify_all()
