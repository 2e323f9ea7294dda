"""Hash chain of the journal (第三十条: 全过程防篡改、可追溯)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

GENESIS = "0" * 64
# One encoder for every entry: `json.dumps` with options builds a new one per call (a third of a small entry's time).
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(data: Any) -> str:
    """Sorted keys, no spaces, UTF-8 kept: the same data always gives the same text."""
    return _CANONICAL.encode(data)


def entry_hash(prev_hash: str, command_json: str, result_json: str) -> str:
    """Each entry's hash covers its predecessor's hash, its command and its result."""
    h = hashlib.sha256()
    for part in (prev_hash, "\n", command_json, "\n", result_json):
        h.update(part.encode("utf-8"))
    return h.hexdigest()


def rows_digest(rows: Iterable[tuple[str, int | None, int | None]]) -> str:
    """SHA-256 of a meter batch's rows, in order (the journal entry stores it, audit recomputes it)."""
    h = hashlib.sha256()
    for project, grid, self_ in rows:
        h.update(f"{project},{'' if grid is None else grid},{'' if self_ is None else self_}\n".encode())
    return h.hexdigest()
