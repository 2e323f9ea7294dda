"""What the CLI and the web API call: list, show, search, ingest — typed dicts and dataclasses out."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import threading
from pathlib import Path
from typing import TypedDict, final, overload

from policyhub.errors import InputError, NotFound
from policyhub.library import index, store
from policyhub.library.compilation import issue_label
from policyhub.library.model import Document, DocumentData, Hit, Summary, Unit, UnitData
from policyhub.library.ranking import Alternative, Ranked, Word, idf, rank
from policyhub.library.search import Filters, flatten, fts_query, snippet
from policyhub.library.segment import index_tokens, normalise, query_tokens
from policyhub.library.splitter import split_compilation, split_single
from policyhub.limits import check_query

DEFAULT_LIMIT = 10
DEFAULT_PER_DOC = 0  # no cap: a cap of 3 hid d09 二 ("报送数量原则上不超过10个") behind d09's preamble (issue 28)
_CONN: dict[str, sqlite3.Connection] = {}
_LOCK = threading.Lock()


class Ingested(TypedDict):
    """What `library ingest` added: the documents' id prefix, where they are kept, and each one's summary."""

    prefix: str
    stored: str
    documents: list[Summary]


class UnitText(UnitData):
    """A unit's JSON form with its lines run together (OCR line breaks removed)."""

    text: str


@final  # no other keys: `"unit" in data` tells it from model.DocumentData
class ShownUnit(Summary):
    """`library show DOC UNIT`: the document's summary and the one unit asked for."""

    unit: UnitText


def list_documents(filters: Filters | None = None) -> list[Summary]:
    """Every document's summary (id, title, issuer, number, date, kind …), in library order."""
    snap = store.load()
    aliases = store.issuer_aliases()
    return [d.summary() for d in snap.documents if filters is None or filters.keeps(d, aliases)]


def get_document(doc_id: str) -> Document:
    """The document, or NotFound."""
    doc = store.load().get(doc_id.strip())
    if doc is None:
        raise NotFound(
            f"政策库中没有文档 {doc_id!r} no document {doc_id!r} in the library (编号如 ids like d01)",
            "unknown_document",
        )
    return doc


def find_unit(doc: Document, ref: str) -> Unit:
    """A unit by citation id (d24.第二十四条), by its id within the document (第二十四条) or by its label."""
    ref = ref.strip()
    # Ids first: d01's row "1.1.1" must not be taken for another unit's label.
    for unit in doc.units:
        if ref in (unit.id, unit.id.removeprefix(doc.id + ".")):
            return unit
    for unit in doc.units:
        if ref == unit.label:
            return unit
    raise NotFound(f"{doc.id} has no unit {ref!r}", "unknown_unit")


@overload
def show(doc_id: str, unit: None = None) -> DocumentData: ...
@overload
def show(doc_id: str, unit: str) -> ShownUnit: ...
@overload
def show(doc_id: str, unit: str | None) -> DocumentData | ShownUnit: ...
def show(doc_id: str, unit: str | None = None) -> DocumentData | ShownUnit:
    """A document with all its units, or one unit of it (with the document's summary)."""
    doc = get_document(doc_id)
    if unit is None:
        return doc.to_dict()
    found = find_unit(doc, unit)
    return {**doc.summary(), "unit": {**found.to_dict(), "text": flatten(found.lines)}}


def _connection() -> tuple[store.Snapshot, sqlite3.Connection]:
    snap = store.load()
    conn = _CONN.get(snap.fingerprint)
    if conn is None:
        conn = index.open_index(store.index_path(), list(snap.documents), snap.fingerprint)
        _CONN.clear()
        _CONN[snap.fingerprint] = conn
    return snap, conn


def _words(query: str, conn: sqlite3.Connection) -> list[Word]:
    """The query's words (question words dropped), each with its synonyms, sub-words and rarity."""
    syn = store.synonyms()
    texts = query_words(query)
    if not texts:
        raise InputError(f"the query {query!r} has no searchable words 查询没有可检索的词", "empty_query")
    total = index.unit_count(conn)
    words = []
    for text in texts:
        alts = [_alt(text)] + [_alt(normalise(o), synonym=True) for o in syn.of(text)]
        word = Word(text, tuple(alts))
        words.append(Word(text, word.alts, idf(total, index.doc_frequency(conn, fts_query(_groups([word]), True)))))
    return words


def query_words(query: str) -> list[str]:
    """The words a query is searched for (segmented, question words dropped)."""
    ignore = store.synonyms().ignore
    return [w for w in query_tokens(query) if w not in ignore]


