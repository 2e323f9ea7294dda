"""The counts table in docs/firstset.md is the catalog's own."""

from __future__ import annotations

import re
from pathlib import Path

from policyhub.firstset.catalog import load

DOC = Path(__file__).resolve().parents[2] / "docs" / "firstset.md"


def test_docs_counts_table_matches_the_catalog() -> None:
    text = DOC.read_text(encoding="utf-8")
    counts = load().counts()
    for label, key in (("machine-checked", "machine"), ("yes/no", "yes_no"), ("text only", "text")):
        m = re.search(rf"^\| {re.escape(label)}[^|]*\| (\d+) \| ([\d.]+)% \|", text, re.M)
        assert m, label
        assert int(m.group(1)) == counts[key]
        assert float(m.group(2)) == round(counts[key] / counts["total"] * 100, 1)
    assert f"**{counts['total']}**" in text
