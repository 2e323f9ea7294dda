"""Reading the renewal guide (工信厅规〔2024〕33号) per industry: goal, policy and standard basis, key directions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from policyhub.errors import NotFound
from policyhub.library.model import Document, Unit

# A standard number as printed: GB/T 5226.1—2019, JB/T8801—2017, SY/T6680—2021, CCAR-25, IPC-A-610E, J-STD-001 …
_PREFIX = r"(?:GB/T|GB/Z|GJB|GB|JB/T|YB/T|HG/T|SY/T|SJ/T|YY/T|YD/T|QB/T|FZ/T|JC/T|DL/T|NB/T|WJ|YY|JB|SJ|QB)"
_CODE = re.compile(
    _PREFIX + r"\s*(?:及配套并列标准\s*[,，]\s*)?\d+(?:\.\d+)*[A-Z]?(?:\s*[—–-]\s*\d{4})?"
    r"|CCAR-\d+(?:-R\d+)?|IPC-(?:A-)?\d+[A-Z]?|J-STD-\d+[A-Z]?|IEC\s?\d+(?:-\d+)*|ITSS"
)
_BOOK = re.compile(r"《([^《》]+)》")
Ind = TypeVar("Ind", bound=Mapping[str, Any])  # an industry as extracted, or as shipped (data.Industry)
_OCR_SWAP = re.compile(r"\s*及配套并列标准\s*[,，]\s*")  # seed line 1047: the OCR moved this phrase into the number


def _body(unit: Unit, keep_heading: bool = False) -> str:
    """The unit's text (its heading line dropped, or kept without its number), lines joined as broken by the OCR."""
    first = re.sub(r"^\d{1,2}\s*[.．]\s*", "", unit.lines[0]) if keep_heading else ""
    rest = [first.strip(), *(line.strip() for line in unit.lines[1:])]
    return "".join(part for part in rest if part)


def standards_in(text: str) -> list[dict[str, str | None]]:
    """Every standard number in the text, in order, once each, with its title where printed inside 《》."""
    titled: dict[str, str] = {}
    for book in _BOOK.findall(text):
        m = _CODE.match(book.strip())
        if m:
            titled.setdefault(_code(m.group(0)), book.strip()[m.end() :].strip() or "")
    found: list[dict[str, str | None]] = []
    seen: set[str] = set()
    for m in _CODE.finditer(text):
        code = _code(m.group(0))
        if code not in seen:
            seen.add(code)
            found.append({"code": code, "title": titled.get(code) or None})
    return found


def _code(raw: str) -> str:
    """Canonical form of a standard number: no OCR spaces, the printed em dash kept."""
    raw = _OCR_SWAP.sub("", raw)
    return re.sub(r"\s+", "", raw.replace("–", "—").replace("-", "-"))


def policies_in(text: str) -> list[str]:
    """Titles in 《》 that are not standard numbers: the policy documents the basis names."""
    out: list[str] = []
    for book in _BOOK.findall(text):
        if not _CODE.match(book.strip()) and book not in out:
            out.append(book)
    return out


def _direction(unit: Unit) -> dict[str, Any]:
    text = _body(unit, keep_heading=True)
    head, _, _ = text.partition("。")
    no = re.match(r"^(\d+)", unit.lines[0])
    return {"no": int(no.group(1)) if no else None, "title": head, "text": text, "citation": unit.id}


def extract_industries(doc: Document) -> list[dict[str, Any]]:
    """One record per industry / field of the guide: each 一、 section with its （一）（二）（三） subsections."""
    children: dict[str | None, list[Unit]] = {}
    for unit in doc.units:
        children.setdefault(unit.parent, []).append(unit)
    industries: list[dict[str, Any]] = []
    for unit in doc.units:
        if unit.kind != "section":
            continue
        subs = children.get(unit.id, [])
        goal = next((u for u in subs if "目标" in u.heading), None)
        basis = next((u for u in subs if "依据" in u.heading), None)
        focus = next((u for u in subs if "方向" in u.heading), None)
        if not (goal and basis and focus):
            continue
        name = re.sub(r"^[一二三四五六七八九十]+、\s*", "", unit.heading).strip()
        basis_text = _body(basis)
        industries.append(
            {
                "no": len(industries) + 1,
                "name": name,
                "key": re.sub(r"(行业|领域)$", "", name),
                "group": "重点领域" if ".重点领域." in unit.id else "重点行业",
                "citation": unit.id,
                "goal": _body(goal),
                "goal_citation": goal.id,
                "basis": basis_text,
                "basis_citation": basis.id,
                "policies": policies_in(basis_text),
                "standards": standards_in(basis_text),
                "directions": [_direction(u) for u in children.get(focus.id, [])],
            }
        )
    return industries


def find_industry(industries: Sequence[Ind], query: str) -> Ind:
    """The industry named by its name, short key, number, or a unique part of its name."""
    q = query.strip().removesuffix("行业").removesuffix("领域")
    for ind in industries:
        if q in (ind["name"], ind["key"], str(ind["no"])):
            return ind
    partial = [ind for ind in industries if q and (q in ind["name"] or ind["key"] in q)]
    if len(partial) == 1:
        return partial[0]
    names = "、".join(ind["name"] for ind in (partial or industries))
    if partial:
        raise NotFound(f"{query!r} 对应多个行业 matches several industries: {names}", "ambiguous_industry")
    raise NotFound(
        f"设备更新指南中没有行业 {query!r} no industry {query!r} in the renewal guide; 行业 industries: {names}",
        "unknown_industry",
    )
