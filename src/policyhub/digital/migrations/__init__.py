"""Alembic migrations of the digital assessments the site counts, run programmatically by `digital.schema`."""
