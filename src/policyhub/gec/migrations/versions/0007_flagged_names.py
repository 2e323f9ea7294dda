"""Flag stored names shaped like registry codes (GEC…/GECC… digits): from now on such names are refused.

Revision ID: 0007
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6
from policyhub.gec.audit_names import code_shaped_names

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _metadata() -> sa.MetaData:
    md = sa.MetaData()
    for schema in (schema_v1, schema_v2, schema_v3, schema_v4, schema_v5, schema_v6):
        schema.define(md)
    return md


def upgrade() -> None:
    """Create the table and record every code-shaped name the registry holds now."""
    md = _metadata()
    table = md.tables["gec_flagged_names"]
    table.create(op.get_bind())
    now = datetime.now(UTC).isoformat()
    rows = [{"tbl": f["table"], "name": f["name"], "claim_with_code": f["claim_with_code"], "flagged_at": now}
            for f in code_shaped_names(op.get_bind())]  # fmt: skip
    if rows:
        op.bulk_insert(table, rows)


def downgrade() -> None:
    """Drop it again."""
    _metadata().tables["gec_flagged_names"].drop(op.get_bind())
