"""Library search on the judged query set: top-1 / top-3 and the queries missed."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "library"))


def main() -> int:
    """Run every judged query and print the figures (a private data dir: the user's index is not touched)."""
    os.environ["POLICYHUB_HOME"] = tempfile.mkdtemp(prefix="policyhub-bench-")
    from judged_queries import JUDGED

    from policyhub.library import service

    service.search("绿证")  # build the index once, outside the timing
    top1 = top3 = 0
    missed: list[str] = []
    second: list[str] = []
    started = time.perf_counter()
    for query, expected, _quote in JUDGED:
        hits = service.search(query, limit=3)
        if not expected:  # not in the seed: right when the search says no unit holds every word
            ok = not hits or hits[0].no_full_match
            top1 += ok
            top3 += ok
            if not ok:
                missed.append(f"{query} → {hits[0].citation} (should say nothing matched every word)")
            continue
        got = [h.citation for h in hits]
        top1 += bool(got) and got[0] in expected
        if got and got[0] not in expected and any(c in expected for c in got):
            second.append(
                f"{query} → {got[0]} first, {expected[0]} at {got.index(next(c for c in got if c in expected)) + 1}"
            )
        top3 += any(c in expected for c in got)
        if not any(c in expected for c in got):
            missed.append(f"{query} → {', '.join(got)} (want {expected[0]})")
    elapsed = time.perf_counter() - started
    n = len(JUDGED)
    info = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines() if Path("/proc/cpuinfo").exists() else []
    cpu = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), platform.processor())
    print(f"judged queries: {n}")
    print(f"top-1: {top1}/{n} = {top1 / n:.1%}")
    print(f"top-3: {top3}/{n} = {top3 / n:.1%}")
    print(f"mean time per query: {elapsed / n * 1000:.1f} ms")
    print(f"machine: {cpu}, nproc={os.cpu_count()}, Python {platform.python_version()}")
    for line in missed:
        print(f"  missed: {line}")
    for line in second:
        print(f"  not first: {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
