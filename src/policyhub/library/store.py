"""Where the library's data lives: the shipped split of the seed, and issues a user ingested into their data dir."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from policyhub.errors import InputError
from policyhub.library.model import Document, document_from_dict
from policyhub.library.segment import userdict_bytes


def user_dir() -> Path:
    """$POLICYHUB_HOME/library, else $XDG_DATA_HOME/policyhub/library, else ~/.local/share/policyhub/library."""
    home = os.environ.get("POLICYHUB_HOME")
    if home:
        return Path(home) / "library"
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "policyhub" / "library"


def _shipped(name: str) -> bytes:
    return resources.files("policyhub.library").joinpath("data", name).read_bytes()


@dataclass(frozen=True)
class Snapshot:
    """All documents (shipped first, then ingested) and a fingerprint of the data they came from."""

    documents: tuple[Document, ...]
    fingerprint: str

    def get(self, doc_id: str) -> Document | None:
        """The document with this id, if any."""
        return next((d for d in self.documents if d.id == doc_id), None)


def _ingested_files() -> list[Path]:
    folder = user_dir() / "ingested"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


_CACHE: dict[str, Snapshot] = {}


def load() -> Snapshot:
    """Read the shipped and ingested documents (memoised per data fingerprint)."""
    shipped = _shipped("documents.json")
    files = [(p, p.read_bytes()) for p in _ingested_files()]
    digest = hashlib.sha256(shipped + userdict_bytes())
    for path, data in files:
        digest.update(path.name.encode() + b"\0" + data)
    fingerprint = digest.hexdigest()
    if fingerprint in _CACHE:
        return _CACHE[fingerprint]
    docs = [document_from_dict(d) for d in json.loads(shipped)["documents"]]
    for path, data in files:
        try:
            docs.extend(document_from_dict(d) for d in json.loads(data)["documents"])
        except (ValueError, KeyError, TypeError) as exc:
            raise InputError(f"{path}: not a library ingest file ({exc})", "bad_store") from None
    snap = Snapshot(tuple(docs), fingerprint)
    _CACHE.clear()
    _CACHE[fingerprint] = snap
    return snap


def renewal_data() -> dict[str, Any]:
    """The equipment-renewal guide per industry (shipped)."""
    data: dict[str, Any] = json.loads(_shipped("renewal.json"))
    return data


def issuer_aliases() -> dict[str, list[str]]:
    """Short names a user types for an issuing body (工信部 → 工业和信息化部 …)."""
    data: dict[str, list[str]] = json.loads(_shipped("issuer_aliases.json"))
    return data


def save_ingest(prefix: str, source: str, docs: list[Document]) -> Path:
    """Store an ingested issue as one JSON file named after its id prefix (re-ingesting replaces it)."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]{0,31}", prefix):
        raise InputError(f"prefix {prefix!r} must be lower-case letters, digits, - or _ (at most 32)", "bad_prefix")
    folder = user_dir() / "ingested"
    path = folder / f"{prefix}.json"
    payload = {"source": source, "documents": [d.to_dict() for d in docs]}
    tmp = path.with_suffix(".tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        raise InputError(
            f"cannot write to the library data dir {folder} ({exc.strerror})", "store_not_writable"
        ) from None
    return path


def index_path() -> Path | None:
    """The index cache file, or None (build in memory) when the data dir cannot be written."""
    folder = user_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return folder / "index.sqlite" if os.access(folder, os.W_OK) else None
