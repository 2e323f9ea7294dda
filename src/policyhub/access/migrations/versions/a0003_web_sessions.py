"""Browser sessions (the cookie's id stored hashed, with expiry) and the server's signing keys."""

import sqlalchemy as sa
from alembic import op

revision = "a0003"
down_revision = "a0002"


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("sid_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("token_id", sa.Integer),
        sa.Column("firm_id", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_web_sessions_expires_at", "web_sessions", ["expires_at"])
    op.create_table(
        "web_keys",
        sa.Column("name", sa.String(32), primary_key=True),
        sa.Column("secret", sa.String(128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
