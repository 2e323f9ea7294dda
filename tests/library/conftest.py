"""Library tests run against a private data dir, so the index cache and ingested issues never touch ~/.local."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def library_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """POLICYHUB_HOME for the whole session (one index build, shared by the tests that do not ingest)."""
    home = tmp_path_factory.mktemp("policyhub-home")
    old = os.environ.get("POLICYHUB_HOME")
    os.environ["POLICYHUB_HOME"] = str(home)
    yield home
    if old is None:
        os.environ.pop("POLICYHUB_HOME", None)
    else:
        os.environ["POLICYHUB_HOME"] = old
