"""Alembic migrations of the GEC registry, run programmatically by `adapters.db.open_engine`."""
