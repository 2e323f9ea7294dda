"""A command ready to apply, the keyed request part it answers (Receipt), and the journal head as a group moves it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any

import sqlalchemy as sa

from .adapters import fast
from .adapters import tables as t
from .answers import Result
from .domain import commands as c
from .domain.journal import canonical_json

# Journal members that say who sent a command and when it arrived: covered by the hash, not by idempotency.
ENVELOPE = ("at", "received", "actor")
_HEAD = sa.update(t.meta).where(t.meta.c.id == 1)


@dataclass
class Prepared:
    """A parsed command and its journal body, ready to apply (time, entry number and hash come when it is)."""

    cmd: c.Command
    logged: dict[str, Any]
    rows: list[Any]
    at: datetime | None  # given by the operator's local tool; None: the registry's clock decides
    replay: bool = False  # audit re-running the journal: its times were checked when first applied
    # The role policy's Actor (access.roles) to authorise again inside the transaction, with the facts as they are
    # at this entry: the service's commands (a listing made earlier in the same group counts) and audit's replay.
    sender: Any = None
    breach: str | None = None  # replay only: why the sender could not have sent it (the entry is replayed all the same)
    receipt: Receipt | None = None  # a part of a request sent with an Idempotency-Key (receipts.py)

    @cached_property
    def fingerprint(self) -> str:
        """What was asked, not who asked or when (ENVELOPE): idempotency compares it (only creating commands do)."""
        body = {k: v for k, v in self.logged.items() if k not in ENVELOPE}
        return hashlib.sha256(canonical_json(body).encode()).hexdigest()


Outcome = tuple[int, Result]  # HTTP status and result


def status(result: Result) -> Outcome:
    """A registry result as (HTTP status, result): 200 applied, 403 refused by the role policy in the transaction
    (gec/service/facts.py), 409 refused by the registry."""
    if result["ok"]:
        return 200, result
    return (403 if result["error"]["code"] == "forbidden" else 409), result


# Beside Prepared, which points to it: a receipt's slots hold the Prepared commands it answers (receipts.py
# stores it).
@dataclass(eq=False)
class Receipt:
    """One part of a keyed request: its commands as prepared (or already answered) and where its answer goes."""

    scope: str
    key: str
    fingerprint: str
    count: int
    part: int
    at: str
    slots: list[Outcome | Prepared]

    def outcomes(self, results: dict[int, Result]) -> list[Outcome]:
        """The part's answer, given the results of its applied commands by id of their Prepared."""
        return [status(results[id(s)]) if isinstance(s, Prepared) else s for s in self.slots]

    def row(self, outcomes: list[Outcome]) -> dict[str, object]:
        return {"scope": self.scope, "key": self.key, "part": self.part, "fingerprint": self.fingerprint,
                "count": self.count, "at": self.at, "outcomes": canonical_json(outcomes)}  # fmt: skip


@dataclass
class Chain:
    """The journal head as a group of commands moves it; written back once, when the group commits."""

    seq: int
    hash: str
    last_at: datetime | None
    start: int
    # What the group's commands learnt and will not change behind its back (the last trade number): rolled back
    # with a refused command's savepoint.
    memo: dict[str, Any] = field(default_factory=dict)

    def mark(self) -> tuple[int, str, datetime | None, dict[str, Any]]:
        return self.seq, self.hash, self.last_at, dict(self.memo)

    def reset(self, mark: tuple[int, str, datetime | None, dict[str, Any]]) -> None:
        self.seq, self.hash, self.last_at, memo = mark
        self.memo.clear()
        self.memo.update(memo)

    def save(self, conn: sa.Connection) -> None:
        if self.seq != self.start:
            fast.execute(conn, _HEAD, {"head_seq": self.seq, "head_hash": self.hash})
