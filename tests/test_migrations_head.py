"""The migration heads that let an up-to-date database skip Alembic are Alembic's own heads."""

from __future__ import annotations

import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from policyhub.access import schema
from policyhub.digital import schema as digital_schema
from policyhub.firms import schema as firms_schema
from policyhub.gec.adapters import db


@pytest.mark.parametrize(
    ("location", "head"),
    [
        ("policyhub.gec:migrations", db.HEAD),
        ("policyhub.access:migrations", schema.HEAD),
        ("policyhub.firms:migrations", firms_schema.HEAD),
        ("policyhub.digital:migrations", digital_schema.HEAD),
    ],
)
def test_the_recorded_head_is_the_newest_migration(location: str, head: str) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", location)
    assert ScriptDirectory.from_config(cfg).get_heads() == [head]
