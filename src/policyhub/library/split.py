"""Build the shipped library data from the seed: python -m policyhub.library.split SEED OUT_DIR."""

from __future__ import annotations

import json
import sys
from functools import cache
from pathlib import Path
from typing import Any

from policyhub.library.model import Document
from policyhub.library.splitter import split_compilation

META = Path(__file__).with_name("data") / "seed_meta.json"


@cache  # build steps split the seed several times (library, renewal, manage, scenarios): read it once
def _meta() -> dict[str, Any]:
    meta: dict[str, Any] = json.loads(META.read_text(encoding="utf-8"))
    return meta


def seed_documents(seed_text: str) -> list[Document]:
    """The seed's documents as the library ships them: split with the curated facts of seed_meta.json."""
    return split_compilation(seed_text, "d", _meta())


def build(seed: Path, out: Path) -> int:
    """Split the seed into documents.json under out; returns the number of documents."""
    docs = seed_documents(seed.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    payload = {"issue": _meta()["issue"], "source": seed.name, "documents": [d.to_dict() for d in docs]}
    (out / "documents.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(docs)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m policyhub.library.split SEED OUT_DIR\n")
        return 2
    n_docs = build(Path(args[0]), Path(args[1]))
    sys.stdout.write(f"{n_docs} documents -> {args[1]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
