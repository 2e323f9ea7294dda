"""Trading (第五章): listings, trades with their serial ranges, bilateral contracts, call auctions.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from policyhub.gec.adapters import schema_v1, schema_v2

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = ("ix_gec_blocks_listing", "ix_gec_blocks_free")
NEW = (
    "gec_listings",
    "gec_trades",
    "gec_trade_ranges",
    "gec_contracts",
    "gec_deliveries",
    "gec_auctions",
    "gec_orders",
)


def _metadata() -> sa.MetaData:
    md = sa.MetaData()
    schema_v1.define(md)
    schema_v2.define(md)
    return md


def upgrade() -> None:
    """Create the trading tables, the index of reserved blocks and that of free ones."""
    md = _metadata()
    bind = op.get_bind()
    for name in NEW:
        md.tables[name].create(bind)
    for index in md.tables["gec_blocks"].indexes:
        if index.name in INDEXES:
            index.create(bind)


def downgrade() -> None:
    """Drop them again."""
    for name in INDEXES:
        op.drop_index(name, table_name="gec_blocks")
    md = _metadata()
    for name in reversed(NEW):
        md.tables[name].drop(op.get_bind())
