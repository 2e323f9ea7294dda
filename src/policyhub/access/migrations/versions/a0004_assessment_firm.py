"""A signed-in firm's digital assessment counts once in the site's statistics: its latest, keyed by the firm."""

import sqlalchemy as sa
from alembic import op

revision = "a0004"
down_revision = "a0003"


def upgrade() -> None:
    op.add_column("digital_assessments", sa.Column("firm_id", sa.Integer))
    op.create_index("ux_digital_assessments_firm_id", "digital_assessments", ["firm_id"], unique=True)
