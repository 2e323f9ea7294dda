"""The schema of migration 0001, frozen: later changes go in new migrations, never here."""

from __future__ import annotations

import sqlalchemy as sa


def define(md: sa.MetaData) -> None:
    """Add the version-1 tables to `md`.

    On SQLite the tables keyed by text are WITHOUT ROWID (clustered on their primary key): a month's meter rows,
    issuance rows and project carries are then one B-tree each, read and written in key order by the set-based
    issuance. `gec_blocks` is keyed by an INTEGER serial, already the rowid.
    """
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    sa.Table(
        "gec_meta",
        md,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("next_serial", big, nullable=False),
        sa.Column("next_claim", big, nullable=False),
        sa.Column("head_seq", big, nullable=False),
        sa.Column("head_hash", sa.String(64), nullable=False),
    )
    sa.Table(
        "gec_journal",
        md,
        sa.Column("seq", big, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("op", sa.String(40), nullable=False),
        sa.Column("command", sa.Text, nullable=False),
        sa.Column("result", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    sa.Table(
        "gec_names",
        md,
        sa.Column("key", sa.String(120), primary_key=True),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("seq", big, nullable=False),
    )
    sa.Table(
        "gec_accounts",
        md,
        sa.Column("account", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("id_doc", sa.String(40)),
        sa.Column("id_doc_kind", sa.String(10)),
        sa.Column("province", sa.String(50)),
        sa.Column("pledge", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("frozen", sa.Boolean, nullable=False),
        sa.Column("freeze_reason", sa.String(500)),
        sa.Column("opened_at", sa.String(40), nullable=False),
        sa.Column("closed_at", sa.String(40)),
    )
    sa.Table(
        "gec_projects",
        md,
        sa.Column("project", sa.String(64), primary_key=True),
        sa.Column("pid", big, nullable=False, unique=True),
        sa.Column("owner", sa.String(64), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("type", sa.String(20), nullable=False),
        sa.Column("province", sa.String(50), nullable=False),
        sa.Column("capacity_kw", sa.Float, nullable=False),
        sa.Column("commissioned", sa.String(10), nullable=False),
        sa.Column("fully_market", sa.Boolean, nullable=False),
        sa.Column("grid_tradable", sa.Boolean, nullable=False),
        sa.Column("carry_t", big, nullable=False),
        sa.Column("carry_n", big, nullable=False),
        sqlite_with_rowid=False,
    )
    sa.Table(
        "gec_meter",
        md,
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("project", sa.String(64), primary_key=True),
        sa.Column("source", sa.String(12), primary_key=True),
        sa.Column("grid_kwh", big),
        sa.Column("self_kwh", big),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("entry", big, nullable=False),
        sa.Column("note", sa.String(500)),
        sqlite_with_rowid=False,
    )
    sa.Table(
        "gec_batch_rows",
        md,
        sa.Column("entry", big, primary_key=True, autoincrement=False),
        sa.Column("line", big, primary_key=True, autoincrement=False),
        sa.Column("project", sa.String(64), nullable=False),
        sa.Column("grid_kwh", big),
        sa.Column("self_kwh", big),
        sqlite_with_rowid=False,
    )
    sa.Table(
        "gec_issuance",
        md,
        # Keyed by month first: issuance, late data and corrections look a project-month up by this prefix.
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("project", sa.String(64), primary_key=True),
        sa.Column("kind", sa.String(12), primary_key=True),
        sa.Column("entry", big, primary_key=True, autoincrement=False),
        sa.Column("kwh", big, nullable=False),
        sa.Column("carry_in", big, nullable=False),
        sa.Column("certs", big, nullable=False),
        sa.Column("serial_start", big),
        sqlite_with_rowid=False,
    )
    sa.Table(
        "gec_blocks",
        md,
        sa.Column("serial_start", big, primary_key=True, autoincrement=False),
        sa.Column("serial_end", big, nullable=False),
        sa.Column("project", sa.String(64), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("kind", sa.String(12), nullable=False),
        sa.Column("tradable", sa.Boolean, nullable=False),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("traded", sa.Boolean, nullable=False),
        sa.Column("listing", sa.String(64)),
        sa.Column("claim", sa.String(64)),
        sa.Column("valid_until", sa.String(10), nullable=False),
        sa.Column("entry", big, nullable=False),
        sa.Index("ix_gec_blocks_holder", "holder", "status"),
        # No (project, month) index: a project-month's blocks lie inside its issuance ranges (gec_issuance).
        sa.Index("ix_gec_blocks_expiry", "status", "valid_until"),
    )
    sa.Table(
        "gec_claims",
        md,
        sa.Column("claim", sa.String(64), primary_key=True),
        sa.Column("number", big, nullable=False, unique=True),
        sa.Column("code", sa.String(40), nullable=False, unique=True),
        sa.Column("account", sa.String(64), nullable=False, index=True),
        sa.Column("quantity", big, nullable=False),
        sa.Column("beneficiary", sa.String(200), nullable=False),
        sa.Column("period", sa.String(50), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("entry", big, nullable=False),
    )
