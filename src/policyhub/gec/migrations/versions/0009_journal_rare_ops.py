"""Index the journal's issue, correct, transfer and transfer_project entries by op (account statements, reports).

Revision ID: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1, schema_v8

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _index() -> sa.Index:
    md = sa.MetaData()
    schema_v1.define(md)  # gec_journal is a version-1 table, unchanged since
    schema_v8.define(md)
    return next(i for i in md.tables["gec_journal"].indexes if i.name == schema_v8.INDEX)


def upgrade() -> None:
    """Build the partial index (a registry's few thousand such entries among millions)."""
    _index().create(op.get_bind())


def downgrade() -> None:
    """Drop it again."""
    _index().drop(op.get_bind())
