"""Index a month's claim and expire entries, the blocks they cancelled and the claims by time (monthly report).

Revision ID: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1, schema_v9

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _indexes() -> list[sa.Index]:
    md = sa.MetaData()
    schema_v1.define(md)  # gec_journal, gec_blocks and gec_claims are version-1 tables
    schema_v9.define(md)
    return [i for table, name in schema_v9.INDEXES.items() for i in md.tables[table].indexes if i.name == name]


def upgrade() -> None:
    """Build the three indexes (the partial ones hold only claim and expire entries and cancelled blocks)."""
    for index in _indexes():
        index.create(op.get_bind())


def downgrade() -> None:
    """Drop them again."""
    for index in _indexes():
        index.drop(op.get_bind())
