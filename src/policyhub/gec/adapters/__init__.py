"""Storage adapters: SQLAlchemy tables, engine set-up, migrations, unit of work."""
