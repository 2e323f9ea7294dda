"""SQLite FTS5 index of pre-segmented unit text (tokens joined by spaces), cached on disk and rebuilt on data change."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from policyhub.library.model import Document, Unit
from policyhub.library.segment import index_tokens, query_tokens
from policyhub.library.store import synonyms

SCHEMA_VERSION = "7"
# bm25 column weights (title, head, context, body): only the tie-break after the word-coverage ranking.
WEIGHTS = (1.0, 3.0, 1.0, 1.0)
_HEAD_END = re.compile(r"[。，；：？！,;?!]")
HEADING_CHARS = 30


def heading_of(unit: Unit) -> str:
    """The unit's own heading: a short first line ("（一）试点对象"), a short first sentence, or a row's name."""
    first = unit.heading.strip()
    if unit.kind == "preamble":
        return first  # the document's title line: the preamble answers a query for the document as a whole
    if unit.kind in ("catalog_row", "row"):
        return " ".join(first.split("\t")[: 2 if unit.kind == "catalog_row" else 4])
    if len(first) <= HEADING_CHARS and not _HEAD_END.search(first.rstrip("。？?")):
        return first
    sentence = re.split(r"[。？?]", first, maxsplit=1)[0]
    # "6. 推广电子营业执照应用。…" has a heading; "2. 试点产品所在区域具备…，…" is a paragraph, not a heading.
    return sentence if len(sentence) <= HEADING_CHARS and not _HEAD_END.search(sentence) else ""


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
            heads.insert(0, heading_of(by_id[up]))
            up = by_id[up].parent
        out.append((unit, " ".join(heads)))
    return out


def _tokens(text: str) -> str:
    return " ".join(index_tokens(text))


def _create(conn: sqlite3.Connection, docs: Iterable[Document], fingerprint: str) -> None:
    conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
    conn.execute(
        "CREATE VIRTUAL TABLE units USING fts5(title, head, context, body, citation UNINDEXED, doc UNINDEXED,"
        " tokenize='unicode61')"
    )
    rows = []
    syn = synonyms()
    for doc in docs:
        title = _tokens(doc.title)
        for unit, context in _indexable(doc):
            lines = unit.lines[1:] if unit.kind == "preamble" else unit.lines  # its first line is the title
            body = "\n".join([*lines, *syn.tagged(unit.text)])  # tag words: 截止时间 where a date is followed by 前
            # headings in precise words: "（一）挂牌交易" is about 挂牌交易, not about every 交易
            head, context = " ".join(query_tokens(heading_of(unit))), " ".join(query_tokens(context))
            rows.append((title, head, context, _tokens(body), unit.id, doc.id))
    conn.executemany("INSERT INTO units VALUES (?, ?, ?, ?, ?, ?)", rows)
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


@dataclass(frozen=True)
class Row:
    """A unit the FTS5 query matched, with its indexed tokens per column and its bm25 score (higher better)."""

    citation: str
    doc: str
    title: frozenset[str]
    head: frozenset[str]
    context: frozenset[str]
    body: frozenset[str]
    bm25: float


def match(conn: sqlite3.Connection, fts_query: str) -> list[Row]:
    """Every unit matching the FTS5 query with its tokens, best bm25 first."""
    w = ", ".join(str(x) for x in WEIGHTS)
    sql = f"SELECT citation, doc, title, head, context, body, -bm25(units, {w}) FROM units WHERE units MATCH ?"
    rows = [
        Row(str(c), str(d), frozenset(t.split()), frozenset(h.split()), frozenset(x.split()), frozenset(b.split()), s)
        for c, d, t, h, x, b, s in conn.execute(sql + " ORDER BY 7 DESC", (fts_query,))
    ]
    return rows


def unit_count(conn: sqlite3.Connection) -> int:
    """How many units are indexed (for the rarity of a word)."""
    return int(conn.execute("SELECT count(*) FROM units").fetchone()[0])


def doc_frequency(conn: sqlite3.Connection, fts_query: str) -> int:
    """How many units match the FTS5 query."""
    return int(conn.execute("SELECT count(*) FROM units WHERE units MATCH ?", (fts_query,)).fetchone()[0])
