"""The counted digital assessments have their own migration chain, and adopt the table an earlier version made."""

from __future__ import annotations

import lzma
import sqlite3
from pathlib import Path

import psycopg
import sqlalchemy as sa

from policyhub.access import schema as access_schema
from policyhub.digital.schema import HEAD
from policyhub.digital.store import AssessmentStore
from policyhub.gec.adapters.db import HEAD as GEC_HEAD
from policyhub.storage import current_revision, open_engine, sqlite_file
from policyhub.web.services import Services

LEGACY = Path(__file__).resolve().parents[1] / "data" / "legacy"


def _restore(url: str) -> None:
    """Load the dump of a database that policyhub at afe26cd made (tests/data/legacy/README.md)."""
    if url.startswith("sqlite"):
        script = lzma.decompress((LEGACY / "a0004_sqlite.sql.xz").read_bytes()).decode()
        with sqlite3.connect(sqlite_file(url) or "") as raw:
            raw.executescript(script)
        return
    script = lzma.decompress((LEGACY / "a0004_postgresql.sql.xz").read_bytes()).decode()
    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as raw:
        raw.execute(script.encode())  # no parameters: sent as one simple query, every statement in turn


def _revisions(engine: sa.Engine) -> dict[str, str | None]:
    with engine.connect() as conn:
        return {t: current_revision(conn, f"{t}_alembic_version") for t in ("gec", "access", "digital")}


def test_a_database_made_by_the_earlier_version_keeps_its_counted_assessments(empty_url: str) -> None:
    _restore(empty_url)
    services = Services(empty_url)
    try:
        _ = services.tokens
        store = services.assessments
        assert store.standing(65) == {"assessed": 2, "below": 1, "percentile": 50.0, "levels": {3: 1, 4: 1}}
        # Firm 7's row is the one a new assessment of firm 7 replaces: the adopted unique index still holds.
        store.save("签约乙厂", 50.0, 2, {"answers": {}}, firm_id=7)
        assert store.standing(65) == {"assessed": 2, "below": 2, "percentile": 100.0, "levels": {2: 1, 3: 1}}
        assert _revisions(services.registry.engine) == {"gec": GEC_HEAD, "access": "a0004", "digital": HEAD}
    finally:
        services.close()


def test_a_new_database_gets_the_table_from_digital_alone(empty_url: str) -> None:
    engine = open_engine(empty_url, chains=(access_schema.CHAIN,))
    try:
        assert not sa.inspect(engine).has_table("digital_assessments")  # access's chain no longer makes it
        store = AssessmentStore(engine)
        assert store.save("甲厂", 80.0, 4, {}, firm_id=3) == store.save("甲厂", 70.0, 3, {}, firm_id=3)
        assert store.standing(75)["assessed"] == 1
        assert _revisions(engine) == {"gec": None, "access": "a0004", "digital": HEAD}
    finally:
        engine.dispose()


def test_a_table_from_before_firm_ids_gets_them(empty_url: str) -> None:
    """A database whose access chain stopped between a0002 (the table) and a0004 (its firm_id)."""
    engine = open_engine(empty_url)
    try:
        key = "SERIAL PRIMARY KEY" if engine.dialect.name == "postgresql" else "INTEGER PRIMARY KEY"
        with engine.begin() as conn:
            conn.exec_driver_sql(
                f"CREATE TABLE digital_assessments (id {key}, firm VARCHAR(200) NOT NULL DEFAULT '', "
                "score NUMERIC(7, 2) NOT NULL, level INTEGER NOT NULL, submission TEXT NOT NULL, "
                "created_at TIMESTAMP NOT NULL)"
            )
            conn.exec_driver_sql(
                "INSERT INTO digital_assessments (firm, score, level, submission, created_at) "
                "VALUES ('老厂', 40, 1, '{}', '2024-09-25 10:00:00')"
            )
        store = AssessmentStore(engine)
        store.save("新厂", 90.0, 5, {}, firm_id=9)
        assert store.standing(50) == {"assessed": 2, "below": 1, "percentile": 50.0, "levels": {1: 1, 5: 1}}
    finally:
        engine.dispose()
