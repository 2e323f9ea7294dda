"""Once the digital assessments' `firm_id`; it now belongs to policyhub.digital (its d0001 adds it where missing)."""

revision = "a0004"
down_revision = "a0003"


def upgrade() -> None:
    pass  # a database that ran this revision before has the column: digital's d0001 keeps it
