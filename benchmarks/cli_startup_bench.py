"""Start-up of the `policyhub` command, as whole processes, against `python -c pass` in the same run.

    python benchmarks/cli_startup_bench.py [--runs 15] [--out benchmarks/cli_results.md]

Each command runs alternately with the baseline (one warm-up each); the median wall time and the median of the
pairwise ratios are reported. "eager imports" is what the CLI used to load before its systems were imported
lazily: every system's CLI module and Alembic.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent
EAGER = (
    "import policyhub.digital.cli, policyhub.gec.cli, policyhub.firstset.cli, policyhub.library.cli, "
    "policyhub.library.rules.cli, policyhub.access.cli, policyhub.web.cli, alembic.command"
)


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def measure(cmd: list[str], baseline: list[str], runs: int) -> tuple[float, float]:
    """(median seconds, median of cmd/baseline pair by pair)."""
    wall(cmd), wall(baseline)
    times, ratios = [], []
    for _ in range(runs):
        a, b = wall(cmd), wall(baseline)
        times.append(a)
        ratios.append(a / b)
    return statistics.median(times), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    ph = str(BIN / "policyhub")
    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{Path(tmp) / 'r.sqlite'}"
        empty = Path(tmp) / "empty.jsonl"
        empty.write_text("", encoding="utf-8")
        subprocess.run([ph, "gec", "apply", str(empty), "--db", db], check=True, capture_output=True)
        energy = Path(tmp) / "energy.json"
        energy.write_text('{"电力": 310}', encoding="utf-8")
        cases = {
            "`policyhub --help`": [ph, "--help"],
            "`policyhub digital energy FILE`": [ph, "digital", "energy", str(energy)],
            "`policyhub firstset find 拉床`": [ph, "firstset", "find", "拉床"],
            "`policyhub gec state` (migrated SQLite)": [ph, "gec", "state", "--db", db],
            "eager imports (before)": [sys.executable, "-c", EAGER],
        }
        baseline = [sys.executable, "-c", "pass"]
        rows = [(name, *measure(cmd, baseline, args.runs)) for name, cmd in cases.items()]
    base = statistics.median(wall(baseline) for _ in range(args.runs))
    info = Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines()
    cpu = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("model name")), "?")
    lines = [
        f"CLI start-up, {time.strftime('%Y-%m-%d')}, {args.runs} runs each, alternating with the baseline",
        "",
        "| command | median wall | ratio to `python -c pass` |",
        "|---|---:|---:|",
        *(f"| {name} | {secs * 1000:.0f} ms | {ratio:.1f}× |" for name, secs, ratio in rows),
        f"| `python -c pass` (baseline) | {base * 1000:.0f} ms | 1.0× |",
        "",
        f"Machine: {cpu}, nproc={os.cpu_count()}, Python {platform.python_version()}.",
    ]
    text = "\n".join(lines)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
