"""Fixtures of the GEC tests: `reg_url` runs each registry test on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from policyhub.gec.adapters.tables import STATE_TABLES
from policyhub.gec.registry import Registry

PG_ADMIN_URL = os.environ.get("POLICYHUB_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
GEC_TABLES = STATE_TABLES  # every registry table, emptied between tests


@pytest.fixture(scope="session")
def gec_pg_database() -> Iterator[str]:
    """One migrated PostgreSQL database for the session's registry tests (emptied before each test)."""
    name = f"ph_gec_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        Registry.open(url).close()
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def reg_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Like the shared `db_url` (SQLite file / PostgreSQL), but PostgreSQL reuses one database, truncated."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'policyhub.sqlite'}"
    url: str = request.getfixturevalue("gec_pg_database")
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(f"TRUNCATE {', '.join(GEC_TABLES)}")
        if sa.inspect(conn).has_table("api_tokens"):  # a test that grants tokens leaves them for the next
            conn.exec_driver_sql("TRUNCATE api_tokens RESTART IDENTITY")
        conn.exec_driver_sql(
            f"INSERT INTO gec_meta (id, next_serial, next_claim, head_seq, head_hash) VALUES (1, 1, 1, 0, '{'0' * 64}')"
        )
    engine.dispose()
    return url
