"""Once the digital assessments' table; it now belongs to policyhub.digital (its d0001 makes or adopts it)."""

revision = "a0002"
down_revision = "a0001"


def upgrade() -> None:
    pass  # a database that ran this revision before has the table: digital's d0001 adopts it
