"""The registry's Python API: `Registry.open(url)` then `.apply(command)`, `.state()`, `.verify(code)`, …"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
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
from .domain.months import parse_month
from .service import creation_key, handle
from .service.context import Ctx

BatchRow = tuple[str, int | None, int | None]

# Built once: every command runs them.
_SEEN = sa.select(t.names).where(t.names.c.key == sa.bindparam("k"))
_RESULT = sa.select(t.journal.c.result).where(t.journal.c.seq == sa.bindparam("k"))
_APPEND = sa.insert(t.journal)
_HEAD = sa.update(t.meta).where(t.meta.c.id == 1)
_NAME = sa.insert(t.names)


def error(code: str, message: str) -> dict[str, Any]:
    """The ok:false result of a refused command."""
    return {"ok": False, "error": {"code": code, "message": message}}


class Registry(queries.Queries, market_queries.MarketQueries):
    """One registry database. Role-agnostic: authorization happens before `apply` is called."""

    def __init__(self, engine: sa.Engine, public_url: str | None = None) -> None:
        self.engine = engine
        self.rules = config.rules()
        self.public_url = config.public_url(public_url)

    @classmethod
    def open(cls, url: str | None = None, *, create: bool = True, public_url: str | None = None) -> Registry:
        """Open (and migrate) the database at `url` / $POLICYHUB_DB / ./policyhub.sqlite."""
        return cls(open_engine(url, create=create), public_url)

    def close(self) -> None:
        """Release the connections."""
        self.engine.dispose()

    def __enter__(self) -> Registry:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- commands ---------------------------------------------------------------------------------------
    def apply(self, command: Any) -> dict[str, Any]:
        """Apply one command (a dict as in the contract); never raises for bad input, returns ok:false."""
        try:
            cmd = c.parse_command(command)
        except InputError as exc:
            return error(exc.code, exc.message)
        at = cmd.at or datetime.now(UTC)
        logged = c.canonical(cmd)
        logged["at"] = at.isoformat()
        rows: list[BatchRow] = []
        if isinstance(cmd, c.MeterBatch):
            rows = [(r.project, r.grid_kwh, r.self_kwh) for r in cmd.rows]
            logged = _batch_entry(logged, rows)
        return self._run(cmd, at, logged, rows)

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
        when = at or datetime.now(UTC)
        cmd = c.MeterBatch.model_construct(op="meter_batch", month=month, source=source, rows=[], at=when)
        logged = _batch_entry({"op": "meter_batch", "month": month, "source": source, "at": when.isoformat()}, rows)
        return self._run(cmd, when, logged, rows)

    def _run(self, cmd: c.Command, at: datetime, logged: dict[str, Any], rows: list[BatchRow]) -> dict[str, Any]:
        """One transaction: idempotency check, handler, journal entry. A refusal rolls everything back."""
        key = creation_key(cmd)
        fingerprint = hashlib.sha256(
            canonical_json({k: v for k, v in logged.items() if k != "at"}).encode()
        ).hexdigest()
        try:
            with UnitOfWork(self.engine) as uow:
                head = uow.lock_head()
                if key is not None:
                    seen = uow.conn.execute(_SEEN, {"k": key}).first()
                    if seen is not None:
                        if seen.fingerprint != fingerprint:
                            raise InputError(f"{key} already exists with different content", "already_exists")
                        stored = uow.conn.execute(_RESULT, {"k": seen.seq})
                        return {**json.loads(stored.scalar_one()), "duplicate": True}
                seq = int(head.head_seq) + 1
                ctx = Ctx(uow.conn, self.rules, at, seq, rows)
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


def _batch_entry(logged: dict[str, Any], rows: list[BatchRow]) -> dict[str, Any]:
    """A batch's journal command holds the rows' count and digest; the rows themselves are in gec_batch_rows."""
    out = {k: v for k, v in logged.items() if k != "rows"}
    out.update(count=len(rows), rows_sha256=rows_digest(rows))
    return out
