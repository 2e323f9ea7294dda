"""The registry's Python API: `Registry.open(url)` then `.apply(command)`, `.state()`, `.verify(code)`, …"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from policyhub.errors import InputError

from . import config, market_queries, queries
from .adapters import tables as t
from .adapters.db import open_engine
from .adapters.uow import UnitOfWork
from .domain import commands as c
from .domain.journal import canonical_json, entry_hash, rows_digest
from .domain.months import BEIJING, parse_month
from .service import creation_key, handle
from .service.context import Ctx

BatchRow = tuple[str, int | None, int | None]

# Built once: every command runs them.
_SEEN = sa.select(t.names).where(t.names.c.key == sa.bindparam("k"))
_RESULT = sa.select(t.journal.c.result).where(t.journal.c.seq == sa.bindparam("k"))
_APPEND = sa.insert(t.journal)
_HEAD = sa.update(t.meta).where(t.meta.c.id == 1)
_NAME = sa.insert(t.names)
_LAST_AT = sa.select(t.journal.c.at).where(t.journal.c.seq == sa.bindparam("k"))

# How far ahead of the registry's clock the operator's local tool may date a command (clock drift between hosts).
AHEAD = timedelta(minutes=5)
# Journal members that say who sent a command and when it arrived: covered by the hash, not by idempotency.
_ENVELOPE = ("at", "received", "actor")
Clock = Callable[[], datetime]


def error(code: str, message: str) -> dict[str, Any]:
    """The ok:false result of a refused command."""
    return {"ok": False, "error": {"code": code, "message": message}}


class Registry(queries.Queries, market_queries.MarketQueries):
    """One registry database. Role-agnostic: authorization happens before `apply` is called."""

    def __init__(self, engine: sa.Engine, public_url: str | None = None, clock: Clock | None = None) -> None:
        self.engine = engine
        self.rules = config.rules()
        self.public_url = config.public_url(public_url)
        self.clock: Clock = clock or (lambda: datetime.now(UTC))

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
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- commands ---------------------------------------------------------------------------------------
    def apply(self, command: Any, actor: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Apply one command (a dict as in the contract); never raises for bad input, returns ok:false.

        The registry stamps every command with its own clock. Only the operator's local tool (`gec apply`, replays,
        simulations) may give `at`: with an offset, not before the journal's last entry, not ahead of the clock.
        `actor` (role, token, account, platform) is written into the journal entry, under its hash.
        """
        try:
            cmd = c.parse_command(command)
        except InputError as exc:
            return error(exc.code, exc.message)
        received = self.now()
        at = cmd.at.astimezone(BEIJING) if cmd.at is not None else received
        logged = c.canonical(cmd)
        logged["at"] = at.isoformat()
        logged["received"] = received.isoformat()
        if actor is not None:
            logged["actor"] = {k: actor.get(k) for k in ("role", "token", "account", "platform")}
        rows: list[BatchRow] = []
        if isinstance(cmd, c.MeterBatch):
            rows = [(r.project, r.grid_kwh, r.self_kwh) for r in cmd.rows]
            logged = _batch_entry(logged, rows)
        return self._run(cmd, at, logged, rows, given_at=cmd.at is not None)

    def apply_many(self, commands: Iterable[Any]) -> list[dict[str, Any]]:
        """Apply commands in order; each refused one changes nothing and the rest still run."""
        return [self.apply(cmd) for cmd in commands]

    def import_meter(
        self, month: str, rows: list[BatchRow], source: str = "grid", at: datetime | None = None
    ) -> dict[str, Any]:
        """Bulk import of a month's grid data (no per-row models): one journal entry with the rows' digest."""
        try:
            parse_month(month)
        except InputError as exc:
            return error(exc.code, exc.message)
        if at is not None and at.tzinfo is None:
            return error("invalid_at", "时间须带时区 `at` needs an offset, e.g. 2024-09-25T10:00:00+08:00")
        received = self.now()
        when = at.astimezone(BEIJING) if at is not None else received
        cmd = c.MeterBatch.model_construct(op="meter_batch", month=month, source=source, rows=[], at=when)
        head = {"op": "meter_batch", "month": month, "source": source, "at": when.isoformat()}
        logged = _batch_entry({**head, "received": received.isoformat()}, rows)
        return self._run(cmd, when, logged, rows, given_at=at is not None)

    def _run(
        self, cmd: c.Command, at: datetime, logged: dict[str, Any], rows: list[BatchRow], given_at: bool = False
    ) -> dict[str, Any]:
        """One transaction: idempotency check, handler, journal entry. A refusal rolls everything back."""
        key = creation_key(cmd)
        fingerprint = hashlib.sha256(
            canonical_json({k: v for k, v in logged.items() if k not in _ENVELOPE}).encode()
        ).hexdigest()
        try:
            with UnitOfWork(self.engine) as uow:
                head = uow.lock_head()
                if given_at:
                    self._check_given_at(uow.conn, int(head.head_seq), at, datetime.fromisoformat(logged["received"]))
                if key is not None:
                    seen = uow.conn.execute(_SEEN, {"k": key}).first()
                    if seen is not None:
                        if seen.fingerprint != fingerprint:
                            raise InputError(f"{key} already exists with different content", "already_exists")
                        stored = uow.conn.execute(_RESULT, {"k": seen.seq})
                        return {**json.loads(stored.scalar_one()), "duplicate": True}
                seq = int(head.head_seq) + 1
                ctx = Ctx(uow.conn, self.rules, at, seq, rows, logged.get("actor"))
                result = {"ok": True, "op": logged["op"], "entry": seq, **handle(ctx, cmd)}
                cmd_json, res_json = canonical_json(logged), canonical_json(result)
                digest = entry_hash(head.head_hash, cmd_json, res_json)
                entry = {"seq": seq, "at": at.isoformat(), "op": logged["op"], "command": cmd_json, "result": res_json}
                uow.conn.execute(_APPEND, {**entry, "prev_hash": head.head_hash, "hash": digest})
                uow.conn.execute(_HEAD, {"head_seq": seq, "head_hash": digest})
                if key is not None:
                    uow.conn.execute(_NAME, {"key": key, "fingerprint": fingerprint, "seq": seq})
                return result
        except InputError as exc:
            return error(exc.code, exc.message)
        except IntegrityError as exc:
            return error("conflict", f"refused by a database constraint: {exc.orig}")


    def _check_given_at(self, conn: sa.Connection, head_seq: int, at: datetime, received: datetime) -> None:
        """A given time keeps the journal in time order and is never ahead of the registry's clock."""
        if at > received + AHEAD:
            raise InputError(
                f"时间晚于登记系统时钟 `at` {at.isoformat()} is ahead of the registry's clock ({received.isoformat()})",
                "at_in_future",
            )
        if head_seq > 0:
            last = datetime.fromisoformat(str(conn.execute(_LAST_AT, {"k": head_seq}).scalar_one()))
            if at < last:
                raise InputError(
                    f"时间早于上一条记录 `at` {at.isoformat()} is earlier than journal entry {head_seq} "
                    f"({last.isoformat()}): the journal only moves forward",
                    "at_before_journal",
                )


def _batch_entry(logged: dict[str, Any], rows: list[BatchRow]) -> dict[str, Any]:
    """A batch's journal command holds the rows' count and digest; the rows themselves are in gec_batch_rows."""
    out = {k: v for k, v in logged.items() if k != "rows"}
    out.update(count=len(rows), rows_sha256=rows_digest(rows))
    return out
