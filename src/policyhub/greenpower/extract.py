"""Build data/seed.json from the seed: `python -m policyhub.greenpower.extract SEED OUT_DIR`.

What the accounts quote from the compilation: the product-carbon-footprint pilot products (d22, repeated by its
reading d23) and the articles of the certificate rules (d24) a report cites.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

from policyhub.library.model import Document
from policyhub.library.split import seed_documents

PILOTS, READING, RULES = "d22", "d23", "d24"
ARTICLES = ("第三条", "第十五条", "第二十三条", "第二十四条", "第二十八条")
_FOCUS = re.compile(r"优先聚焦.*?明显的(?P<items>[^。]*?)等产品。")
_LISTED = re.compile(r"试点对象包括：(?P<items>[^。]*)。")


def _unit(doc: Document, label: str) -> tuple[str, str]:
    for unit in doc.units:
        if unit.label == label:
            return unit.id, "".join(unit.lines)
    raise ValueError(f"{doc.id}: no unit {label}")


def pilot_products(docs: dict[str, Document]) -> dict[str, Any]:
    """d22.二.（一）'s list of pilot products; d23 must list the same ones."""
    cited, text = _unit(docs[PILOTS], "二、（一）")
    found = _FOCUS.search(text)
    _, reading = _unit(docs[READING], "二、")
    listed = _LISTED.search(reading)
    if found is None or listed is None:
        raise ValueError("the pilot products are not where d22.二.（一） and d23.二 print them")
    products = found.group("items").split("、")
    if products != listed.group("items").split("、"):
        raise ValueError(f"d22 and d23 list different pilot products: {products} / {listed.group('items')}")
    return {"document": docs[PILOTS].number, "title": docs[PILOTS].title, "citation": cited, "products": products}


def articles(docs: dict[str, Document]) -> dict[str, dict[str, str]]:
    """The certificate rules' articles a report cites, each with its citation id and text."""
    out = {}
    for label in ARTICLES:
        cited, text = _unit(docs[RULES], label)
        out[label] = {"citation": cited, "text": text.removeprefix(label).strip()}
    return out


def extract(seed_text: str) -> dict[str, Any]:
    """Everything data/seed.json holds."""
    docs = {d.id: d for d in seed_documents(seed_text)}
    return {"rules": {"document": docs[RULES].number, "articles": articles(docs)}, "pilots": pilot_products(docs)}


def build(seed: Path, out: Path) -> None:
    """Write OUT/seed.json."""
    data = extract(seed.read_text(encoding="utf-8"))
    out.mkdir(parents=True, exist_ok=True)
    (out / "seed.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m policyhub.greenpower.extract SEED OUT_DIR\n")
        return 2
    build(Path(args[0]), Path(args[1]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
