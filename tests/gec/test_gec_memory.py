"""SQLite's memory stays under one process-wide bound, however many pooled connections read a large file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from policyhub.storage.engines import HEAP_BYTES

# Eight pooled connections each read a 40 MiB table: unbounded, each would keep its own copy (8 × 40 MiB).
_READERS = """
import sqlite3, sys
from policyhub.gec.adapters.db import open_engine
path = sys.argv[1]
raw = sqlite3.connect(path)
raw.execute("CREATE TABLE filler (n INTEGER PRIMARY KEY, pad TEXT)")
raw.executemany("INSERT INTO filler (pad) VALUES (?)", (("x" * 400,) for _ in range(100_000)))
raw.commit()
raw.close()
def rss():  # the process's own memory: file pages SQLite maps (mmap_size) are the kernel's cache, once per mapping
    for line in open("/proc/self/status"):
        if line.startswith("RssAnon:"):
            return int(line.split()[1]) * 1024
engine = open_engine(f"sqlite:///{path}")
start = rss()
held = [engine.connect().execution_options(gec_readonly=True) for _ in range(8)]
for conn in held:
    conn.exec_driver_sql("SELECT count(*), sum(length(pad)) FROM filler").all()
print(rss() - start)
"""


def test_eight_connections_reading_a_large_file_stay_under_the_heap_bound(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-c", _READERS, str(tmp_path / "big.sqlite")], capture_output=True,
                         text=True, check=True, timeout=300)  # fmt: skip
    grown = int(out.stdout.split()[-1])
    assert grown < HEAP_BYTES + (64 << 20), f"grew {grown >> 20} MiB"  # unbounded it grows ≈ 320 MiB
