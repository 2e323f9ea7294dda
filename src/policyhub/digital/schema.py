"""The digital assessments the site counts: their table and its migration chain (an adapter: the rules need none)."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, Numeric, String, Table, Text

from policyhub.storage import Chain

HEAD = "d0001"  # the newest file in migrations/versions (a test checks it against Alembic's own head)
CHAIN = Chain("policyhub.digital:migrations", "digital_alembic_version", HEAD, lock=742034)
metadata = MetaData()

digital_assessments = Table(
    "digital_assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("firm", String(200), nullable=False),
    Column("score", Numeric(7, 2), nullable=False),
    Column("level", Integer, nullable=False),
    Column("submission", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # The signed-in firm (policyhub.firms): unique, so a firm assessed again replaces its own row. Rows without one
    # are the operator's (the demo's member firms, rows kept from before sign-up existed).
    Column("firm_id", Integer, unique=True),
)
