"""Alembic environment for the firms tables; run by policyhub.firms.schema."""

from alembic import context

from policyhub.firms.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table="firms_alembic_version")
with context.begin_transaction():
    context.run_migrations()
