"""The service's command desk: one thread resolves, authorises and writes every queued request's commands.

Each HTTP request used to take its command to a worker thread of its own; under load those threads spent much of
their time handing the interpreter to one another. Now the event loop queues a request and awaits it, and the
desk's thread takes everything queued: each request's token lookup, the role policy's facts and the registry's
write, the write as one group (group commit: one transaction, at most GROUP commands). Nothing waits for a group
to fill: a lone request is written as soon as the desk is free. The queue is bounded and fair (desk_queue.py);
a request sent with an Idempotency-Key is answered once and its answer stored with its commands (receipts.py).
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from policyhub.access.roles import RULES, Actor, authorise
from policyhub.errors import Forbidden
from policyhub.storage import single_read

from . import receipts
from .answers import Result
from .desk_queue import FairQueue, Keyed, KeyReused, Part, Pending, Request, settle
from .domain.commands import OPS
from .group_commit import WAIT_S
from .outcomes import error
from .prepared import Prepared
from .receipts import Receipt, duplicates, scope, status
from .registry import GROUP, Registry
from .service.facts import StoredFacts

Outcome = tuple[int, Result]  # HTTP status and result
Resolve = Callable[[], Actor]  # the request's caller, from its token (raises Unauthorized)
IDLE_S = 5.0  # an idle desk's thread ends after this long
PRUNE_S = 3600.0  # keys older than 24 hours are deleted at most this often (when keyed requests come)


class RegistryFacts(StoredFacts):
    """The facts the role policy asks on the desk, each read alone; a mandate asked twice is read once."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._held: dict[tuple[str, str], bool] = {}

    def _read(self, query: sa.Select[Any]) -> Any:
        with single_read(self.registry.engine) as conn:
            return conn.execute(query).scalar()

    def has_mandate(self, account: str, platform: str) -> bool:
        # Every platform buy asks it. Remembered for one desk group only; the command is authorised again in its
        # own transaction (service/facts.py), so a mandate revoked meanwhile still stops it.
        key = (account, platform)
        if key not in self._held:
            self._held[key] = super().has_mandate(account, platform)
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
    if "actor" in command:  # the edge refuses the whole body first (api_commands.actor_given); the token decides
        why = "发送方由令牌确定 the bearer token says who sends a command: omit `actor`"
        return 400, error("actor_not_accepted", why)
    if command.get("op") not in OPS:  # a name the registry does not know at all: malformed, not forbidden
        return 400, error("unknown_op", f"未知指令 unknown op {command.get('op')!r}")
    try:
        authorise(actor, command, facts)
    except Forbidden as exc:
        if not follows or command["op"] not in RULES or actor.role not in RULES[command["op"]]:
            return 403, error(exc.code, exc.message)
    prepared = registry.prepare(command, actor.journal())
    if not isinstance(prepared, Prepared):
        return 400, prepared
    prepared.sender = actor
    return prepared


