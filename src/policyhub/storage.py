"""Schema migrations for every module's tables: Alembic, imported only when a database is behind its head."""

from __future__ import annotations

import sqlalchemy as sa


def current_revision(conn: sa.Connection, version_table: str) -> str | None:
    """The revision recorded in `version_table`, or None for a database that has none yet."""
    if not sa.inspect(conn).has_table(version_table):
        return None
    found = conn.execute(sa.text(f"SELECT version_num FROM {version_table}")).scalar()
    return None if found is None else str(found)


def migrate(engine: sa.Engine, script_location: str, version_table: str, head: str, lock: int | None = None) -> None:
    """Bring the module's tables to `head`; a database already there costs one query (no Alembic import)."""
    with engine.connect() as conn:
        if current_revision(conn, version_table) == head:
            return
    from alembic import command  # ~1 s to import: only when there is something to migrate
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", script_location)
    with engine.begin() as conn:
        if lock is not None and conn.dialect.name == "postgresql":
            # Two processes opening a fresh database at once must not both create the tables.
            conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({int(lock)})")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


# Execution option: this connection runs one statement only, so it needs no transaction around it (no BEGIN, no
# ROLLBACK): SQLite's connections stay in autocommit (gec/adapters/db.py skips its BEGIN), PostgreSQL's are set to
# AUTOCOMMIT. Every request's token lookup runs this way.
SINGLE_READ = "policyhub_single_read"


def single_read(engine: sa.Engine) -> sa.Connection:
    """A connection for one read statement: no transaction opened around it."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="AUTOCOMMIT", **{SINGLE_READ: True})
    return conn.execution_options(**{SINGLE_READ: True})
