"""The tables migration 0002 adds for trading (第五章), frozen like schema_v1."""

from __future__ import annotations

import sqlalchemy as sa


def define(md: sa.MetaData) -> None:
    """Add the version-2 trading tables to `md` (which already holds version 1)."""
    big = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    sa.Table(
        "gec_listings",
        md,
        sa.Column("listing", sa.String(64), primary_key=True),
        sa.Column("account", sa.String(64), nullable=False, index=True),
        sa.Column("quantity", big, nullable=False),
        sa.Column("price_fen", big, nullable=False),
        # Comma-joined platform codes, in the order the seller gave them.
        sa.Column("platforms", sa.String(200), nullable=False),
        sa.Column("project", sa.String(64)),
        sa.Column("month", sa.String(7)),
        sa.Column("province", sa.String(50)),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("entry", big, nullable=False),
        sa.Column("closed_entry", big),
    )
    sa.Table(
        "gec_trades",
        md,
        sa.Column("trade", big, primary_key=True, autoincrement=False),
        sa.Column("route", sa.String(12), nullable=False),
        sa.Column("platform", sa.String(20)),
        sa.Column("seller", sa.String(64), nullable=False, index=True),
        sa.Column("buyer", sa.String(64), nullable=False, index=True),
        sa.Column("quantity", big, nullable=False),
        sa.Column("price_fen", big),
        sa.Column("ref", sa.String(64)),
        sa.Column("kwh", big),
        sa.Column("power_price", sa.String(20)),
        sa.Column("at", sa.String(40), nullable=False),
        # The calendar month of `at` (its own offset): the disclosure report groups by it (第二十八条).
        sa.Column("month", sa.String(7), nullable=False, index=True),
        sa.Column("entry", big, nullable=False),
    )
    sa.Table(
        "gec_trade_ranges",
        md,
        # A certificate trades once (第二十条): a serial range starts in at most one trade.
        sa.Column("serial_start", big, primary_key=True, autoincrement=False),
        sa.Column("serial_end", big, nullable=False),
        sa.Column("trade", big, nullable=False, index=True),
        sa.Column("project", sa.String(64), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
    )
    sa.Table(
        "gec_contracts",
        md,
        sa.Column("contract", sa.String(64), primary_key=True),
        sa.Column("seller", sa.String(64), nullable=False, index=True),
        sa.Column("buyer", sa.String(64), nullable=False, index=True),
        sa.Column("quantity", big, nullable=False),
        sa.Column("price_fen", big, nullable=False),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("project", sa.String(64)),
        sa.Column("month", sa.String(7)),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("entry", big, nullable=False),
    )
    sa.Table(
        "gec_deliveries",
        md,
        sa.Column("contract", sa.String(64), primary_key=True),
        sa.Column("n", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("due", sa.String(10), nullable=False, index=True),
        sa.Column("quantity", big, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("trade", big),
        sa.Column("note", sa.String(300)),
        sa.Column("entry", big),
    )
    sa.Table(
        "gec_auctions",
        md,
        sa.Column("auction", sa.String(64), primary_key=True),
        sa.Column("platform", sa.String(20), nullable=False),
        sa.Column("closes", sa.String(40), nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        sa.Column("clearing_fen", big),
        sa.Column("volume", big),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("entry", big, nullable=False),
        sa.Column("cleared_entry", big),
    )
    sa.Table(
        "gec_orders",
        md,
        sa.Column("auction", sa.String(64), primary_key=True),
        sa.Column("n", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("side", sa.String(4), nullable=False),
        sa.Column("account", sa.String(64), nullable=False),
        sa.Column("quantity", big, nullable=False),
        sa.Column("price_fen", big, nullable=False),
        sa.Column("project", sa.String(64)),
        sa.Column("month", sa.String(7)),
        sa.Column("filled", big, nullable=False),
        sa.Column("entry", big, nullable=False),
    )
    b = md.tables["gec_blocks"].c
    # Reserved blocks (listings, auction asks) are found by their reservation key; most blocks have none.
    reserved = b.listing.is_not(None)
    sa.Index(
        "ix_gec_blocks_listing", b.listing, b.status, b.valid_until, b.serial_start,
        sqlite_where=reserved, postgresql_where=reserved,
    )  # fmt: skip
    # A seller's free live blocks in the order they are sold (oldest expiry first): listing, asking or settling
    # reads only as many as it needs, however many blocks the seller has reserved or sold.
    free = (b.status == "live") & b.listing.is_(None)
    sa.Index("ix_gec_blocks_free", b.holder, b.valid_until, b.serial_start, sqlite_where=free, postgresql_where=free)
