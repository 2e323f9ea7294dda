"""Build data/scenarios.json from the seed: `python -m policyhub.scenarios.extract SEED OUT`."""

from __future__ import annotations

import re
from typing import Any

from policyhub.library import extractor
from policyhub.library.model import Document
from policyhub.library.split import seed_documents

TITLE = "智能制造典型场景参考指引"
_LINK = re.compile(r"^([一二三四五六七八九十]+)、\s*(.+)$")
_ITEM = re.compile(r"^(\d{1,2})\s*[.．]\s*(.+)$")


def guide_document(seed_text: str) -> Document:
    """The 指引's document (d03 in 总第7期), found by its title."""
    return next(d for d in seed_documents(seed_text) if TITLE in d.title)


def build(seed_text: str) -> dict[str, Any]:
    """The 15 links (一、工厂建设 …) and 40 scenarios (1. 工厂数字化设计与交付 …) with their full text."""
    doc = guide_document(seed_text)
    links: list[dict[str, Any]] = []
    scenarios: list[dict[str, Any]] = []
    for unit in doc.units:
        if unit.kind == "section" and (m := _LINK.match(unit.heading.strip())):
            links.append({"no": m.group(1), "link": m.group(2).strip(), "citation": unit.id})
        elif unit.kind == "item" and (m := _ITEM.match(unit.heading.strip())) and links:
            scenarios.append(
                {
                    "no": int(m.group(1)),
                    "link": links[-1]["link"],
                    "link_no": links[-1]["no"],
                    "title": m.group(2).strip(),
                    # the OCR breaks a paragraph at a page end ("…提\n\n高库存周转率"): lines join without a gap
                    "text": "".join(line.strip() for line in unit.lines[1:]),
                    "citation": unit.id,
                    "line": unit.line_start,
                }
            )
    return {"document": doc.id, "title": "智能制造典型场景参考指引（2024年版）", "number": doc.number,
            "links": links, "scenarios": scenarios}  # fmt: skip


def _summary(data: dict[str, Any]) -> str:
    return f"{len(data['scenarios'])} scenarios in {len(data['links'])} links"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: SEED OUT_DIR."""
    return extractor.main(argv, "policyhub.scenarios.extract", build, "scenarios.json", _summary)


if __name__ == "__main__":
    raise SystemExit(main())
