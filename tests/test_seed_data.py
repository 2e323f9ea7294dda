"""The compilation's text kept with the tests is the very file CI reads at ../shared/seed."""

from __future__ import annotations

import hashlib
import importlib.util
import lzma
from pathlib import Path

# tests/conftest.py by its path: "conftest" alone may name a subfolder's conftest already imported.
_spec = importlib.util.spec_from_file_location("root_conftest", Path(__file__).with_name("conftest.py"))
assert _spec and _spec.loader
_root = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root)
ALLOWED_SKIPS, BUNDLED_SEED, REPO, SEED_SHA256 = _root.ALLOWED_SKIPS, _root.BUNDLED_SEED, _root.REPO, _root.SEED_SHA256


def test_the_bundled_seed_is_the_compilation_ci_reads() -> None:
    data = lzma.decompress(BUNDLED_SEED.read_bytes())
    assert hashlib.sha256(data).hexdigest() == SEED_SHA256
    assert "总第 7 期" in data.decode("utf-8")
    shared = REPO.parent / "shared" / "seed" / BUNDLED_SEED.name.removesuffix(".xz")
    if shared.exists():  # on CI: byte for byte the same file
        assert shared.read_bytes() == data


def test_the_seed_fixture_gives_the_compilation(seed_path: Path, seed_text: str) -> None:
    assert seed_path.name == "000_f1f782ff31cba64c.txt"
    assert hashlib.sha256(seed_text.encode("utf-8")).hexdigest() == SEED_SHA256


def test_every_allowed_skip_states_its_reason() -> None:
    assert ALLOWED_SKIPS and all(reason.strip() for reason in ALLOWED_SKIPS.values())
    assert not any("seed" in key.lower() for key in ALLOWED_SKIPS)  # a missing seed is never a reason to skip
