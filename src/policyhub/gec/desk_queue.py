"""The desk's queue: bounded in commands, and fair — a long array is taken one group's worth at a time.

A request's commands are taken in order, at most what is left of the group's room at a time; a request with
commands left goes to the back of the queue once its part is written, behind every request that arrived
meanwhile. So a command waits for the group in flight and then for its own, whatever the size of the arrays
queued with it: each array ahead of it gives at most one group's worth per turn.
"""

from __future__ import annotations

import asyncio
import math
import threading
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policyhub.access.roles import Actor

if TYPE_CHECKING:
    from collections.abc import Callable

    from .prepared import Prepared
    from .receipts import Receipt

Outcome = tuple[int, dict[str, Any]]  # HTTP status and result
MAX_COMMANDS = 1000  # commands in one request (a JSON array): more is refused (413) before any other work
MAX_QUEUED = 5000  # commands waiting at the desk (25 groups, a few seconds of writing): more is 503 busy
RATE = 2000  # commands the desk writes a second, roughly (a group of 200 buys takes ~0.1 s): for Retry-After


class Busy(Exception):
    """The desk's queue is full: the request is not queued (503 busy, Retry-After)."""

    def __init__(self, queued: int) -> None:
        super().__init__(f"{queued} commands are queued at the desk")
        self.retry_after = max(1, math.ceil(queued / RATE))


class Pending(Exception):
    """The request's wait ran out: its commands stay queued and are applied (503 pending)."""

    def __init__(self, total: int, written: int) -> None:
        super().__init__(f"{written} of {total} commands written when the wait ran out")
        self.total, self.written = total, written


class KeyReused(Exception):
    """The request's Idempotency-Key answered a different body (409 idempotency_key_reused)."""


@dataclass(frozen=True)
class Keyed:
    """A request's Idempotency-Key and the SHA-256 of its body."""

    key: str
    fingerprint: str


class Request:
    """One HTTP request's commands at the desk, and how far they are written."""

    __slots__ = ("actor", "commands", "followers", "future", "idem", "key", "loop", "outcomes", "parts", "resolve",
                 "scope", "taken", "written")  # fmt: skip

    def __init__(
        self, resolve: Callable[[], Actor], commands: list[Any], loop: asyncio.AbstractEventLoop, key: object,
        idem: Keyed | None,
    ) -> None:  # fmt: skip
        self.resolve, self.commands, self.loop, self.key, self.idem = resolve, commands, loop, key, idem
        self.future: asyncio.Future[list[Outcome]] = loop.create_future()
        self.actor: Actor | None = None  # resolved when its first part is taken, once for all its parts
        self.scope = ""  # whose Idempotency-Key: the sending token
        self.outcomes: list[Outcome] = []
        self.followers: list[Request] = []  # repeats of its key that arrived while it was written
        self.taken = self.written = self.parts = 0  # commands taken, commands written, parts written


class Part:
    """The commands of one request taken into one group."""

    __slots__ = ("end", "receipt", "request", "slots", "start")

    def __init__(self, request: Request, start: int, end: int) -> None:
        self.request, self.start, self.end = request, start, end
        self.slots: list[Outcome | Prepared] = []
        self.receipt: Receipt | None = None


class FairQueue:
    """Requests waiting at the desk, counted in commands not yet taken; `running` says a desk thread serves it."""

    def __init__(self) -> None:
        self._requests: deque[Request] = deque()
        self._changed = threading.Condition(threading.Lock())
        self.queued = 0
        self.closed = False
        self.running = False

    def put(self, request: Request) -> bool:
        """Queue a request (raises Busy when full); True when the caller must start a desk thread."""
        with self._changed:
            if self.queued and self.queued + len(request.commands) > MAX_QUEUED:
                raise Busy(self.queued)
            self._requests.append(request)
            self.queued += len(request.commands)
            self._changed.notify()
            start, self.running = not self.running, True
            return start

    def wait(self, idle_s: float) -> bool:
        """Block until a request is queued (True); False, and no thread serves the queue, once idle or closed."""
        with self._changed:
            while not self._requests:
                woken = not self.closed and self._changed.wait(timeout=idle_s)
                if not woken and not self._requests:  # closed, or idle: the next request starts another thread
                    self.running = self.closed = False
                    return False
            return True

    def pop(self) -> Request | None:
        with self._changed:
            return self._requests.popleft() if self._requests else None

    def consume(self, commands: int) -> None:
        """Commands taken into a group, or answered without being written, leave the count."""
        with self._changed:
            self.queued -= commands

    def requeue(self, requests: list[Request]) -> None:
        """Requests with commands left, behind every request that arrived while their part was written."""
        if requests:
            with self._changed:
                self._requests.extend(requests)

    def close(self) -> None:
        """The thread writes what is queued, then ends."""
        with self._changed:
            self.closed = self.running
            self._changed.notify_all()
