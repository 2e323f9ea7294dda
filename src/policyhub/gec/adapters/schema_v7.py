"""What migration 0008 adds: a claim's purpose, the province where the electricity was used, and the site."""

from __future__ import annotations

import sqlalchemy as sa

NEW_COLUMNS = ("purpose", "consumer_province", "site")
# Claims stored before purposes existed were plain declarations (第二十四条): the backfill, and the value a replay
# of their journal entries gives (a claim without `purpose` takes the default, domain/claim_fields.py).
BACKFILL_PURPOSE = "绿色电力消费声明"


def columns() -> list[sa.Column[str]]:
    """The three new columns of gec_claims (fresh objects: a Column belongs to one table)."""
    return [
        sa.Column("purpose", sa.String(20), nullable=False, server_default=BACKFILL_PURPOSE),
        sa.Column("consumer_province", sa.String(20), nullable=True),  # the short name (domain/provinces.py)
        sa.Column("site", sa.String(100), nullable=True),
    ]


def define(md: sa.MetaData) -> None:
    """Add the version-7 columns to `md` (which already holds versions 1–6)."""
    claims = md.tables["gec_claims"]
    for column in columns():
        claims.append_column(column)
