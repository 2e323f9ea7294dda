"""The command-line entry every seed-to-data extractor of a guide shares: `python -m MODULE SEED OUT_DIR`."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def main(
    argv: Sequence[str] | None,
    module: str,
    build: Callable[[str], dict[str, Any]],
    file: str,
    summary: Callable[[dict[str, Any]], str],
) -> int:
    """Build `file` in OUT_DIR from the seed's text; say what it holds (exit 2 with the usage on wrong arguments)."""
    args = sys.argv[1:] if argv is None else list(argv)
    if len(args) != 2:
        sys.stderr.write(f"usage: python -m {module} SEED OUT_DIR\n")
        return 2
    data = build(Path(args[0]).read_text(encoding="utf-8"))
    out = Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    (out / file).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"{summary(data)} -> {out / file}\n")
    return 0
