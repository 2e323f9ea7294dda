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
    projects = md.tables["gec_projects"]
    # 第十五条 结转至次月: the production month a carry belongs to (the latest month issued for that kind). Late data
    # for an earlier month is issued on its own electricity; its remainder joins this later carry.
    for column in CARRY_MONTHS:
        projects.append_column(sa.Column(column, sa.String(7)))


NEW_TABLES = ("gec_mandates", "gec_account_changes")
CARRY_MONTHS = ("carry_t_month", "carry_n_month")
NEW_COLUMNS = (("gec_meter", "submitted_by"), ("gec_meter", "initial_by"))
# Added by 0003 after NEW_COLUMNS, each with its own type (see upgrade()).
NEW_TYPED_COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("gec_projects", "carry_t_month", 7),
    ("gec_projects", "carry_n_month", 7),
)
