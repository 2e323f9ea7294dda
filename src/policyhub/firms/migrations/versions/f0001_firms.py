"""Firms and their dated assessments (digital and management)."""

import sqlalchemy as sa
from alembic import op

revision = "f0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "firms",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("credit_code", sa.String(18), unique=True),
        sa.Column("sector", sa.String(100)),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "firm_assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("firm_id", sa.Integer, sa.ForeignKey("firms.id"), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("assessed_on", sa.Date, nullable=False),
        sa.Column("submission", sa.Text, nullable=False),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
