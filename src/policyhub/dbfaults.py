"""Which database errors are the database's (unreachable, full, read-only) and which are one statement's.

One classifier for every system: the registry refuses one command for a statement's error and fails the group for
an outage; the service answers an outage 503 (web/faults.py).
"""

from __future__ import annotations

import sqlalchemy as sa

# PostgreSQL SQLSTATE classes of a server that cannot serve anyone right now: 08 connection, 53 resources (disk
# full, out of memory), 57 operator intervention (shutdown, terminated backend), 58 system error, 28 authorisation
# (a password changed), 3D the database gone, XX internal (corruption); 25006 read-only.
_PG_OUTAGE_CLASSES = ("08", "28", "3D", "53", "57", "58", "XX")
_PG_OUTAGE_STATES = ("25006",)
# SQLite reports both kinds as OperationalError: these words mean the file, not the statement.
_SQLITE_OUTAGE_WORDS = (
    "locked", "disk", "full", "readonly", "read-only", "i/o", "unable to open", "busy", "malformed", "not a database",
    "no space left",
)  # fmt: skip


def outage(exc: BaseException) -> bool:
    """Whether a database error stops every command (the service answers 503) rather than one (refused `internal`)."""
    if isinstance(exc, sa.exc.DBAPIError):
        if exc.connection_invalidated or isinstance(exc, sa.exc.InterfaceError):
            return True
        if isinstance(exc, sa.exc.OperationalError) and not type(exc.orig).__module__.startswith("sqlite3"):
            return True  # a server's OperationalError is the server's (lost, shutting down, out of resources)
        exc = exc.orig if exc.orig is not None else exc
    state = getattr(exc, "sqlstate", None)
    if isinstance(state, str):  # psycopg
        return state[:2] in _PG_OUTAGE_CLASSES or state in _PG_OUTAGE_STATES
    module = type(exc).__module__
    if module.startswith("psycopg"):
        return True  # a psycopg error without SQLSTATE comes from the client side: the connection
    if module.startswith("sqlite3"):
        text = str(exc).lower()
        return type(exc).__name__ in ("InterfaceError", "NotSupportedError") or any(
            w in text for w in _SQLITE_OUTAGE_WORDS
        )
    return False
