"""policyhub.storage opens the app's engine and migrates only the chains a system asks for."""

from __future__ import annotations

import sqlalchemy as sa

from policyhub.firms import cli as firms_cli
from policyhub.storage import close_engine, open_engine


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names())


def test_an_engine_opened_without_chains_makes_no_table(empty_url: str) -> None:
    engine = open_engine(empty_url)
    try:
        assert _tables(engine) == set()
    finally:
        close_engine(engine)


def test_the_firm_commands_migrate_the_firms_tables_and_not_the_registry(empty_url: str) -> None:
    store = firms_cli._store(empty_url, create=True)
    try:
        tables = _tables(store.engine)
        assert {"firms", "firm_assessments", "firm_credentials", "firms_alembic_version"} <= tables
        assert not {t for t in tables if t.startswith("gec_")}  # the registry's chain was not run
        assert not {t for t in tables if t.startswith("access_") or t == "api_tokens"}
    finally:
        close_engine(store.engine)
