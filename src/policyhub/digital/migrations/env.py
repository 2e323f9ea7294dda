"""Alembic environment for the digital assessments the site counts; run by policyhub.digital.schema."""

from alembic import context

from policyhub.digital.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, version_table="digital_alembic_version")
with context.begin_transaction():
    context.run_migrations()