def _alt(text: str, synonym: bool = False) -> Alternative:
    return Alternative(text, tuple(s for s in dict.fromkeys(index_tokens(text)) if s != text and len(s) > 1), synonym)


def _groups(words: list[Word]) -> list[list[str]]:
    """One FTS5 group (word, then its sub-words) per alternative of every word."""
    return [[a.text, *a.subs] for w in words for a in w.alts]


def search(
    query: str, filters: Filters | None = None, limit: int = DEFAULT_LIMIT, per_doc: int = DEFAULT_PER_DOC
) -> list[Hit]:
    """Units holding the most query words first (heading over text over title, rare words weigh more)."""
    if not query or not query.strip():
        raise InputError("the search query is empty 查询为空", "empty_query")
    check_query(query)  # every word is looked up and each alternative is a group of the FTS query
    if limit < 1 or per_doc < 0:
        raise InputError("--limit must be at least 1 and --per-doc at least 0", "bad_limit")
    snap, conn = _connection()
    aliases, syn = store.issuer_aliases(), store.synonyms()
    docs = {d.id: d for d in snap.documents}
    with _LOCK:  # one cached connection serves the web app's worker threads
        words = _words(query, conn)
        rows = index.match(conn, fts_query(_groups(words), any_word=True))
        total = index.unit_count(conn)
        asked = tuple(
            (tag, idf(total, index.doc_frequency(conn, fts_query([[tag]])))) for tag in syn.asked(query_tokens(query))
        )
    ranked = [
        r
        for r in rank(words, rows, asked)
        if not filters or filters.keeps(docs[r.row.doc], aliases, dated(docs[r.row.doc], docs)[0])
    ]
    full = bool(ranked) and not ranked[0].missing
    hits: list[Hit] = []
    for r in capped(ranked, per_doc)[:limit]:  # units ranked first; a cap (if asked) only after
        doc = docs[r.row.doc]
        unit = next(u for u in doc.units if u.id == r.row.citation)
        text = flatten(unit.lines)
        date, basis = dated(doc, docs)
        hits.append(
            Hit(doc.id, doc.title, unit.label, unit.id, snippet(text, _terms(words, text)), r.score, doc.kind,
                date, doc.issuer, list(r.matched), list(r.missing), not r.missing, not full, basis)
        )  # fmt: skip
    return hits


def capped(ranked: list[Ranked], per_doc: int) -> list[Ranked]:
    """At most per_doc units of one document when asked (0: none dropped, the default)."""
    if not per_doc:
        return ranked
    taken: dict[str, int] = {}
    out = []
    for r in ranked:
        taken[r.row.doc] = taken.get(r.row.doc, 0) + 1
        if taken[r.row.doc] <= per_doc:
            out.append(r)
    return out


def dated(doc: Document, docs: dict[str, Document]) -> tuple[str | None, str | None]:
    """The document's printed date, else (a Q&A or reading, d25) the date of the document it explains."""
    if doc.date:
        return doc.date, "printed"
    other = docs.get(doc.explains or "")
    if other is not None and other.date:
        return other.date, f"explains:{other.id}"
    return None, None


def _terms(words: list[Word], text: str) -> list[str]:
    """Words to mark: each alternative the unit prints whole, else its sub-words."""
    folded = normalise(text)
    out: list[str] = []
    for word in words:
        for alt in word.alts:
            out += [alt.text] if alt.text in folded else list(alt.subs)
    return out


def ingest(path: Path, prefix: str | None = None) -> Ingested:
    """Add a compilation issue (目录 + documents) or a single policy text to the user's library."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(f"{path}: 文件不存在 no such file", "no_file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: 无法按 UTF-8 文本读取 cannot read as UTF-8 text ({exc})", "bad_file") from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty", "empty_file")
    lines = text.splitlines()
    issue = issue_label(lines)
    if prefix is None:
        m = re.search(r"\d+", issue or "")
        prefix = f"n{m.group(0)}" if m else "u" + hashlib.sha1(text.encode()).hexdigest()[:6]
        others = {d.belongs_to for d in store.load().documents if not d.id.startswith(prefix + "-")}
        if issue in others:
            raise InputError(f"{issue} is already in the library; give --prefix to add it anyway", "duplicate_issue")
    has_toc = any(re.fullmatch(r"目\s*录", line.strip()) for line in lines)
    if has_toc:
        docs = split_compilation(text, f"{prefix}-d", {"issue": issue or path.name})
    else:
        docs = [split_single(text, f"{prefix}-d01", path.name)]
    stored = store.save_ingest(prefix, path.name, docs)
    return {"prefix": prefix, "stored": str(stored), "documents": [d.summary() for d in docs]}
