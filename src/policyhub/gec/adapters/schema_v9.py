"""What migration 0010 adds: the indexes the monthly report reads a month's cancellations and claims through."""

from __future__ import annotations

import sqlalchemy as sa

# Only `claim` sets a block's status to claimed and only `expire` to expired (service/movements.py), and nothing
# touches a block once it has left `live`: so a claimed or expired block's `entry` is its claim's or expiry's
# journal entry. Partial indexes on those literals (the query repeats them), so the buys a day add nothing here.
CANCEL_OPS = ("claim", "expire")
CANCELLED = ("claimed", "expired")
JOURNAL_INDEX = "ix_gec_journal_cancel_ops"
BLOCKS_INDEX = "ix_gec_blocks_cancelled"
CLAIMS_INDEX = "ix_gec_claims_at"
INDEXES = {"gec_journal": JOURNAL_INDEX, "gec_blocks": BLOCKS_INDEX, "gec_claims": CLAIMS_INDEX}


def define(md: sa.MetaData) -> None:
    """Add the version-9 indexes to `md` (which already holds versions 1–8)."""
    j, b, c = (md.tables[name].c for name in ("gec_journal", "gec_blocks", "gec_claims"))
    ops = j.op.in_(CANCEL_OPS)
    sa.Index(JOURNAL_INDEX, j.op, j.at, j.seq, sqlite_where=ops, postgresql_where=ops)
    cancelled = b.status.in_(CANCELLED)
    sa.Index(BLOCKS_INDEX, b.status, b.entry, sqlite_where=cancelled, postgresql_where=cancelled)
    sa.Index(CLAIMS_INDEX, c.at)
