"""A claim says what it is for and where the electricity was used: purpose, consumer_province, site (issue 29).

Revision ID: 0008
"""

from __future__ import annotations

from alembic import op

from policyhub.gec.adapters import schema_v7

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add the columns; every claim already stored becomes a plain 绿色电力消费声明 (the server default)."""
    # One ALTER per column and no table rebuild on either database: the default fills existing rows.
    for column in schema_v7.columns():
        op.add_column("gec_claims", column)


def downgrade() -> None:
    """Drop them again."""
    with op.batch_alter_table("gec_claims") as batch:
        for name in reversed(schema_v7.NEW_COLUMNS):
            batch.drop_column(name)
