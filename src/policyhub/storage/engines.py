"""Engines for SQLite and PostgreSQL: which database a URL names, write transactions serialised, pool and pragmas.

Every system opens its engine here and migrates only its own tables (the `chains` it passes, storage/migrations.py).
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.exc import DBAPIError

from policyhub.errors import InputError

from .checkpoint import FALLBACK_PAGES, Checkpointer
from .migrations import Chain

# Memory: each SQLite connection may cache CACHE_KIB of pages (the writer's national batch touches millions of index
# pages), and SQLite keeps all its page caches in one process under HEAP_BYTES together: past that, connections
# reuse their own least recent pages instead of growing. With the pool's 40 connections at most, a process's SQLite
# memory stays near 128 MiB whatever the load (without the limit: up to 40 × 128 MiB, growing for hours).
CACHE_KIB = 131_072
HEAP_BYTES = 128 << 20
# Reads map the file instead of copying its pages into each connection's cache. Without it, every write made every
# other connection drop and re-read its cached pages: millions of 4 KB allocations from ~20 request threads, which
# left glibc's heap fragmented (a soak's server grew 225 → 473 MiB in 10 minutes; with it, its heap stays flat).
# Virtual address space only: the pages are the kernel's file cache, shared by every connection.
MMAP_BYTES = 256 << 20
POOL, OVERFLOW = 20, 20  # a SQLite engine's pooled connections, and how many more it may open for a while

DEFAULT_DB = "sqlite:///policyhub.sqlite"
ENV_VAR = "POLICYHUB_DB"

# Execution options. SINGLE_READ: this connection runs one statement only, so it needs no transaction around it (no
# BEGIN, no ROLLBACK): SQLite's connections stay in autocommit, PostgreSQL's are set to AUTOCOMMIT (every request's
# token lookup runs this way). READS_ONLY: a transaction that only reads, so SQLite begins it deferred (the name is
# the registry's, which used it first).
SINGLE_READ = "policyhub_single_read"
READS_ONLY = "gec_readonly"


def resolve_url(url: str | None) -> str:
    """--db URL, else $POLICYHUB_DB, else ./policyhub.sqlite; postgresql:// uses psycopg 3."""
    url = url or os.environ.get(ENV_VAR) or DEFAULT_DB
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    if not url.startswith(("sqlite", "postgresql")):
        raise InputError(
            f"不支持的数据库地址 unsupported database URL {url!r}: use sqlite:///FILE or postgresql://USER@HOST/DB",
            "bad_db_url",
        )
    return url


def sqlite_file(url: str) -> Path | None:
    """The file a resolved SQLite URL names (None for PostgreSQL or an in-memory database)."""
    if not url.startswith("sqlite") or "///" not in url:
        return None
    path = url.split("///", 1)[1].split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


def read_only(url: str, file: Path) -> bool:
    """Whether a SQLite file is to be opened read-only: `?mode=ro` in the URL, or a file this process cannot write
    (a read-only file, directory or filesystem; `access` also says so for root on a read-only mount)."""
    if "mode=ro" in url.partition("?")[2].split("&"):
        return True
    return file.exists() and not (os.access(file, os.W_OK) and os.access(file.parent, os.W_OK))


def _read_only_url(file: Path) -> str:
    """SQLite's URI for reading only. `immutable` when nobody can be writing: the directory takes no -wal/-shm file
    (a writer needs them) and none is there; then SQLite needs no lock or shared-memory file either."""
    uri = f"sqlite:///file:{quote(str(file.resolve()))}?mode=ro&uri=true"
    wal_files = (file.with_name(file.name + "-wal"), file.with_name(file.name + "-shm"))
    if not os.access(file.parent, os.W_OK) and not any(f.exists() for f in wal_files):
        uri += "&immutable=1"
    return uri


def will_create(url: str) -> bool:
    """Whether opening `url` would make a new SQLite file (commands that may create one say so)."""
    file = sqlite_file(url)
    return file is not None and not file.exists()


_CHECKPOINTERS: weakref.WeakKeyDictionary[sa.Engine, Checkpointer] = weakref.WeakKeyDictionary()


def close_engine(engine: sa.Engine) -> None:
    """Stop the engine's checkpoint thread (SQLite), then close its connections."""
    checkpointer = _CHECKPOINTERS.pop(engine, None)
    if checkpointer is not None:
        checkpointer.close()
    engine.dispose()


