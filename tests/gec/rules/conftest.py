"""Rule tests open no database: connecting to one from here fails the test."""

from __future__ import annotations

import sqlite3

import psycopg
import pytest
import sqlalchemy as sa


@pytest.fixture(autouse=True)
def no_database(monkeypatch: pytest.MonkeyPatch) -> None:
    """The refusal rules are pure: an engine or a driver connection here is a mistake."""

    def refuse_connection(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a rule test opens no database")

    monkeypatch.setattr(sa, "create_engine", refuse_connection)
    monkeypatch.setattr(sqlite3, "connect", refuse_connection)
    monkeypatch.setattr(psycopg, "connect", refuse_connection)
