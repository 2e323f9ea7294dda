"""Alembic environment: always called with a connection in config.attributes (see adapters/db.py)."""

from __future__ import annotations

from alembic import context

from policyhub.gec.adapters.tables import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table="gec_alembic_version",
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
