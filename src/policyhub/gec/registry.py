"""The registry's Python API: `Registry.open(url)` then `.apply(command)`, `.state()`, `.verify(code)`, …"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, cast

import sqlalchemy as sa

from policyhub import dbfaults as faults
from policyhub.errors import Forbidden, InputError

from . import config, market_queries, receipts, verification
from .adapters import fast, pipeline
from .adapters import tables as t
from .adapters.db import close_engine, open_engine
from .adapters.uow import UnitOfWork
from .domain import commands as c
from .domain import names, project_rows
from .domain.journal import canonical_json, entry_hash, rows_digest
from .domain.months import BEIJING, parse_month
from .group_commit import GroupCommitter
from .outcomes import Result, error, refusal, refused, sender_scope
from .prepared import Chain, Prepared
from .service import creation_key, facts, handle
from .service.context import Ctx

BatchRow = tuple[str, int | None, int | None]
# Commands per transaction when a list is applied (apply_many, a JSON array, a JSONL file, the HTTP queue).
GROUP = 200
_NAIVE_AT = "时间须带时区 `at` needs an offset, e.g. 2024-09-25T10:00:00+08:00"

# Built once: every command runs them.
_SEEN = sa.select(t.names).where(t.names.c.key == sa.bindparam("k"))
_RESULT = sa.select(t.journal.c.result, t.journal.c.command).where(t.journal.c.seq == sa.bindparam("k"))
_APPEND = sa.insert(t.journal)
_NAME = sa.insert(t.names)

# How far ahead of the registry's clock the operator's local tool may date a command (clock drift between hosts).
AHEAD = timedelta(minutes=5)
Clock = Callable[[], datetime]


class Registry(verification.Verification, market_queries.MarketQueries):
    """One registry database. Role-agnostic: authorization happens before `apply` is called."""

    def __init__(self, engine: sa.Engine, public_url: str | None = None, clock: Clock | None = None) -> None:
        self.engine = engine
        self.rules = config.rules()
        self.public_url = config.public_url(public_url)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self._committer: GroupCommitter | None = None
        self._committer_guard = threading.Lock()

    @classmethod
    def open(
        cls, url: str | None = None, *, create: bool = True, public_url: str | None = None, clock: Clock | None = None
    ) -> Registry:
        """Open (and migrate) the database at `url` / $POLICYHUB_DB / ./policyhub.sqlite."""
        return cls(open_engine(url, create=create), public_url, clock)

    def now(self) -> datetime:
        """The registry's own time, in Beijing time (every date rule is judged there)."""
        return self.clock().astimezone(BEIJING)

    def today(self) -> str:
        """The registry's date (Beijing), ISO."""
        return self.now().date().isoformat()

    def close(self) -> None:
        """Finish queued commands, then release the connections."""
        with self._committer_guard:
            committer, self._committer = self._committer, None
        if committer is not None:
            committer.close()
        close_engine(self.engine)

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- commands ---------------------------------------------------------------------------------------
    def apply(self, command: Any, actor: Mapping[str, Any] | None = None) -> Result:
        """Apply one command (a dict as in the contract); never raises for bad input, returns ok:false.

        The registry stamps every command with its own clock. Only the operator's local tool (`gec apply`, replays,
        simulations) may give `at`: with an offset, not before the journal's last entry, not ahead of the clock.
        `actor` (role, token, account, platform) is written into the journal entry, under its hash.
        """
        prepared = self.prepare(command, actor)
        return self.apply_prepared([prepared])[0] if isinstance(prepared, Prepared) else prepared

    def apply_many(self, commands: Iterable[Any], actor: Mapping[str, Any] | None = None) -> list[Result]:
        """Apply commands in order, GROUP commands per transaction; each refused one changes nothing."""
        return self.apply_ready([self.prepare(cmd, actor) for cmd in commands])

    def apply_ready(self, items: Sequence[Prepared | Result]) -> list[Result]:
        """Apply prepared commands in order, GROUP per transaction; an error result (a malformed one) stays as it is."""
        ready = [(i, p) for i, p in enumerate(items) if isinstance(p, Prepared)]
        done: dict[int, Result] = {}
        for first in range(0, len(ready), GROUP):
            chunk = ready[first : first + GROUP]
            for (i, _), result in zip(chunk, self.apply_prepared([p for _, p in chunk]), strict=True):
                done[i] = result
        return [done[i] if isinstance(p, Prepared) else p for i, p in enumerate(items)]

    def submit(self, items: Sequence[Prepared]) -> list[Result]:
        """Apply prepared commands through the group-commit queue (the service's many request threads share it)."""
        return self.committer().submit(items)

    def committer(self) -> GroupCommitter:
        """This registry's group-commit queue, made on first use."""
        with self._committer_guard:
            if self._committer is None:
                self._committer = GroupCommitter(self.apply_prepared, GROUP)
            return self._committer

    def prepare(self, command: Any, actor: Mapping[str, Any] | None = None) -> Prepared | Result:
        """Parse a command and build its journal entry's body (no database access); an error result if malformed."""
        try:
            cmd = c.parse_command(command)
            names.check_new_name(cmd)
        except InputError as exc:
            return error(exc.code, exc.message)
        logged = c.canonical(cmd)
        logged.pop("at", None)
        if actor is not None:
            logged["actor"] = {k: actor.get(k) for k in ("role", "token", "account", "platform")}
        rows: list[Any] = []
        if isinstance(cmd, c.MeterBatch):
            rows = [(r.project, r.grid_kwh, r.self_kwh) for r in cmd.rows]
            logged = _batch_entry(logged, rows_digest(rows), len(rows))
        elif isinstance(cmd, c.ProjectBatch):
            rows = project_rows.RowBatch(cmd.checked_rows())
            logged = _batch_entry(logged, project_rows.digest(rows), len(rows))
        at = cmd.at.astimezone(BEIJING) if cmd.at is not None else None
        return Prepared(cmd, logged, rows, at)

    def import_meter(
        self, month: str, rows: list[BatchRow], source: str = "grid", at: datetime | None = None
    ) -> Result:
        """Bulk import of a month's grid data (no per-row models): one journal entry with the rows' digest."""
        try:
            parse_month(month)
        except InputError as exc:
            return error(exc.code, exc.message)
        if at is not None and at.tzinfo is None:
            return error("invalid_at", _NAIVE_AT)
        cmd = c.MeterBatch.model_construct(op="meter_batch", month=month, source=source, rows=[], at=at)
        logged = _batch_entry({"op": "meter_batch", "month": month, "source": source}, rows_digest(rows), len(rows))
        return self.apply_prepared([Prepared(cmd, logged, rows, _beijing(at))])[0]

    def import_projects(self, rows: list[project_rows.ProjectRow], at: datetime | None = None) -> Result:
        """Bulk 建档立卡 of checked rows (`project_rows.check`): one journal entry with the rows' digest."""
        if at is not None and at.tzinfo is None:
            return error("invalid_at", _NAIVE_AT)
        cmd = c.ProjectBatch.model_construct(op="project_batch", rows=[], at=at)
        rows = rows if isinstance(rows, project_rows.RowBatch) else project_rows.RowBatch(rows)
        try:
            names.check_project_names(row[0] for row in rows)
        except InputError as exc:
            return error(exc.code, exc.message)
        logged = _batch_entry({"op": "project_batch"}, project_rows.digest(rows), len(rows))
        return self.apply_prepared([Prepared(cmd, logged, rows, _beijing(at))])[0]

    def apply_prepared(self, batch: Sequence[Prepared]) -> list[Result]:
        """One transaction for the whole group; a refused command changes nothing, its neighbours commit.

        Each command is still its own journal entry, stamped with the registry's clock when it is applied.
        The group first runs optimistically: no savepoints, and on PostgreSQL pipelined. Should a command be refused
        after it changed something, or a statement fail, that run is rolled back and the group runs again with a
        savepoint per command and every statement awaited; the second run decides.
        """
        if not batch:
            return []
        try:
            return self._group(batch, optimistic=True)
        except pipeline.Broken:
            return self._group(batch, optimistic=False)

    def _group(self, batch: Sequence[Prepared], optimistic: bool) -> list[Result]:
        lone = len(batch) == 1  # a lone command's refusal rolls the transaction back: no savepoint needed
        saving = not lone and not optimistic
        piped = optimistic and self.engine.dialect.name == "postgresql"
        results: list[Result] = []
        inside = [False]  # a command's own work is under way (its error is its own)
        try:
            with UnitOfWork(self.engine) as uow, pipeline.pipelined(uow.conn, piped):
                conn = uow.conn
                chain = self._chain(uow)
                for prepared in batch:
                    pipeline.resume(conn)
                    if saving:
                        fast.savepoint(conn, "SAVEPOINT")
                    mark, writes = chain.mark(), conn.info.get(fast.WRITES, 0)
                    inside[0] = True
                    try:
                        result = self._one(conn, prepared, chain)
                    except (InputError, sa.exc.DBAPIError) as exc:
                        if isinstance(exc, sa.exc.DBAPIError) and faults.outage(exc):
                            raise  # the database's fault, not this command's: the whole group fails (503)
                        if lone:
                            raise  # the transaction rolls back: nothing to undo by hand
                        if saving:
                            fast.savepoint(conn, "ROLLBACK TO SAVEPOINT")
                        elif not isinstance(exc, InputError) or conn.info.get(fast.WRITES) != writes:
                            # No savepoint to return to: only a refusal that changed nothing may be let go.
                            raise pipeline.Broken("a refused command had changed something") from exc
                        chain.reset(mark)
                        result = refusal(exc, prepared)
                    inside[0] = False
                    if saving:
                        fast.savepoint(conn, "RELEASE SAVEPOINT")
                    results.append(result)
                receipts.record(conn, batch, results)  # the answers to keyed requests, with their commands
                chain.save(conn)
        except InputError as exc:
            return [refused(exc)]
        except sa.exc.DBAPIError as exc:
            if not lone or not inside[0] or faults.outage(exc):
                raise  # the database's, or the group's own work (the head, the journal): not one command's
            return [refusal(exc, batch[0])]
        return results

    def _chain(self, uow: UnitOfWork) -> Chain:
        head = uow.lock_head()
        seq = int(head.head_seq)
        last = None if head.last_at is None else datetime.fromisoformat(str(head.last_at))
        return Chain(seq, str(head.head_hash), last, seq)

    def _one(self, conn: sa.Connection, p: Prepared, chain: Chain) -> Result:
        """Idempotency check, handler, journal entry: the work of one command inside the open transaction."""
        received = self.now()
        if p.at is not None:
            if not p.replay:
                self._check_given_at(chain, p.at, received)
            at = p.at
        else:
            # The journal only moves forward, even if the host's clock steps back.
            at = received if chain.last_at is None or received >= chain.last_at else chain.last_at
        stamp = at.isoformat()
        known = p.logged.get("received")  # a replayed entry keeps the time it was first received
        logged = {**p.logged, "at": stamp, "received": known if "received" in p.logged else received.isoformat()}
        if p.sender is not None:  # before the duplicate check: a repeat answers only whoever may send it
            try:
                facts.authorise_here(conn, p.sender, p.logged)
            except Forbidden as exc:
                if not p.replay:
                    raise
                p.breach = exc.message  # audit reports it; the replay goes on as the journal has it
        key = creation_key(p.cmd, p.logged)
        if key is not None:
            seen = fast.execute(conn, _SEEN, {"k": key}).first()
            if seen is not None:
                first = fast.execute(conn, _RESULT, {"k": seen.seq}).one()
                if sender_scope(json.loads(first.command).get("actor")) != sender_scope(p.logged.get("actor")):
                    # A repeat answers only whoever sent the first: another sender learns nothing of its content.
                    raise InputError(f"{key} already exists", "already_exists")
                if seen.fingerprint != p.fingerprint:
                    raise InputError(f"{key} already exists with different content", "already_exists")
                return cast(Result, {**json.loads(first.result), "duplicate": True})
        seq = chain.seq + 1
        ctx = Ctx(conn, self.rules, at, seq, p.rows, logged.get("actor"), chain.memo)
        # The op's own fields after the envelope: each handler's answer is typed where it is made (service/).
        result = cast(Result, {"ok": True, "op": logged["op"], "entry": seq, **handle(ctx, p.cmd)})
        cmd_json, res_json = canonical_json(logged), canonical_json(result)
        digest = entry_hash(chain.hash, cmd_json, res_json)
        fast.execute(conn, _APPEND, {"seq": seq, "at": stamp, "op": logged["op"], "command": cmd_json,
                                     "result": res_json, "prev_hash": chain.hash, "hash": digest})  # fmt: skip
        if key is not None:
            fast.execute(conn, _NAME, {"key": key, "fingerprint": p.fingerprint, "seq": seq})
        chain.seq, chain.hash, chain.last_at = seq, digest, at
        return result

    def _check_given_at(self, chain: Chain, at: datetime, received: datetime) -> None:
        """A given time keeps the journal in time order and is never ahead of the registry's clock."""
        if at > received + AHEAD:
            raise InputError(
                f"时间晚于登记系统时钟 `at` {at.isoformat()} is ahead of the registry's clock ({received.isoformat()})",
                "at_in_future",
            )
        if chain.last_at is not None and at < chain.last_at:
            raise InputError(
                f"时间早于上一条记录 `at` {at.isoformat()} is earlier than journal entry {chain.seq} "
                f"({chain.last_at.isoformat()}): the journal only moves forward",
                "at_before_journal",
            )


def _batch_entry(logged: dict[str, Any], digest: str, count: int) -> dict[str, Any]:
    """A batch's journal command holds the rows' count and digest; the rows are stored beside the entry."""
    out = {k: v for k, v in logged.items() if k != "rows"}
    out.update(count=count, rows_sha256=digest)
    return out


def _beijing(at: datetime | None) -> datetime | None:
    return None if at is None else at.astimezone(BEIJING)
