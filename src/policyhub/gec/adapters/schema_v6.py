"""What migration 0007 adds: caller-given names found shaped like registry codes when names and codes were parted."""

from __future__ import annotations

import sqlalchemy as sa

NEW_TABLES = ("gec_flagged_names",)


def define(md: sa.MetaData) -> None:
    """Add the version-6 table to `md` (which already holds versions 1–5)."""
    sa.Table(
        "gec_flagged_names",
        md,
        # Names given before a code-shaped name was refused (domain/names.py). They stay (the journal holds them);
        # verification answers a code before any of them. `gec audit` reports what the tables hold now.
        sa.Column("tbl", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("claim_with_code", sa.String(64), nullable=True),  # the claim whose code the name is, if any
        sa.Column("flagged_at", sa.String(40), nullable=False),
    )
