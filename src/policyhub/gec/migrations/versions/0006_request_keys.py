"""Idempotency keys of the command API: each keyed request's answer, stored with its commands.

Revision ID: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1, schema_v2, schema_v3, schema_v4, schema_v5

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _metadata() -> sa.MetaData:
    md = sa.MetaData()
    for schema in (schema_v1, schema_v2, schema_v3, schema_v4, schema_v5):
        schema.define(md)
    return md


def upgrade() -> None:
    """Create the keys table."""
    md = _metadata()
    for name in schema_v5.NEW_TABLES:
        md.tables[name].create(op.get_bind())


def downgrade() -> None:
    """Drop it again."""
    md = _metadata()
    for name in reversed(schema_v5.NEW_TABLES):
        md.tables[name].drop(op.get_bind())
