"""SQLite's WAL checkpoints on a thread of their own, not inside the writer's commit.

By default SQLite checkpoints in whichever commit takes the write-ahead log past 1,000 pages: that commit copies
the log into the database file and syncs it, while every command queued behind it waits. Measured on grouped
buys, those commits took a fifth of the writer's time. Here a thread of the engine checkpoints instead, with
its own connection: the copy runs outside the interpreter's lock, on the other core, and a PASSIVE checkpoint
never blocks the writer or a reader. Should that thread fall behind, the writer's own checkpoint still runs at
FALLBACK_PAGES, so the log cannot grow without bound.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path
from typing import Any

FALLBACK_PAGES = 16_384  # the writer's own checkpoint (64 MiB of 4 KiB pages) if this thread falls behind
WAL_BYTES = 4 << 20  # checkpoint once the log holds about SQLite's own default of 1,000 pages
IDLE_S = 5.0  # an idle thread ends; the next commit starts another
PAUSE_S = 0.05  # at most this often: each checkpoint syncs the log and the database file


class Checkpointer:
    """Wakes on every commit (`committed`) and checkpoints the file's log once it holds WAL_BYTES."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.wal = file.with_name(file.name + "-wal")
        self.runs = 0  # checkpoints done (tests read it)
        self._wake, self._stop = threading.Event(), threading.Event()
        self._guard = threading.Lock()
        self._thread: threading.Thread | None = None

    def committed(self, *_: Any) -> None:
        """The engine's commit hook: a checkpoint may be due."""
        self._wake.set()
        if self._thread is None and not self._stop.is_set():
            with self._guard:
                if self._thread is None and not self._stop.is_set():
                    self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
                    self._thread.start()

    def close(self) -> None:
        """Stop the thread after what it is doing; the writer's own checkpoints go on."""
        with self._guard:
            self._stop.set()
            thread = self._thread
        self._wake.set()
        if thread is not None:
            thread.join(timeout=30)

    def _due(self) -> bool:
        try:
            return self.wal.stat().st_size >= WAL_BYTES
        except FileNotFoundError:
            return False

    def _run(self) -> None:
        conn = sqlite3.connect(self.file, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            while True:
                woke = self._wake.wait(IDLE_S)
                self._wake.clear()
                with self._guard:
                    if self._stop.is_set() or not woke:
                        self._thread = None
                        return
                if self._due():
                    # PASSIVE: copies what no reader still needs, waits for nobody.
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.runs += 1
                    self._stop.wait(PAUSE_S)  # commits meanwhile are picked up on the next pass
        except sqlite3.Error:
            with self._guard:
                self._thread = None  # the writer's own checkpoints go on; the next commit tries again
        finally:
            conn.close()
