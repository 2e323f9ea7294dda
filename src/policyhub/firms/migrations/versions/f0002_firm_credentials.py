"""A firm's credentials: its records are written and read only with one (or by the operator and the regulator)."""

import sqlalchemy as sa
from alembic import op

revision = "f0002"
down_revision = "f0001"


def upgrade() -> None:
    op.create_table(
        "firm_credentials",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("firm_id", sa.Integer, sa.ForeignKey("firms.id"), nullable=False, index=True),
        sa.Column("secret_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True)),
    )
