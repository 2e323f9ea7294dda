"""Prebuilt Core statements run on the DBAPI cursor: the trade path's dozen statements without Core's per-call cost.

Measured here, a cached Core `execute` of a one-row select costs 25–40 µs against 1.5–3 µs for the driver's own;
a buy runs about a dozen statements. Each statement is compiled once per dialect (and, for INSERT/UPDATE, per set
of parameter names) by SQLAlchemy itself; its bind and result type processing is kept, and driver errors become
SQLAlchemy's (an IntegrityError is still one). Only module-level statements may come here: the cache holds them.
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.dml import Insert, Update


class _Plan:
    """One statement compiled for one dialect: its SQL, parameter order, defaults and type processors."""

    __slots__ = ("binders", "defaults", "positional", "procs", "row", "sql", "stmt", "types")

    def __init__(self, stmt: Any, dialect: sa.Dialect, keys: tuple[str, ...]) -> None:
        dml = isinstance(stmt, (Insert, Update))
        compiled: Any = stmt.compile(dialect=dialect, column_keys=list(keys) if dml else None)
        self.stmt = stmt  # held so that its id is never reused while the plan is cached
        self.sql: str = compiled.string
        self.positional: list[str] | None = list(compiled.positiontup) if compiled.positional else None
        self.defaults = {name: b.effective_value for b, name in compiled.bind_names.items() if not b.required}
        self.binders: dict[str, Callable[[Any], Any]] = dict(compiled._bind_processors)
        columns = list(compiled._result_columns)
        self.row: type[tuple[Any, ...]] | None = _row_type([c.keyname for c in columns]) if columns else None
        self.types = [c.type for c in columns]
        # Result processors need the driver's type codes (PostgreSQL numerics): built on the first result, kept as
        # (column index, processor) for the columns that have one.
        self.procs: list[tuple[int, Any]] | None = None


_PLANS: dict[tuple[int, str, tuple[str, ...]], _Plan] = {}
# In the pooled connection's info: statements run that may have changed something (a group's refused command that
# changed nothing needs no rollback). Core statements are counted by `pipeline`'s hook.
WRITES = "gec_writes"
_CURSORS = "gec_cursors"


def _row_type(names: list[str]) -> type[tuple[Any, ...]]:
    base = collections.namedtuple("FastRow", names, rename=True)  # type: ignore[misc]

    class FastRow(base):
        """A result row: attributes by column name, `_mapping` as Core rows have."""

        __slots__ = ()

        @property
        def _mapping(self) -> dict[str, Any]:
            return dict(zip(names, self, strict=True))

    return FastRow


class FastResult:
    """The part of Core's Result the handlers use."""

    def __init__(self, rows: list[Any], rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def __iter__(self) -> Iterator[Any]:
        return iter(self._rows)

    def all(self) -> list[Any]:
        return list(self._rows)

    def first(self) -> Any:
        return self._rows[0] if self._rows else None

    def one(self) -> Any:
        if len(self._rows) != 1:
            raise sa.exc.NoResultFound("expected one row") if not self._rows else sa.exc.MultipleResultsFound()
        return self._rows[0]

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalar_one(self) -> Any:
        return self.one()[0]

    def scalars(self) -> list[Any]:
        return [r[0] for r in self._rows]


def _plan(dialect: sa.Dialect, stmt: Any, params: Mapping[str, Any]) -> _Plan:
    # Keyed by the parameters' names in the caller's order: a call site always gives the same order.
    key = (id(stmt), dialect.name, tuple(params))
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _Plan(stmt, dialect, key[2])
    return plan


def _args(plan: _Plan, params: Mapping[str, Any]) -> Any:
    values = {**plan.defaults, **params} if plan.defaults or plan.binders else params
    for name, bind in plan.binders.items():
        value = values.get(name)
        if value is not None:
            values[name] = bind(value)  # type: ignore[index]  # a copy whenever there are binders
    return values if plan.positional is None else tuple([values[n] for n in plan.positional])


def _error(dialect: sa.Dialect, sql: str, args: Any, exc: Exception) -> sa.exc.StatementError:
    return sa.exc.DBAPIError.instance(sql, args, exc, dialect.loaded_dbapi.Error, dialect=dialect)


def execute_many(conn: sa.Connection, stmt: Any, rows: list[Mapping[str, Any]]) -> None:
    """Run a module-level INSERT or UPDATE once per parameter set (each set names the same columns)."""
    if not rows:
        return
    dialect = conn.dialect
    plan = _plan(dialect, stmt, rows[0])
    names = set(rows[0])
    if any(set(r) != names for r in rows):
        raise ValueError("execute_many: every parameter set must name the same columns")
    args = [_args(plan, r) for r in rows]
    info = conn.info
    info[WRITES] = info.get(WRITES, 0) + 1
    (cursor,) = _cursors(conn, 1)
    try:
        cursor.executemany(plan.sql, args)
    except dialect.loaded_dbapi.Error as exc:
        raise _error(dialect, plan.sql, args, exc) from exc


def execute(conn: sa.Connection, stmt: Any, params: Mapping[str, Any] | None = None) -> FastResult:
    """Run a module-level Core statement on the connection's DBAPI cursor, inside its transaction."""
    return execute_all(conn, [(stmt, params or {})])[0]


def execute_all(conn: sa.Connection, statements: list[tuple[Any, Mapping[str, Any]]]) -> list[FastResult]:
    """Run several statements in order; in PostgreSQL's pipeline mode all are sent before any answer is awaited."""
    dialect = conn.dialect
    sent: list[tuple[_Plan, Any, Any]] = []
    try:
        for (stmt, params), cursor in zip(statements, _cursors(conn, len(statements)), strict=True):
            plan = _plan(dialect, stmt, params)
            args = _args(plan, params)
            if plan.row is None:
                info = conn.info
                info[WRITES] = info.get(WRITES, 0) + 1
            sent.append((plan, args, cursor))
            cursor.execute(plan.sql, args)
        return [_received(dialect, plan, args, cursor) for plan, args, cursor in sent]
    except dialect.loaded_dbapi.Error as exc:
        plan, args, _ = sent[-1]
        raise _error(dialect, plan.sql, args, exc) from exc


def _cursors(conn: sa.Connection, n: int) -> list[Any]:
    """n cursors of the connection's driver connection, kept with it: making one costs as much as a statement.

    Each call's statements have their answers read before it returns, so the next call may use the same cursors.
    """
    raw: Any = conn.connection.dbapi_connection
    info = conn.info
    kept = info.get(_CURSORS)
    if kept is None or kept[0] is not raw:
        kept = info[_CURSORS] = (raw, [])
    cursors: list[Any] = kept[1]
    while len(cursors) < n:
        cursors.append(raw.cursor())
    return cursors[:n]


def _received(dialect: sa.Dialect, plan: _Plan, args: Any, cursor: Any) -> FastResult:
    if plan.row is None:
        return FastResult([], cursor.rowcount)
    rows = cursor.fetchall()
    if plan.procs is None:
        codes = [d[1] for d in cursor.description]
        found = [ty._cached_result_processor(dialect, c) for ty, c in zip(plan.types, codes, strict=True)]
        plan.procs = [(i, proc) for i, proc in enumerate(found) if proc is not None]
    make, procs = plan.row, plan.procs
    if not procs:
        return FastResult([make(*r) for r in rows], len(rows))
    out = []
    for r in rows:
        values = list(r)
        for i, proc in procs:
            values[i] = proc(values[i])  # Core's processors pass None through
        out.append(make(*values))
    return FastResult(out, len(out))


def savepoint(conn: sa.Connection, action: str) -> None:
    """SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT of one grouped command, on the driver's cursor.

    Core's nested transaction costs two more statements' worth of bookkeeping a command; the group's commands never
    nest these (a handler's own `begin_nested` sits inside, under another name).
    """
    if action not in ("SAVEPOINT", "ROLLBACK TO SAVEPOINT", "RELEASE SAVEPOINT"):
        raise ValueError(action)
    _cursors(conn, 1)[0].execute(f"{action} gec_command")
