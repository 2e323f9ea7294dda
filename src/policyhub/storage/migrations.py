"""Schema migrations, one Alembic chain per system: each declares its `Chain`, its entry points bring it to head."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from policyhub.errors import InputError


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


@dataclass(frozen=True)
class Chain:
    """One system's migrations: its scripts, the table recording its revision, and its newest revision."""

    script_location: str  # e.g. "policyhub.firms:migrations"
    version_table: str
    head: str  # the newest file in the chain's versions/ (tests/test_migrations_head.py checks it)
    lock: int | None = None  # PostgreSQL advisory lock taken while migrating
    # What to do about a read-only database behind `head` (it cannot be migrated where it is).
    hint: str = "open it once with write access to upgrade it"

    def upgrade(self, engine: sa.Engine) -> None:
        """Apply pending migrations (idempotent; one query when the database is at head)."""
        migrate(engine, self.script_location, self.version_table, self.head, self.lock)

    def check_current(self, engine: sa.Engine, shown: object) -> None:
        """Refuse a read-only database whose schema is behind this version's (it could not be brought up to date)."""
        with engine.connect() as conn:
            found = current_revision(conn, self.version_table)
        if found != self.head:
            raise InputError(
                f"只读数据库的版本 {found} 落后于 {self.head} the read-only database {shown} is at schema "
                f"{found}, this version needs {self.head}: {self.hint}",
                "db_read_only_outdated",
            )
