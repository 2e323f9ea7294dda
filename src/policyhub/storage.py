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
