"""Bring the access tables to the latest Alembic revision."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from policyhub.storage import Chain

HEAD = "a0004"  # the newest file in migrations/versions (a test checks it against Alembic's own head)
CHAIN = Chain("policyhub.access:migrations", "access_alembic_version", HEAD, lock=742032)


def upgrade(engine: Engine) -> None:
    """Apply pending migrations (idempotent)."""
    CHAIN.upgrade(engine)
