"""The firms tables (their own metadata and Alembic version table), brought to head on open."""

from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, MetaData, String, Table, Text
from sqlalchemy.engine import Engine

from policyhub.storage import Chain

HEAD = "f0002"  # the newest file in migrations/versions (a test checks it against Alembic's own head)
CHAIN = Chain("policyhub.firms:migrations", "firms_alembic_version", HEAD, lock=742033)
metadata = MetaData()

firms = Table(
    "firms",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("credit_code", String(18), unique=True),  # 统一社会信用代码, when the firm gives it
    Column("sector", String(100)),  # an industry of the renewal guide, e.g. 重型机械
    Column("created_at", DateTime(timezone=True), nullable=False),
)

firm_assessments = Table(
    "firm_assessments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("firm_id", Integer, ForeignKey("firms.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False),  # digital | manage
    Column("assessed_on", Date, nullable=False),
    Column("submission", Text, nullable=False),  # the answers as given (JSON)
    Column("summary", Text, nullable=False),  # the figures at the time (JSON): a later rule change leaves them be
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# A firm's credentials (sign-up): the secret is shown once, only its digest is kept; a firm may hold several.
firm_credentials = Table(
    "firm_credentials",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("firm_id", Integer, ForeignKey("firms.id"), nullable=False, index=True),
    Column("secret_sha256", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("revoked_at", DateTime(timezone=True)),
)


def upgrade(engine: Engine) -> None:
    """Apply pending migrations (idempotent)."""
    CHAIN.upgrade(engine)