class Desk:
    """`await desk.submit(resolve, commands)`: (status, result) per command, written in arrival order."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self._queue = FairQueue()
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._keys: dict[tuple[str, str], Request] = {}  # keyed requests being written: a repeat waits for them
        self._prune_at = 0.0
        self._answers: list[tuple[Request, list[Outcome] | BaseException]] = []  # sent once per turn (_deliver)

    async def submit(
        self, resolve: Resolve, commands: list[Any], key: object = None, idem: Keyed | None = None
    ) -> list[Outcome]:
        """Queue one request's commands; raises what resolving its caller raised (401), or its group's error.

        Requests of one group with the same `key` (their bearer token) share one resolution of their caller.
        Raises Busy when the queue is full (nothing queued), Pending when the wait runs out (the commands stay
        queued and are applied), KeyReused when `idem`'s key answered another body.
        """
        request = Request(resolve, commands, asyncio.get_running_loop(), key, idem)
        with self._guard:
            self._queue.put(request)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="gec-desk", daemon=True)
                self._thread.start()
        try:
            return await asyncio.wait_for(request.future, timeout=WAIT_S)
        except TimeoutError:
            if not request.future.cancelled():
                raise  # its group's own error, not the wait
            raise Pending(len(commands), request.written) from None

    def close(self) -> None:
        """Write what is queued, then stop the desk's thread."""
        with self._guard:
            thread = self._thread
            if thread is not None:
                self._queue.close()
        if thread is not None:
            thread.join(timeout=WAIT_S)

    def _run(self) -> None:
        while True:
            if not self._queue.wait(IDLE_S):
                # An idle (or closed) desk holds no thread and no reference to its registry; the next request
                # starts another thread.
                with self._guard:
                    if self._queue.empty():
                        self._thread = None
                        return
                continue
            parts = self._gather()
            if parts:
                self._write(parts)
                self._queue.requeue([p.request for p in parts if p.request.taken < len(p.request.commands)])
            self._deliver()

    def _gather(self) -> list[Part]:
        """One group: from each request in turn, as many of its next commands as the group has room for."""
        callers: dict[object, Actor | Exception] = {}
        parts: list[Part] = []
        room = GROUP
        while room > 0 and (request := self._queue.pop()) is not None:
            if request.actor is None and not self._begin(request, callers):
                continue  # answered without being written: a 401, a key already answered or being written
            n = min(room, len(request.commands) - request.taken)
            parts.append(Part(request, request.taken, request.taken + n))
            request.taken += n
            room -= n
        self._queue.consume(GROUP - room)
        return parts

    def _begin(self, request: Request, callers: dict[object, Actor | Exception]) -> bool:
        """A request's first turn: its caller, and what its key already answered; False when it is answered."""
        try:
            request.actor = _caller(request, callers)
            if request.idem is None:
                return True
            request.scope = scope(request.actor)
            return self._first_of_key(request, request.idem)
        except Exception as exc:  # an unknown token (401), a failed read: this request's answer
            self._finish(request, exc)
            return False

    def _first_of_key(self, request: Request, idem: Keyed) -> bool:
        now = self.registry.now()
        if time.monotonic() >= self._prune_at:
            self._prune_at = time.monotonic() + PRUNE_S
            receipts.prune(self.registry.engine, now)
        leader = self._keys.get((request.scope, idem.key))
        if leader is not None and leader.idem is not None:  # the same key is being written: answered with it
            if leader.idem.fingerprint != idem.fingerprint:
                raise KeyReused(idem.key)
            self._queue.consume(len(request.commands))
            request.taken = len(request.commands)
            leader.followers.append(request)
            return False
        found = receipts.stored(self.registry.engine, request.scope, idem.key, now)
        if found is not None:
            if found.fingerprint != idem.fingerprint:
                raise KeyReused(idem.key)
            if found.complete:
                self._finish(request, duplicates(found.outcomes))
                return False
            # A part was written and the rest was not (its group failed, the service stopped): finish the rest.
            request.outcomes, request.parts = list(found.outcomes), found.parts
            request.taken = request.written = len(found.outcomes)
            self._queue.consume(request.taken)
        self._keys[(request.scope, idem.key)] = request
        return True

    def _write(self, parts: list[Part]) -> None:
        # The group's requests are all taken at this moment, so each token is looked up once for all of them: a
        # token revoked after this lookup stops the next group's requests.
        facts = RegistryFacts(self.registry)
        follows = False  # some command of the group comes before this one (its facts may count for the next)
        for part in list(parts):
            request = part.request
            try:
                assert request.actor is not None
                part.slots = []
                for cmd in request.commands[part.start : part.end]:
                    part.slots.append(prepare_as(request.actor, self.registry, cmd, facts, follows))
                    follows = True
            except Exception as exc:  # a failed read of the policy's facts: this request's answer
                parts.remove(part)
                self._finish(request, exc)
                continue
            if request.idem is not None:
                self._keyed(part, request.idem)
        while True:
            ready = [s for p in parts for s in p.slots if isinstance(s, Prepared)]
            try:
                results = iter(self.registry.submit(ready) if ready else [])
                break
            except receipts.KeyTaken as taken:  # another service process wrote this key's part first
                lost = next(p for p in parts if p.receipt is taken.receipt)
                parts.remove(lost)
                self._finish(lost.request, Pending(len(lost.request.commands), lost.request.written))
            except Exception as exc:  # the group's transaction failed: every request in it hears why
                for part in parts:
                    self._finish(part.request, exc)
                return
        for part in parts:
            self._answer(part, [status(next(results)) if isinstance(s, Prepared) else s for s in part.slots])

    def _keyed(self, part: Part, idem: Keyed) -> None:
        """Its answer is stored with its commands, and its journal entries name the key (audit, replay)."""
        request = part.request
        at = self.registry.now().isoformat()
        part.receipt = Receipt(request.scope, idem.key, idem.fingerprint, len(request.commands), request.parts, at,
                               part.slots)  # fmt: skip
        for slot in part.slots:
            if isinstance(slot, Prepared):
                slot.receipt = part.receipt
                slot.logged["actor"]["idempotency_key"] = idem.key

    def _answer(self, part: Part, outcomes: list[Outcome]) -> None:
        request = part.request
        if part.receipt is not None and all(s != 200 for s, _ in outcomes):
            # Nothing of the part was applied, so no transaction stored its answer (a lone refusal rolls back).
            receipts.store_alone(self.registry.engine, part.receipt, outcomes)
        if request.outcomes:
            request.outcomes.extend(outcomes)
        else:
            request.outcomes = outcomes
        request.written, request.parts = part.end, request.parts + 1
        if request.written >= len(request.commands):
            self._finish(request, request.outcomes)

    def _finish(self, request: Request, answer: list[Outcome] | BaseException) -> None:
        """Answer a request (and the repeats of its key that waited for it); its untaken commands are dropped."""
        if request.taken < len(request.commands):
            self._queue.consume(len(request.commands) - request.taken)
            request.taken = len(request.commands)
        if request.idem is not None and self._keys.get((request.scope, request.idem.key)) is request:
            del self._keys[(request.scope, request.idem.key)]
        self._answers.append((request, answer))
        for follower in request.followers:
            self._finish(follower, answer if isinstance(answer, BaseException) else duplicates(answer))

    def _deliver(self) -> None:
        """Hand the turn's answers to their event loops, one wake-up per loop (not one per request)."""
        loops: dict[asyncio.AbstractEventLoop, list[tuple[asyncio.Future[list[Outcome]], Any]]] = {}
        for request, answer in self._answers:
            loops.setdefault(request.loop, []).append((request.future, answer))
        self._answers.clear()
        for loop, answers in loops.items():
            loop.call_soon_threadsafe(settle, answers)


def _caller(request: Request, callers: dict[object, Actor | Exception]) -> Actor:
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
