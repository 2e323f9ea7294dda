"""Alembic environment for the service tables (tokens, sessions, saved assessments); run by policyhub.access.schema."""

from alembic import context

from policyhub.access.tokens import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table="access_alembic_version")
with context.begin_transaction():
    context.run_migrations()
