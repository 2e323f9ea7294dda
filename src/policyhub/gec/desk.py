"""The service's command desk: one thread resolves, authorises and writes every queued request's commands.

Each HTTP request used to take its command to a worker thread of its own; under load those threads spent much of
their time handing the interpreter to one another. Now the event loop queues a request and awaits it, and the
desk's thread takes everything queued: each request's token lookup, the role policy's facts and the registry's
write, the write as one group (group commit: one transaction, at most GROUP commands). Nothing waits for a group
to fill: a lone request is written as soon as the desk is free.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from policyhub.access.roles import RULES, Actor, authorise
from policyhub.errors import Forbidden
from policyhub.storage import single_read

from .adapters import tables as t
from .domain.commands import OPS
from .group_commit import WAIT_S
from .prepared import Prepared
from .registry import GROUP, Registry, error
from .service import mandates

Outcome = tuple[int, dict[str, Any]]  # HTTP status and result
Resolve = Callable[[], Actor]  # the request's caller, from its token (raises Unauthorized)
IDLE_S = 5.0  # an idle desk's thread ends after this long


class RegistryFacts:
    """The facts the role policy asks of the registry; a mandate asked twice is read once."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._held: dict[tuple[str, str], bool] = {}

    def project_owner(self, project: str) -> str | None:
        return self._one(t.projects.c.owner, t.projects.c.project, project)

    def _one(self, column: sa.ColumnElement[Any], key: sa.ColumnElement[Any], value: str) -> str | None:
        with single_read(self.registry.engine) as conn:
            found = conn.execute(sa.select(column).where(key == value)).scalar()
        return None if found is None else str(found)

    def listing_owner(self, listing: str) -> str | None:
        return self._one(t.listings.c.account, t.listings.c.listing, listing)

    def listing_platforms(self, listing: str) -> list[str] | None:
        found = self._one(t.listings.c.platforms, t.listings.c.listing, listing)
        return None if found is None else found.split(",")

    def auction_platform(self, auction: str) -> str | None:
        return self._one(t.auctions.c.platform, t.auctions.c.auction, auction)

    def contract_platform(self, contract: str) -> str | None:
        return self._one(t.contracts.c.platform, t.contracts.c.contract, contract)

    def has_mandate(self, account: str, platform: str) -> bool:
        # Every platform buy asks it. Remembered for one desk group only; the buy checks it again in its own
        # transaction (service/mandates.py), so a mandate revoked meanwhile still stops the buy.
        key = (account, platform)
        if key not in self._held:
            with single_read(self.registry.engine) as conn:
                self._held[key] = mandates.held(conn, account, platform)
        return self._held[key]


def prepare_as(
    actor: Actor, registry: Registry, command: Any, facts: RegistryFacts, follows: bool = False
) -> Prepared | Outcome:
    """The command ready to apply, or (HTTP status, result): 403 the role may not, 400 it is malformed.

    Every command is authorised again inside its transaction (`Prepared.sender`), with the facts as they are then.
    A command that `follows` others in its group may need a fact one of them makes (a listing, a mandate): its
    refusal here is not final, the check inside the transaction decides (403 all the same when it refuses).
    """
    if not isinstance(command, dict):
        return 400, error("invalid_command", "每条指令须为 JSON 对象 a command must be a JSON object")
    if "at" in command:
        # The registry's own clock decides (a backdated claim, a bid after the close): callers never set it.
        why = "登记系统以自身时钟记录时间 the registry stamps each command itself: omit `at`"
        return 400, error("at_not_accepted", why)
    if command.get("op") not in OPS:  # a name the registry does not know at all: malformed, not forbidden
        return 400, error("unknown_op", f"未知指令 unknown op {command.get('op')!r}")
    try:
        authorise(actor, command, facts)
    except Forbidden as exc:
        if not follows or command["op"] not in RULES or actor.role not in RULES[command["op"]]:
            return 403, error(exc.code, exc.message)
    prepared = registry.prepare(command, actor.journal())
    if isinstance(prepared, dict):
        return 400, prepared
    prepared.sender = actor
    return prepared