def _sqlite_hooks(engine: sa.Engine, file: Path | None, readonly: bool = False) -> None:
    """Every SQLite write transaction starts with BEGIN IMMEDIATE (the documented pysqlite recipe)."""
    if file is not None and not readonly:  # a file's log is checkpointed by a thread of its own (checkpoint.py)
        checkpointer = _CHECKPOINTERS[engine] = Checkpointer(file)
        event.listen(engine, "commit", checkpointer.committed)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _rec: Any) -> None:
        dbapi_conn.isolation_level = None  # let SQLAlchemy's "begin" hook emit BEGIN itself
        cur = dbapi_conn.cursor()
        if not readonly:  # a read-only file keeps the journal mode it has (setting it would be a write)
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
        if file is not None and not readonly:
            cur.execute(f"PRAGMA wal_autocheckpoint={FALLBACK_PAGES}")
        cur.execute("PRAGMA busy_timeout=120000")
        cur.execute("PRAGMA temp_store=MEMORY")  # the monthly issuance plan is a temp table
        cur.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
        cur.execute(f"PRAGMA soft_heap_limit={HEAP_BYTES}")  # process-wide: every connection's cache together
        cur.execute(f"PRAGMA mmap_size={MMAP_BYTES}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: sa.Connection) -> None:
        # Reads may run deferred; any transaction that may write takes the write lock at once, so two
        # writers never both read a balance and then both write it.
        options = conn.get_execution_options()
        if options.get(SINGLE_READ):
            return  # one statement: SQLite's autocommit makes it atomic by itself
        conn.exec_driver_sql("BEGIN" if options.get(READS_ONLY) else "BEGIN IMMEDIATE")


def _postgres_hooks(engine: sa.Engine) -> None:
    """Session settings for the registry's monthly issuance (its plan is a temp table of ~1M rows)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _rec: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute("SET temp_buffers = '256MB'")  # must be set before the session's first temp table
        dbapi_conn.commit()


def open_engine(
    url: str | None = None,
    chains: Sequence[Chain] = (),
    create: bool = True,
    setup: Callable[[sa.Engine], None] | None = None,
) -> sa.Engine:
    """An engine for `url` with the given migration chains at head; `create=False` refuses a missing SQLite file."""
    real = resolve_url(url)
    readonly = False
    if real.startswith("sqlite"):
        file = sqlite_file(real)
        if file is not None:
            if not file.parent.exists():
                raise InputError(
                    f"数据库目录不存在 database directory {file.parent} does not exist: create it or give another --db",
                    "db_missing",
                )
            if not create and not file.exists():
                raise InputError(
                    f"数据库文件不存在 database file {file} does not exist: check --db / $POLICYHUB_DB "
                    "(only `gec apply`, `gec import-*` and `serve` create a database)",
                    "db_missing",
                )
            readonly = read_only(real, file)
        # Each request thread holds a connection for its token lookup: a pool smaller than the server's threads
        # would open (and set up) a new SQLite connection per request.
        target = _read_only_url(file) if file is not None and readonly else real
        engine = sa.create_engine(target, connect_args={"timeout": 120}, pool_size=POOL, max_overflow=OVERFLOW)
        _sqlite_hooks(engine, file, readonly)
    else:
        engine = sa.create_engine(real)
        _postgres_hooks(engine)
    if setup is not None:  # a system's own hooks, before the first connection (the registry's PostgreSQL pipeline)
        setup(engine)
    try:
        with engine.connect():
            pass
        for chain in chains:
            if readonly:  # a read-only file cannot be migrated: it must be current already
                chain.check_current(engine, sqlite_file(real))
            else:
                chain.upgrade(engine)
    except DBAPIError as exc:
        close_engine(engine)
        raise InputError(unreachable(real, exc), "db_unreachable") from None
    except InputError:
        close_engine(engine)
        raise
    return engine


def unreachable(url: str, exc: DBAPIError) -> str:
    """What is wrong with a database that cannot be opened, and what to do, in one line."""
    shown = sa.engine.make_url(url).render_as_string(hide_password=True).replace("+psycopg", "", 1)
    reason = " ".join(str(exc.orig).split()) or type(exc.orig).__name__
    if "does not exist" in reason and "database" in reason:
        hint = "create it (e.g. `createdb -h HOST -U USER NAME`) or give another --db"
    elif url.startswith("sqlite"):
        hint = "check that the file is a policyhub SQLite database and is writable"
    else:
        hint = "check that the server is running, the host, port and user are right, and it accepts connections"
    return f"无法打开数据库 cannot open database {shown}: {reason}; {hint}"


def single_read(engine: sa.Engine) -> sa.Connection:
    """A connection for one read statement: no transaction opened around it."""
    conn = engine.connect()
    if engine.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="AUTOCOMMIT", **{SINGLE_READ: True})
    return conn.execution_options(**{SINGLE_READ: True})
