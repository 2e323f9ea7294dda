"""Build the shipped library data from the seed: python -m policyhub.library.split SEED OUT_DIR."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from policyhub.library.renewal import extract_industries
from policyhub.library.splitter import split_compilation

META = Path(__file__).with_name("data") / "seed_meta.json"


def build(seed: Path, out: Path) -> tuple[int, int]:
    """Split the seed into documents.json and renewal.json under out; returns (documents, industries)."""
    meta: dict[str, Any] = json.loads(META.read_text(encoding="utf-8"))
    docs = split_compilation(seed.read_text(encoding="utf-8"), "d", meta)
    guide = next(d for d in docs if d.id == meta["renewal_guide"])
    industries = extract_industries(guide)
    out.mkdir(parents=True, exist_ok=True)
    payload = {"issue": meta["issue"], "source": seed.name, "documents": [d.to_dict() for d in docs]}
    _write(out / "documents.json", payload)
    _write(out / "renewal.json", {"document": guide.id, "number": guide.number, "industries": industries})
    return len(docs), len(industries)


def _write(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m policyhub.library.split SEED OUT_DIR\n")
        return 2
    n_docs, n_ind = build(Path(args[0]), Path(args[1]))
    sys.stdout.write(f"{n_docs} documents, {n_ind} renewal-guide industries -> {args[1]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
