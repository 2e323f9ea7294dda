"""Initial registry schema: accounts, projects, meter data, issuance, blocks, claims, journal.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the frozen version-1 tables and the journal head row."""
    md = sa.MetaData()
    schema_v1.define(md)
    md.create_all(op.get_bind())
    if op.get_bind().dialect.name == "postgresql":
        # Monthly issuance rewrites every project's carry: with pages under half full, every row's new version fits
        # on its own page (a HOT update, no index writes) and the previous month's dead versions are pruned.
        op.execute("ALTER TABLE gec_projects SET (fillfactor = 45)")
    op.bulk_insert(
        md.tables["gec_meta"], [{"id": 1, "next_serial": 1, "next_claim": 1, "head_seq": 0, "head_hash": "0" * 64}]
    )


def downgrade() -> None:
    """Drop everything (only for development databases)."""
    md = sa.MetaData()
    schema_v1.define(md)
    md.drop_all(op.get_bind())
