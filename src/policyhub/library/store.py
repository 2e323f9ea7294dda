"""Where the library's data lives: the shipped split of the seed, and issues a user ingested into their data dir."""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from policyhub.errors import InputError
from policyhub.library.model import Document, document_from_dict
from policyhub.library.segment import normalise, userdict_bytes


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
    digest = hashlib.sha256(shipped + userdict_bytes() + _shipped("synonyms.json"))
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


def issuer_aliases() -> dict[str, list[str]]:
    """Short names a user types for an issuing body (工信部 → 工业和信息化部 …)."""
    data: dict[str, list[str]] = json.loads(_shipped("issuer_aliases.json"))
    return data


@dataclass(frozen=True)
class Synonyms:
    """Groups of words printed for one meaning (绿证 / 绿色电力证书), and question words a query drops."""

    groups: tuple[tuple[str, ...], ...]
    ignore: frozenset[str]
    tags: tuple[tuple[str, re.Pattern[str]], ...] = ()
    asks: tuple[tuple[str, frozenset[str]], ...] = ()  # tag word, the question words that ask for it
    one_way: tuple[tuple[str, tuple[str, ...]], ...] = ()  # a typed word, the printed words it stands for

    def asked(self, tokens: list[str]) -> list[str]:
        """Tag words the query's question words ask for (几家 asks for 数量上限), never content words."""
        return [tag for tag, words in self.asks if any(t in words for t in tokens)]

    def tagged(self, text: str) -> list[str]:
        """The tag words whose pattern the text (spaces removed) matches, e.g. 截止时间 for "9月30日前"."""
        flat = re.sub(r"\s+", "", normalise(text))
        return [word for word, rx in self.tags if rx.search(flat)]

    def of(self, word: str) -> list[str]:
        """The other words of every group holding the word (folded forms compared)."""
        out: list[str] = []
        for group in self.groups:
            if word in group:
                out += [w for w in group if w != word and w not in out]
        for typed, printed in self.one_way:
            if typed == word:
                out += [w for w in printed if w not in out]
        return out


def synonyms() -> Synonyms:
    """The shipped synonym and domain list (data/synonyms.json), words folded as the index folds them."""
    if "synonyms" not in _SYN:
        data = json.loads(_shipped("synonyms.json"))
        groups = tuple(tuple(normalise(w) for w in g) for g in data["groups"])
        tags = tuple((normalise(w), re.compile(p)) for w, p in data.get("tags", {}).items())
        asks = tuple((normalise(t), frozenset(normalise(w) for w in ws)) for t, ws in data.get("asks", {}).items())
        one_way = tuple((normalise(w), tuple(normalise(p) for p in ps)) for w, ps in data.get("one_way", {}).items())
        ignore = frozenset(normalise(w) for w in data["ignore"])
        _SYN["synonyms"] = Synonyms(groups, ignore, tags, asks, one_way)
    return _SYN["synonyms"]


_SYN: dict[str, Synonyms] = {}


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
