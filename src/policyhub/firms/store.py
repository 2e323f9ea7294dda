"""Firms and their dated assessments on the app's database (SQLite or PostgreSQL)."""

from __future__ import annotations

import contextlib
import json
import weakref
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any, cast

from sqlalchemy import RowMapping, select
from sqlalchemy.engine import Connection, Engine

from policyhub.errors import InputError, NotFound
from policyhub.firms import schema
from policyhub.firms.answers import Assessment, DigitalSummary, Firm, FirmListed, ManageSummary
from policyhub.firms.identity import credit_code, firm_name
from policyhub.firms.schema import firm_assessments, firms

KINDS = {"digital": "数字化水平评测", "manage": "管理提升自诊断"}


class FirmStore:
    """Who the firms are and every assessment each has had, oldest first."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        schema.upgrade(engine)

    @contextlib.contextmanager
    def writing(self, conn: Connection | None = None) -> Iterator[Connection]:
        """The caller's transaction, else a new one: several writes saved together or not at all."""
        if conn is not None:
            yield conn
        else:
            with self.engine.begin() as own:
                yield own

    def find(self, ref: str, within: Connection | None = None) -> Firm | None:
        """A firm by its id, its credit code or its exact name (None if unknown); `within`: the caller's transaction
        (SQLite: a read on another connection would wait for that transaction's write lock)."""
        ref = ref.strip()
        if not ref or "\x00" in ref or len(ref) > 200:
            return None  # no firm has such a name (PostgreSQL refuses NUL in a query)
        c = firms.c
        with contextlib.nullcontext(within) if within is not None else self.engine.connect() as conn:
            if ref.isascii() and ref.isdigit() and len(ref) < 10:  # an id; a longer run of digits is a name
                row = conn.execute(select(firms).where(c.id == int(ref))).mappings().first()
                if row:
                    return _firm(row)
            row = conn.execute(select(firms).where(c.credit_code == ref.upper())).mappings().first()
            row = row or conn.execute(select(firms).where(c.name == ref).order_by(c.id)).mappings().first()
        return _firm(row) if row else None

    def get(self, ref: str, within: Connection | None = None) -> Firm:
        """A firm, or NotFound."""
        found = self.find(ref, within)
        if found is None:
            raise NotFound(f"没有企业 {ref!r} no such firm (name, credit code or id)", "unknown_firm")
        return found

    def ensure(
        self, name: str, code: str | None = None, sector: str | None = None, conn: Connection | None = None
    ) -> Firm:
        """The firm with this credit code (else this name), created if new; a code or sector given is recorded."""
        name = firm_name(name)
        code = credit_code(code) if code and code.strip() else None
        c = firms.c
        with self.writing(conn) as conn:
            row = None
            if code:
                row = conn.execute(select(firms).where(c.credit_code == code)).mappings().first()
            if row is None:
                # a firm first saved by name alone takes the code when it gives one later
                by_name = select(firms).where(c.name == name)
                row = conn.execute(by_name.where(c.credit_code.is_(None)) if code else by_name).mappings().first()
            changes = {k: v for k, v in (("credit_code", code), ("sector", sector)) if v}
            if row is None:
                values = {"name": name, "created_at": datetime.now(UTC), **changes}
                new_id = conn.execute(firms.insert().values(**values)).inserted_primary_key
                assert new_id is not None
                return self._row(conn, int(new_id[0]))
            if changes:
                conn.execute(firms.update().where(c.id == row["id"]).values(**changes))
            return self._row(conn, int(row["id"]))

    def set_sector(self, firm_id: int, sector: str, conn: Connection | None = None) -> Firm:
        """Record the firm's sector (a signed-in firm updates its own); returns the firm."""
        with self.writing(conn) as conn:
            conn.execute(firms.update().where(firms.c.id == firm_id).values(sector=sector))
            return self._row(conn, firm_id)

    def _row(self, conn: Any, firm_id: int) -> Firm:
        return _firm(conn.execute(select(firms).where(firms.c.id == firm_id)).mappings().one())

    def record(self, firm_id: int, kind: str, on: date, submission: Any,
               summary: DigitalSummary | ManageSummary, conn: Connection | None = None) -> int:  # fmt: skip
        """Save one dated assessment of the firm; returns its id."""
        if kind not in KINDS:
            raise InputError(f"评测类别应为 digital 或 manage kind must be digital or manage, got {kind!r}")
        with self.writing(conn) as conn:
            result = conn.execute(
                firm_assessments.insert().values(
                    firm_id=firm_id, kind=kind, assessed_on=on, created_at=datetime.now(UTC),
                    submission=json.dumps(submission, ensure_ascii=False),
                    summary=json.dumps(summary, ensure_ascii=False),
                )
            )  # fmt: skip
        key = result.inserted_primary_key
        return int(key[0]) if key else 0

    def assessments(self, firm_id: int, kind: str | None = None) -> list[Assessment]:
        """The firm's assessments, oldest first (by date, then by when saved)."""
        c = firm_assessments.c
        query = select(firm_assessments).where(c.firm_id == firm_id).order_by(c.assessed_on, c.id)
        if kind:
            query = query.where(c.kind == kind)
        with self.engine.connect() as conn:
            rows = conn.execute(query).mappings().all()
        return [
            {"id": r["id"], "kind": r["kind"], "kind_name": KINDS[r["kind"]], "on": r["assessed_on"].isoformat(),
             "submission": json.loads(r["submission"]), "summary": json.loads(r["summary"])}
            for r in rows
        ]  # fmt: skip

    def all_firms(self) -> list[FirmListed]:
        """Every firm with how many assessments it has, by name."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(firms).order_by(firms.c.name, firms.c.id)).mappings().all()
            counts: dict[int, int] = {}
            for (fid,) in conn.execute(select(firm_assessments.c.firm_id)):
                counts[fid] = counts.get(fid, 0) + 1
        return [cast(FirmListed, dict(r) | {"assessments": counts.get(int(r["id"]), 0)}) for r in rows]


def _firm(row: RowMapping) -> Firm:
    """A firms row as read (id, name, credit_code, sector, created_at: the table's columns)."""
    return cast(Firm, dict(row))


_STORES: weakref.WeakKeyDictionary[Engine, FirmStore] = weakref.WeakKeyDictionary()


def store_for(engine: Engine) -> FirmStore:
    """One store per engine, its tables migrated on first use."""
    found = _STORES.get(engine)
    if found is None:
        found = _STORES[engine] = FirmStore(engine)
    return found
