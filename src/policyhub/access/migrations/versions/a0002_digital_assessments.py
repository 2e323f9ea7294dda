"""Assessments submitted through the web form, so a firm sees where it stands among the others."""

import sqlalchemy as sa
from alembic import op

revision = "a0002"
down_revision = "a0001"


def upgrade() -> None:
    op.create_table(
        "digital_assessments",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("firm", sa.String(200), nullable=False, server_default=""),
        sa.Column("score", sa.Numeric(7, 2), nullable=False),
        sa.Column("level", sa.Integer, nullable=False),
        sa.Column("submission", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
