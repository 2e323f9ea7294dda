"""Bulk 建档立卡: the rows of each project_batch entry, as submitted.

Revision ID: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1, schema_v2, schema_v3, schema_v4

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _metadata() -> sa.MetaData:
    md = sa.MetaData()
    for schema in (schema_v1, schema_v2, schema_v3, schema_v4):
        schema.define(md)
    return md


def upgrade() -> None:
    """Create the batches table."""
    md = _metadata()
    for name in schema_v4.NEW_TABLES:
        md.tables[name].create(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        # A national batch is ~60 MB of text, written once and read by audit: stored out of line, uncompressed.
        op.execute("ALTER TABLE gec_project_batches ALTER COLUMN rows SET STORAGE EXTERNAL")


def downgrade() -> None:
    """Drop it again."""
    md = _metadata()
    for name in reversed(schema_v4.NEW_TABLES):
        md.tables[name].drop(op.get_bind())
