"""Assessments submitted through the web form, one row per signed-in firm; a table made by access's a0002 is adopted.

Until this chain existed the table was the access chain's (a0002 made it, a0004 added `firm_id`): a database made
then keeps its table and rows, and gets `firm_id` here if it stopped between the two.
"""

import sqlalchemy as sa
from alembic import op

revision = "d0001"
down_revision = None

TABLE, FIRM_INDEX = "digital_assessments", "ux_digital_assessments_firm_id"


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    if not inspector.has_table(TABLE):
        op.create_table(
            TABLE,
            sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
            sa.Column("firm", sa.String(200), nullable=False, server_default=""),
            sa.Column("score", sa.Numeric(7, 2), nullable=False),
            sa.Column("level", sa.Integer, nullable=False),
            sa.Column("submission", sa.Text, nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("firm_id", sa.Integer),
        )
    elif "firm_id" in {column["name"] for column in inspector.get_columns(TABLE)}:
        return  # made by access's a0002 and a0004: already what this revision makes
    else:
        op.add_column(TABLE, sa.Column("firm_id", sa.Integer))
    op.create_index(FIRM_INDEX, TABLE, ["firm_id"], unique=True)
