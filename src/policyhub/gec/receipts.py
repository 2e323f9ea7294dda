"""Idempotency keys of `POST /api/gec/commands`: a keyed request's answer, stored with the commands it answers.

The desk writes a request in parts of at most one group; each part's answer (status and result of each of its
commands) is one row of `gec_request_keys`, inserted inside the transaction that applies the part's commands
(`record`, called by the registry's group before it commits). A part none of whose commands reached the
registry, or whose every command was refused, changed nothing and is stored on its own (`store_alone`).
A key belongs to the token that sent it and is kept 24 hours (the registry's clock).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from policyhub.access.roles import Actor
from policyhub.storage import single_read

from .adapters import tables as t
from .adapters.uow import UnitOfWork
from .outcomes import Result
from .prepared import Outcome, Prepared, Receipt, status

__all__ = ["KEEP", "KeyTaken", "Outcome", "Receipt", "Stored", "duplicates", "prune", "record", "scope", "status",
           "store_alone", "stored"]  # fmt: skip

KEEP = timedelta(hours=24)

_k = t.request_keys.c
_MINE = sa.and_(_k.scope == sa.bindparam("s"), _k.key == sa.bindparam("k"))
_PARTS = sa.select(t.request_keys).where(_MINE).order_by(_k.part)
_PART = sa.select(_k.part).where(_MINE, _k.part == sa.bindparam("p"))
_FORGET = sa.delete(t.request_keys).where(_MINE)
_INSERT = sa.insert(t.request_keys)


def scope(actor: Actor) -> str:
    """Whose Idempotency-Key: the API token that sent it (the role and its scope for a caller without one)."""
    if actor.token is not None:
        return f"token:{actor.token}"
    return f"{actor.role.value}:{actor.account or actor.platform or ''}"


def duplicates(outcomes: list[Outcome]) -> list[Outcome]:
    """A repeat's answer: the first one, each result marked `duplicate`."""
    return [(code, {**result, "duplicate": True}) for code, result in outcomes]


class KeyTaken(Exception):
    """Another service process stored this part of a key first: the group is void and runs again without it."""

    def __init__(self, receipt: Receipt) -> None:
        super().__init__(f"idempotency key {receipt.key!r} part {receipt.part} is already stored")
        self.receipt = receipt


def record(conn: sa.Connection, batch: Sequence[Prepared], results: Sequence[Result]) -> None:
    """Inside a group's transaction, after its commands: store the answer of each keyed part of the group."""
    receipts = {id(p.receipt): p.receipt for p in batch if p.receipt is not None}
    if not receipts:
        return  # no key in the group: the write path's only cost is this one pass
    applied = {id(p): result for p, result in zip(batch, results, strict=True) if p.receipt is not None}
    for receipt in receipts.values():
        # The group holds the journal head, so no other writer stores a part meanwhile: a read is enough.
        if conn.execute(_PART, {"s": receipt.scope, "k": receipt.key, "p": receipt.part}).first() is not None:
            raise KeyTaken(receipt)
        conn.execute(_INSERT, receipt.row(receipt.outcomes(applied)))


def store_alone(engine: sa.Engine, receipt: Receipt, outcomes: list[Outcome]) -> None:
    """Store the answer of a part that changed nothing (if its group's transaction did not already)."""
    try:
        with UnitOfWork(engine) as uow:
            if uow.conn.execute(_PART, {"s": receipt.scope, "k": receipt.key, "p": receipt.part}).first() is None:
                uow.conn.execute(_INSERT, receipt.row(outcomes))
    except IntegrityError:
        pass  # stored meanwhile by another service process: the same part, answered there


@dataclass
class Stored:
    """What is stored under a key: the body's fingerprint, the request's size and the answers of its parts."""

    fingerprint: str
    count: int
    parts: int
    outcomes: list[Outcome]

    @property
    def complete(self) -> bool:
        return len(self.outcomes) >= self.count


def stored(engine: sa.Engine, scope: str, key: str, now: datetime) -> Stored | None:
    """The key's stored answer if it is younger than 24 hours; an older one is forgotten here."""
    with single_read(engine) as conn:
        rows = conn.execute(_PARTS, {"s": scope, "k": key}).all()
    if not rows:
        return None
    if any(datetime.fromisoformat(row.at) < now - KEEP for row in rows):
        with UnitOfWork(engine) as uow:
            uow.conn.execute(_FORGET, {"s": scope, "k": key})
        return None
    outcomes = [(int(s), r) for row in rows for s, r in json.loads(row.outcomes)]
    first = rows[0]._mapping  # `count` is also a method of a row
    return Stored(str(first["fingerprint"]), int(first["count"]), len(rows), outcomes)


def prune(engine: sa.Engine, now: datetime) -> None:
    """Forget every key older than 24 hours (the registry's times are all written with the +08:00 offset)."""
    with UnitOfWork(engine) as uow:
        uow.conn.execute(sa.delete(t.request_keys).where(_k.at < (now - KEEP).isoformat()))
