"""What migration 0004 adds: the rows of each bulk 建档立卡 (project_batch), kept as published input for audit."""

from __future__ import annotations

import sqlalchemy as sa

NEW_TABLES = ("gec_project_rows",)


def define(md: sa.MetaData) -> None:
    """Add the version-4 table to `md` (which already holds versions 1–3)."""
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    sa.Table(
        "gec_project_rows",
        md,
        # One row per line of a project_batch, as submitted: the entry's digest covers them, audit replays them.
        sa.Column("entry", big, primary_key=True),
        sa.Column("line", sa.Integer, primary_key=True),
        sa.Column("project", sa.String(64), nullable=False),
        sa.Column("owner", sa.String(64), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("province", sa.String(50), nullable=False),
        sa.Column("capacity_kw", sa.Float, nullable=False),
        sa.Column("commissioned", sa.String(10), nullable=False),
        sa.Column("fully_market", sa.Boolean, nullable=False),
        sqlite_with_rowid=False,
    )
