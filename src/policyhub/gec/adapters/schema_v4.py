"""What migration 0004 adds: the rows of each bulk 建档立卡 (project_batch) as submitted, kept for audit."""

from __future__ import annotations

import sqlalchemy as sa

NEW_TABLES = ("gec_project_batches",)


def define(md: sa.MetaData) -> None:
    """Add the version-4 table to `md` (which already holds versions 1–3)."""
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    sa.Table(
        "gec_project_batches",
        md,
        # A project_batch's rows as one text, a line each (domain/project_rows.py as_text): the journal entry's
        # digest is the SHA-256 of exactly this text; audit recomputes it and replays the rows. One row per batch
        # instead of a row per project: storing the input costs one write, not a second million-row insert.
        sa.Column("entry", big, primary_key=True),
        sa.Column("count", sa.Integer, nullable=False),
        sa.Column("rows", sa.Text, nullable=False),
    )
