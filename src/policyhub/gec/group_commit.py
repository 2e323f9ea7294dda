"""Group commit: commands that arrive together (concurrent requests) share one database transaction.

One writer thread takes whatever is queued when it is free — up to GROUP commands — and applies it as one
transaction with a savepoint per command. Nothing waits for a group to fill: a lone request is applied at once;
under load, a request waits for the group being written (at most GROUP commands) and then for its own.
"""

from __future__ import annotations

import threading
import weakref
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any

Apply = Callable[[Sequence[Any]], list[dict[str, Any]]]
# Longest a request waits for its result: far beyond any group (a group of 200 buys takes ~0.1 s), short enough
# that a stuck database gives the caller an answer.
WAIT_S = 120.0
IDLE_CHECK_S = 5.0  # how often an idle writer checks that its registry still exists


class GroupCommitter:
    """`submit(items)` blocks until the writer thread has applied them (in order, contiguous) and returns results."""

    def __init__(self, apply: Apply, limit: int) -> None:
        # A bound method is held weakly: a registry dropped without close() lets its writer thread end.
        self._apply: Callable[[], Apply | None] = (
            weakref.WeakMethod(apply) if hasattr(apply, "__self__") else (lambda: apply)
        )
        self._limit = limit
        self._queue: deque[tuple[Sequence[Any], Future[list[dict[str, Any]]]]] = deque()
        self._ready = threading.Condition()
        self._closed = False
        self.groups: deque[int] = deque(maxlen=1000)  # sizes of the latest groups written (for tests, benchmarks)
        self._thread = threading.Thread(target=self._run, name="gec-group-commit", daemon=True)
        self._thread.start()

    def submit(self, items: Sequence[Any]) -> list[dict[str, Any]]:
        """Apply `items` in order within one group; raises what the database raised for that group."""
        done: Future[list[dict[str, Any]]] = Future()
        with self._ready:
            if self._closed:
                raise RuntimeError("the registry is closed")
            self._queue.append((items, done))
            self._ready.notify()
        return done.result(timeout=WAIT_S)

    def close(self) -> None:
        """Finish what is queued, then stop the writer."""
        with self._ready:
            self._closed = True
            self._ready.notify()
        self._thread.join(timeout=WAIT_S)

    def _take(self) -> list[tuple[Sequence[Any], Future[list[dict[str, Any]]]]] | None:
        with self._ready:
            while not self._queue and not self._closed:
                self._ready.wait(timeout=IDLE_CHECK_S)
                if not self._queue and self._apply() is None:
                    return None
            if not self._queue:
                return None
            group = [self._queue.popleft()]
            size = len(group[0][0])
            while self._queue and size + len(self._queue[0][0]) <= self._limit:
                size += len(self._queue[0][0])
                group.append(self._queue.popleft())
            return group

    def _run(self) -> None:
        while (group := self._take()) is not None:
            flat = [item for items, _ in group for item in items]
            self.groups.append(len(flat))
            apply = self._apply()
            try:
                if apply is None:
                    raise RuntimeError("the registry is closed")
                results = apply(flat)
            except BaseException as exc:  # the whole group rolled back: every caller hears why
                for _, done in group:
                    done.set_exception(exc)
                continue
            at = 0
            for items, done in group:
                done.set_result(results[at : at + len(items)])
                at += len(items)
