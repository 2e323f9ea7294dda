"""The C heap kept compact while the service runs: fewer glibc arenas, and free pages given back to the system.

Why: under a 5-minute soak on SQLite, the Python heap (allocated blocks) and SQLite's own memory stayed flat while the
server's resident memory doubled. glibc's malloc kept what ~20 request threads had freed (SQLite's page caches,
rendered pages) in per-thread arenas: 100 MiB in use, 200 MiB free but held. Two arenas fragment less, and
`malloc_trim` returns whole free pages inside every arena (measured: 20–130 ms per call, no request refused).
Elsewhere (musl, macOS) there is nothing to do and nothing is done. Figures: benchmarks/soak_results.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import threading
import time

ARENAS = 2  # M_ARENA_MAX: arenas glibc may create for the process's threads (default: 8 per core)
TRIM_EVERY_S = 15.0
_M_ARENA_MAX = -8  # <malloc.h>

log = logging.getLogger(__name__)
_started = threading.Lock()
_thread: threading.Thread | None = None


def _glibc() -> ctypes.CDLL | None:
    """glibc's malloc, or None where the C library is another one."""
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    except (OSError, AttributeError):
        return None
    return libc


def keep_compact(every_s: float = TRIM_EVERY_S) -> threading.Thread | None:
    """Limit glibc's arenas and start the process's one trimming thread (a second call returns the same thread)."""
    global _thread
    with _started:
        if _thread is not None and _thread.is_alive():
            return _thread
        libc = _glibc()
        if libc is None:
            return None
        libc.mallopt(_M_ARENA_MAX, ARENAS)  # arenas not yet created; the threads' first allocations come later

        def trim() -> None:
            while True:  # a daemon thread: it ends with the process
                time.sleep(every_s)
                libc.malloc_trim(0)

        _thread = threading.Thread(target=trim, name="policyhub-heap", daemon=True)
        _thread.start()
        log.debug("heap: %d arenas, trimmed every %.0f s", ARENAS, every_s)
        return _thread
