"""The desk's queue: bounded in commands, and fair — a long array is taken one group's worth at a time.

A request's commands are taken in order, at most what is left of the group's room at a time; a request with
commands left goes to the back of the queue once its part is written, behind every request that arrived
meanwhile. So a command waits for the group in flight and then for its own, whatever the size of the arrays
queued with it: each array ahead of it gives at most one group's worth per turn.
"""

from __future__ import annotations

import asyncio
import math
import queue
from collections import deque
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from policyhub.access.roles import Actor

from .answers import Result

if TYPE_CHECKING:
    from collections.abc import Callable

    from .prepared import Prepared
    from .receipts import Receipt

Outcome = tuple[int, Result]  # HTTP status and result
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
    """Requests waiting at the desk, counted in commands not yet taken.

    Requests arrive on the event loop (`put`, under the desk's guard) through a SimpleQueue; everything else runs
    on the desk's thread, which keeps the turns in a deque of its own: no lock is shared with the event loop.
    """

    def __init__(self) -> None:
        self._arrived: queue.SimpleQueue[Request | None] = queue.SimpleQueue()
        self._turns: deque[Request] = deque()  # the desk thread's own
        self._added = 0  # commands queued, counted on the event loop
        self._removed = 0  # commands taken or answered, counted on the desk's thread
        self._closing = False

    @property
    def queued(self) -> int:
        return self._added - self._removed

    def put(self, request: Request) -> None:
        """Queue a request, or raise Busy when it would take the queue past MAX_QUEUED (nothing queued)."""
        queued = self._added - self._removed
        if queued and queued + len(request.commands) > MAX_QUEUED:
            raise Busy(queued)
        self._added += len(request.commands)
        self._arrived.put(request)

    def close(self) -> None:
        """The desk's thread writes what is queued, then ends."""
        self._arrived.put(None)

    def empty(self) -> bool:
        return not self._turns and self._arrived.empty()

    def wait(self, idle_s: float) -> bool:
        """True once a request waits for its turn; False when idle for `idle_s`, or closed with nothing queued."""
        self._drain()
        if self._turns:
            return True
        if self._closing:
            self._closing = False
            return False
        try:
            request = self._arrived.get(timeout=idle_s)
        except queue.Empty:
            return False
        if request is None:
            return False  # closed, nothing queued
        self._turns.append(request)
        return True

    def pop(self) -> Request | None:
        """The next request in turn (requests that arrived are queued behind those already waiting)."""
        if not self._turns:
            self._drain()
        return self._turns.popleft() if self._turns else None

    def consume(self, commands: int) -> None:
        """Commands taken into a group, or answered without being written, leave the count."""
        self._removed += commands

    def requeue(self, requests: list[Request]) -> None:
        """Requests with commands left, behind every request that arrived while their part was written."""
        self._drain()
        self._turns.extend(requests)

    def _drain(self) -> None:
        while True:
            try:
                request = self._arrived.get_nowait()
            except queue.Empty:
                return
            if request is None:
                self._closing = True  # stop once what is queued is written
            else:
                self._turns.append(request)


def settle(answers: list[tuple[asyncio.Future[list[Outcome]], list[Outcome] | BaseException]]) -> None:
    """On the event loop: a desk turn's answers to their requests."""
    for future, answer in answers:
        if future.cancelled():
            continue  # the client went away (or its wait ran out); its commands stand (or not) as written
        if isinstance(answer, BaseException):
            future.set_exception(answer)
        else:
            future.set_result(answer)
