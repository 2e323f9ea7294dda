"""Build data/guide.json from the seed: `python -m policyhub.manage.extract SEED OUT`."""

from __future__ import annotations

import re
from typing import Any

from policyhub.library import extractor
from policyhub.library.model import Document
from policyhub.library.split import seed_documents

TITLE = "工业中小企业管理提升指南"
AREAS = "二三四五六七八九十"  # 二、…十、 are the capability areas; 一、总体要求 and 十一、加强组织保障 are not
_MARK = re.compile(r"^\s*[（(]\s*([一二三四五六七八九十]+)\s*[）)]\s*")
_AREA = re.compile(r"^([一二三四五六七八九十]+)、\s*")
# The OCR printed "六、提升供应链管理能力和" (seed line 2239): every other area reads "提升…能力" and the section
# holds only 供应商 and 库存和物流, so the trailing 和 is taken as an OCR slip; the printed form is kept as `printed`.
TITLE_REPAIRS = {"提升供应链管理能力和": "提升供应链管理能力"}


def guide_document(seed_text: str) -> Document:
    """The guide's document (d13 in 总第7期), found by its title."""
    return next(d for d in seed_documents(seed_text) if TITLE in d.title)


def build(seed_text: str) -> dict[str, Any]:
    """The nine areas 二…十, each with its numbered practices （一）… in the guide's words and citations."""
    doc = guide_document(seed_text)
    areas: list[dict[str, Any]] = []
    for unit in doc.units:
        m = _AREA.match(unit.heading)
        if unit.kind != "section" or not m or m.group(1) not in AREAS:
            continue
        printed = _AREA.sub("", unit.heading).strip()
        practices = []
        for sub in (u for u in doc.units if u.parent == unit.id):
            body = "".join(line.strip() for line in sub.lines)
            mark = _MARK.match(body)
            if not mark:
                continue
            text = body[mark.end() :]
            practices.append(
                {
                    "id": f"{m.group(1)}.（{mark.group(1)}）",
                    "title": text.split("。", 1)[0],
                    "text": text,
                    "citation": sub.id,
                    "line": sub.line_start,
                }
            )
        area = {"no": m.group(1), "title": TITLE_REPAIRS.get(printed, printed), "citation": unit.id,
                "line": unit.line_start, "practices": practices}  # fmt: skip
        if printed in TITLE_REPAIRS:
            area["printed"] = printed
        areas.append(area)
    return {"document": doc.id, "title": "工业中小企业管理提升指南（试行）", "number": doc.number, "areas": areas}


def _summary(data: dict[str, Any]) -> str:
    return f"{len(data['areas'])} areas, {sum(len(a['practices']) for a in data['areas'])} practices"


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: SEED OUT_DIR."""
    return extractor.main(argv, "policyhub.manage.extract", build, "guide.json", _summary)


if __name__ == "__main__":
    raise SystemExit(main())
