"""The app's databases: engines and URLs (engines.py), SQLite's checkpoints (checkpoint.py), migrations per system."""

from __future__ import annotations

from .engines import (
    DEFAULT_DB,
    ENV_VAR,
    READS_ONLY,
    SINGLE_READ,
    close_engine,
    open_engine,
    resolve_url,
    single_read,
    sqlite_file,
    unreachable,
    will_create,
)
from .migrations import Chain, current_revision, migrate

__all__ = [
    "DEFAULT_DB",
    "ENV_VAR",
    "READS_ONLY",
    "SINGLE_READ",
    "Chain",
    "close_engine",
    "current_revision",
    "migrate",
    "open_engine",
    "resolve_url",
    "single_read",
    "sqlite_file",
    "unreachable",
    "will_create",
]
