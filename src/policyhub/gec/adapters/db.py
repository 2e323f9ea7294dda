"""Engines for SQLite and PostgreSQL: write transactions serialised, schema migrated on open."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from sqlalchemy import event

from policyhub.errors import InputError

DEFAULT_DB = "sqlite:///policyhub.sqlite"
ENV_VAR = "POLICYHUB_DB"


def resolve_url(url: str | None) -> str:
    """--db URL, else $POLICYHUB_DB, else ./policyhub.sqlite; postgresql:// uses psycopg 3."""
    url = url or os.environ.get(ENV_VAR) or DEFAULT_DB
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith(("sqlite", "postgresql")):
        raise InputError(f"unsupported database URL {url!r} (use sqlite:///FILE or postgresql://…)", "bad_db_url")
    return url


def _sqlite_hooks(engine: sa.Engine) -> None:
    """Every SQLite write transaction starts with BEGIN IMMEDIATE (the documented pysqlite recipe)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _rec: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" hook emit BEGIN itself
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA busy_timeout=120000")
        cur.execute("PRAGMA temp_store=MEMORY")  # the monthly issuance plan is a temp table
        cur.execute("PRAGMA cache_size=-131072")  # 128 MiB: a national batch touches millions of index pages
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # Reads may run deferred; any transaction that may write takes the write lock at once, so two
        # writers never both read a balance and then both write it.
        mode = "BEGIN" if conn.get_execution_options().get("gec_readonly") else "BEGIN IMMEDIATE"
        conn.exec_driver_sql(mode)


def _postgres_hooks(engine: sa.Engine) -> None:
    """Session settings for the monthly issuance (its plan is a temp table of ~1M rows)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _rec: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET temp_buffers = '256MB'")  # must be set before the session's first temp table
        dbapi_conn.commit()


def open_engine(url: str | None = None, migrate: bool = True) -> sa.Engine:
    """An engine for `url` with the schema brought up to date."""
    real = resolve_url(url)
    if real.startswith("sqlite"):
        path = real.split("///", 1)[1] if "///" in real else ""
        if path and path != ":memory:":
            parent = Path(path).parent
            if not parent.exists():
                raise InputError(f"database directory {parent} does not exist", "bad_db_url")
        engine = sa.create_engine(real, connect_args={"timeout": 120})
        _sqlite_hooks(engine)
    else:
        engine = sa.create_engine(real)
        _postgres_hooks(engine)
    if migrate:
        upgrade(engine)
    return engine


def upgrade(engine: sa.Engine) -> None:
    """Run the packaged Alembic migrations up to head (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", "policyhub.gec:migrations")
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two processes opening a fresh database at once must not both create the tables.
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(742031)")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
