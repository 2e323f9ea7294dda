"""What migration 0009 adds: an index of the journal's rare entries by op (issuance, corrections, transfers)."""

from __future__ import annotations

import sqlalchemy as sa

# The ops whose entries statements and reports look up by op (gec/journal_ops.py RARE_OPS, the same literals): a
# partial index, so the thousands of buys, claims and listings a day add nothing to it.
RARE_OPS = ("correct", "issue", "transfer", "transfer_project")
INDEX = "ix_gec_journal_rare_ops"


def define(md: sa.MetaData) -> None:
    """Add the version-8 index to `md` (which already holds versions 1–7)."""
    j = md.tables["gec_journal"].c
    rare = j.op.in_(RARE_OPS)
    sa.Index(INDEX, j.op, j.seq, sqlite_where=rare, postgresql_where=rare)
