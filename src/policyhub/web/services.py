"""What the routes need, opened once per app: the database, the token store, the registry."""

from __future__ import annotations

import os
from functools import cached_property

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine

from policyhub.access import schema
from policyhub.access.tokens import TokenStore

DEFAULT_DB = "sqlite:///policyhub.sqlite"


def resolve_db_url(db_url: str | None) -> str:
    """--db, else POLICYHUB_DB, else a SQLite file in the working directory."""
    url = db_url or os.environ.get("POLICYHUB_DB") or DEFAULT_DB
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


class Services:
    """Lazily opened so that building the app (and its OpenAPI schema) touches no database."""

    def __init__(self, db_url: str | None) -> None:
        self.db_url = resolve_db_url(db_url)

    @cached_property
    def engine(self) -> Engine:
        return create_engine(self.db_url)

    @cached_property
    def tokens(self) -> TokenStore:
        schema.upgrade(self.engine)
        return TokenStore(self.engine)
