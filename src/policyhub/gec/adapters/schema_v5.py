"""What migration 0006 adds: the answers given to requests sent with an Idempotency-Key, kept 24 hours."""

from __future__ import annotations

import sqlalchemy as sa

NEW_TABLES = ("gec_request_keys",)
KEY_LENGTH = 200  # an Idempotency-Key is 1–200 printable ASCII characters


def define(md: sa.MetaData) -> None:
    """Add the version-5 table to `md` (which already holds versions 1–4)."""
    sa.Table(
        "gec_request_keys",
        md,
        # One row per part of a keyed request (the desk writes an array in parts of at most one group), written in
        # the transaction of that part's commands: a crash cannot keep the commands and lose their answer.
        sa.Column("scope", sa.String(80), primary_key=True),  # whose key: the sending token
        sa.Column("key", sa.String(KEY_LENGTH), primary_key=True),
        sa.Column("part", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),  # SHA-256 of the request's body
        sa.Column("count", sa.Integer, nullable=False),  # commands in the whole request
        sa.Column("at", sa.String(40), nullable=False),  # the registry's time of the part, for the 24 hours
        sa.Column("outcomes", sa.Text, nullable=False),  # JSON: [status, result] of each command of the part
    )