class _Request:
    __slots__ = ("commands", "future", "key", "loop", "outcomes", "resolve")

    def __init__(self, resolve: Resolve, commands: list[Any], loop: asyncio.AbstractEventLoop, key: object) -> None:
        self.resolve, self.commands, self.loop, self.key = resolve, commands, loop, key
        self.future: asyncio.Future[list[Outcome]] = loop.create_future()
        self.outcomes: list[Outcome | Prepared] | BaseException = []


class Desk:
    """`await desk.submit(resolve, commands)`: (status, result) per command, written in arrival order."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()

    async def submit(self, resolve: Resolve, commands: list[Any], key: object = None) -> list[Outcome]:
        """Queue one request's commands; raises what resolving its caller raised (401), or its group's error.

        Requests of one group with the same `key` (their bearer token) share one resolution of their caller.
        """
        request = _Request(resolve, commands, asyncio.get_running_loop(), key)
        with self._guard:
            self._queue.put(request)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="gec-desk", daemon=True)
                self._thread.start()
        return await asyncio.wait_for(request.future, timeout=WAIT_S)

    def close(self) -> None:
        """Write what is queued, then stop the desk's thread."""
        with self._guard:
            thread = self._thread
            if thread is not None:
                self._queue.put(None)
        if thread is not None:
            thread.join(timeout=WAIT_S)

    def _next(self) -> _Request | None:
        """The next request, or None when the thread should end: closed or idle, and nothing queued.

        An idle desk holds no thread and no reference to its registry; the next request starts another thread.
        """
        while True:
            try:
                request = self._queue.get(timeout=IDLE_S)
            except queue.Empty:
                request = None
            if request is not None:
                return request
            with self._guard:
                if self._queue.empty():
                    self._thread = None
                    return None

    def _run(self) -> None:
        while (first := self._next()) is not None:
            group, size = [first], len(first.commands)
            while size < GROUP:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    self._queue.put(None)  # closed: stop once what is queued is written
                    break
                group.append(more)
                size += len(more.commands)
            self._write(group)

    def _write(self, group: list[_Request]) -> None:
        # The group's requests are all taken at this moment, so each token is looked up once for all of them: a
        # token revoked after this lookup stops the next group's requests.
        callers: dict[object, Actor | Exception] = {}
        facts = RegistryFacts(self.registry)
        follows = False  # some command of the group comes before this one
        for request in group:
            try:
                actor = _caller(request, callers)
                request.outcomes = []
                for cmd in request.commands:
                    request.outcomes.append(prepare_as(actor, self.registry, cmd, facts, follows))
                    follows = True
            except Exception as exc:  # an unknown token (401), a failed read: this request's answer
                request.outcomes = exc
        ready = [o for r in group if isinstance(r.outcomes, list) for o in r.outcomes if isinstance(o, Prepared)]
        try:
            results = iter(self.registry.submit(ready) if ready else [])
        except Exception as exc:  # the group's transaction failed: every request in it hears why
            for request in group:
                if isinstance(request.outcomes, list):
                    request.outcomes = exc
            results = iter([])
        for request in group:
            answer: list[Outcome] | BaseException = request.outcomes  # type: ignore[assignment]
            if isinstance(request.outcomes, list):
                answer = [_status(next(results)) if isinstance(o, Prepared) else o for o in request.outcomes]
            request.loop.call_soon_threadsafe(_settle, request.future, answer)


def _caller(request: _Request, callers: dict[object, Actor | Exception]) -> Actor:
    """The request's caller, resolved once per key in a group (a request without a key resolves alone)."""
    if request.key is None:
        return request.resolve()
    if request.key not in callers:
        try:
            callers[request.key] = request.resolve()
        except Exception as exc:
            callers[request.key] = exc
    found = callers[request.key]
    if isinstance(found, Exception):
        raise found
    return found


def _status(result: dict[str, Any]) -> Outcome:
    if result["ok"]:
        return 200, result
    return (403 if result["error"]["code"] == "forbidden" else 409), result


def _settle(future: asyncio.Future[list[Outcome]], answer: list[Outcome] | BaseException) -> None:
    if future.cancelled():
        return  # the client went away; its commands stand (or not) as written
    if isinstance(answer, BaseException):
        future.set_exception(answer)
    else:
        future.set_result(answer)
