"""The registry on the app's engine (policyhub.storage): gec's migration chain and the pipeline hook it needs."""

from __future__ import annotations

import sqlalchemy as sa

from policyhub.storage import Chain, close_engine, resolve_url, sqlite_file, will_create
from policyhub.storage import open_engine as open_storage

from . import pipeline

__all__ = ["CHAIN", "HEAD", "close_engine", "open_engine", "resolve_url", "sqlite_file", "upgrade", "will_create"]

HEAD = "0010"  # the newest file in migrations/versions (a test checks it against Alembic's own head)
CHAIN = Chain(
    "policyhub.gec:migrations",
    "gec_alembic_version",
    HEAD,
    lock=742031,
    hint="open it once with write access (any `gec apply`) to upgrade it",
)


def open_engine(url: str | None = None, migrate: bool = True, create: bool = True) -> sa.Engine:
    """An engine for `url` with the registry's schema brought up to date; `create=False` refuses a missing file."""
    return open_storage(url, chains=(CHAIN,) if migrate else (), create=create, setup=pipeline.install)


def upgrade(engine: sa.Engine) -> None:
    """Run the registry's packaged Alembic migrations up to head (no alembic.ini needed)."""
    CHAIN.upgrade(engine)
