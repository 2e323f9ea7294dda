"""What migration 0003 adds for the trust boundary: platform mandates, account change requests, reviewers."""

from __future__ import annotations

import sqlalchemy as sa

ACTOR = 120  # "role:token:account-or-platform" of whoever sent a command


def define(md: sa.MetaData) -> None:
    """Add the version-3 tables and columns to `md` (which already holds versions 1 and 2)."""
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    sa.Table(
        "gec_mandates",
        md,
        # A platform acts for an account only while the account's mandate for it stands.
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(20), primary_key=True),
        sa.Column("entry", big, nullable=False),
    )
    sa.Table(
        "gec_account_changes",
        md,
        # 第十二条: a new name or identity document waits for the operator's approval; one request per account.
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("name", sa.String(200)),
        sa.Column("id_doc", sa.String(40)),
        sa.Column("entry", big, nullable=False),
    )
    meter = md.tables["gec_meter"]
    # 第十七条: who submitted owner data and who made its initial check (segregation of duties).
    meter.append_column(sa.Column("submitted_by", sa.String(ACTOR)))
    meter.append_column(sa.Column("initial_by", sa.String(ACTOR)))


NEW_TABLES = ("gec_mandates", "gec_account_changes")
NEW_COLUMNS = (("gec_meter", "submitted_by"), ("gec_meter", "initial_by"))
