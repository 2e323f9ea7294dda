"""Trust boundary: platform mandates, account change requests, who submitted and checked owner data.

Revision ID: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1, schema_v2, schema_v3

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _metadata() -> sa.MetaData:
    md = sa.MetaData()
    schema_v1.define(md)
    schema_v2.define(md)
    schema_v3.define(md)
    return md


def upgrade() -> None:
    """Create the new tables and add the reviewer columns."""
    md = _metadata()
    bind = op.get_bind()
    for name in schema_v3.NEW_TABLES:
        md.tables[name].create(bind)
    for table, column in schema_v3.NEW_COLUMNS:
        op.add_column(table, sa.Column(column, sa.String(schema_v3.ACTOR)))
    for table, column, length in schema_v3.NEW_TYPED_COLUMNS:
        op.add_column(table, sa.Column(column, sa.String(length)))
    # A carry so far belongs to the latest month issued for the project and kind.
    for column, kind in zip(schema_v3.CARRY_MONTHS, ("tradable", "non_tradable"), strict=True):
        op.execute(
            f"UPDATE gec_projects SET {column} = (SELECT MAX(i.month) FROM gec_issuance i "
            f"WHERE i.project = gec_projects.project AND i.kind = '{kind}' AND i.kwh > 0)"
        )


def downgrade() -> None:
    """Drop them again."""
    for table, column, _ in reversed(schema_v3.NEW_TYPED_COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    for table, column in reversed(schema_v3.NEW_COLUMNS):
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
    md = _metadata()
    for name in reversed(schema_v3.NEW_TABLES):
        md.tables[name].drop(op.get_bind())
