"""Bring the access tables to the latest Alembic revision."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine


def upgrade(engine: Engine) -> None:
    """Apply pending migrations (idempotent)."""
    cfg = Config()
    cfg.set_main_option("script_location", "policyhub.access:migrations")
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
