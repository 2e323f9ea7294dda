"""SQLite FTS5 index of pre-segmented unit text (tokens joined by spaces), cached on disk and rebuilt on data change."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from collections.abc import Iterable
from pathlib import Path

from policyhub.library.model import Document, Unit
from policyhub.library.segment import index_tokens

SCHEMA_VERSION = "4"
TITLE_WEIGHT = 4.0  # a word of the document title counts four times a word of the unit body
BODY_WEIGHT = 1.0


def _indexable(doc: Document) -> list[tuple[Unit, str]]:
    """Units worth a row, each with the headings of its ancestors (a bare heading with sub-units adds no row)."""
    by_id = {u.id: u for u in doc.units}
    parents = {u.parent for u in doc.units if u.parent}
    out: list[tuple[Unit, str]] = []
    for unit in doc.units:
        if unit.id in parents and len(unit.lines) == 1:
            continue  # e.g. "四、建设内容和路径": its words are indexed with each of its sub-units
        heads: list[str] = []
        up = unit.parent
        while up and up in by_id:
            heads.insert(0, by_id[up].heading)
            up = by_id[up].parent
        out.append((unit, " ".join(heads)))
    return out


def _create(conn: sqlite3.Connection, docs: Iterable[Document], fingerprint: str) -> None:
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute(
        "CREATE VIRTUAL TABLE units USING fts5(title, body, citation UNINDEXED, doc UNINDEXED, tokenize='unicode61')"
    )
    rows = []
    for doc in docs:
        title = " ".join(index_tokens(doc.title))
        for unit, context in _indexable(doc):
            body = " ".join(index_tokens(context + "\n" + unit.text))
            rows.append((title, body, unit.id, doc.id))
    conn.executemany("INSERT INTO units (title, body, citation, doc) VALUES (?, ?, ?, ?)", rows)
    conn.execute("INSERT INTO meta VALUES ('fingerprint', ?)", (fingerprint,))
    conn.commit()


def _current(path: Path, fingerprint: str) -> bool:
    if not path.exists():
        return False
    try:
        with contextlib.closing(sqlite3.connect(path)) as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'fingerprint'").fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0] == fingerprint)


def open_index(path: Path | None, docs: list[Document], fingerprint: str) -> sqlite3.Connection:
    """A connection to an index of docs: the cached file when its fingerprint matches, else a fresh build."""
    fingerprint = f"{SCHEMA_VERSION}:{fingerprint}"
    if path is None:
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        _create(conn, docs, fingerprint)
        return conn
    if not _current(path, fingerprint):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".index-", suffix=".sqlite", dir=path.parent)
        os.close(fd)
        try:
            with contextlib.closing(sqlite3.connect(tmp)) as conn:
                _create(conn, docs, fingerprint)
            os.replace(tmp, path)  # atomic: a concurrent reader sees the old or the new index, never half of one
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)


def match(conn: sqlite3.Connection, fts_query: str) -> list[tuple[str, str, float]]:
    """(citation, doc id, score) for every unit matching the FTS5 query, best first; score = -bm25 (higher better)."""
    sql = "SELECT citation, doc, -bm25(units, ?, ?) AS score FROM units WHERE units MATCH ? ORDER BY bm25(units, ?, ?)"
    args = (TITLE_WEIGHT, BODY_WEIGHT, fts_query, TITLE_WEIGHT, BODY_WEIGHT)
    return [(str(c), str(d), float(s)) for c, d, s in conn.execute(sql, args)]
