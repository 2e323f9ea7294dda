"""Build data/catalog.json from the seed OCR and data/repairs.json: `python -m policyhub.firstset.extract SEED OUT`."""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from dataclasses import field as dc_field
from pathlib import Path
from typing import Any

from policyhub.firstset.textnorm import clean

DATA = Path(__file__).with_name("data")
START = "《首台（套）重大技术装备推广应用指导目录（2024年版）》"
END = "工信部办公厅关于印发工业重点行业领域设备更新和技术改造指南的通知"
ENTRY_RE = re.compile(r"^\d+\.\d+\.\d+$")
SUB_RE = re.compile(r"^(\d+\.\d+\.\d+\.\d+)\s*(.*)$")
SUBFIELD_RE = re.compile(r"^(\d+\.\d+)\s+(\S.*)$")
FIELD_RE = re.compile(r"^(\d{1,2})\.\s*([^\d\s.].*)$")
OPEN, CLOSE = "(（[", ")）]"
# Where an indicator's name ends and its requirement begins.
NAME_END_RE = re.compile(r"≤|≥|<|>|=|±|：|:|等于或优于|优于|不低于|不小于|可达|达到")
# A piece that only continues the previous indicator (a dependent rule: 1.1.1 "行程每增加1000mm精度增加4μm").
CONTINUATION_RE = re.compile(r"^\S*每增加")


@dataclass
class Row:
    """One table row after repairs: its seed line, raw cell text and (optional) tier label."""

    line: int
    raw: str
    label: str | None = None


@dataclass
class Node:
    """An entry or sub-entry while the table is read."""

    code: str
    name: str
    field: str
    subfield: str
    parent: str | None
    line: int
    rows: list[Row] = dc_field(default_factory=list)
    shared: list[Row] = dc_field(default_factory=list)
    subs: list[str] = dc_field(default_factory=list)


def split_top(text: str, seps: str) -> list[str]:
    """Split on separators that are not inside brackets."""
    parts, depth, cur = [], 0, ""
    for ch in text:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def _top_level(piece: str) -> str:
    """The piece with bracketed text blanked out, so that searches skip it."""
    out, depth = [], 0
    for ch in piece:
        depth += ch in OPEN
        out.append(ch if depth == 0 else " ")
        depth = max(0, depth - (ch in CLOSE))
    return "".join(out)


def _name_of(piece: str) -> tuple[str, str]:
    """(name, rest) of a piece; a piece with no operator is a statement named by its whole text."""
    bare_value = re.match(r"\d", piece) and not re.search(r"[\u4e00-\u9fff]", _top_level(piece))
    if re.match(r"[≤≥<>=±]", piece) or bare_value:  # "≥4000t/h（卸煤）", "6542kJ/kWh+7%（甲醇模式）": a name repeated
        return "", piece
    m = NAME_END_RE.search(_top_level(piece))
    if not m or (m.start() == 0 and not re.match(r"[≤≥<>=±]", piece)):
        return piece, ""
    return piece[: m.start()].strip(" ：:"), piece[m.start() :]


def _prefix(piece: str) -> tuple[str, str] | None:
    """A group prefix "动态重复性：宽度≤0.1nm" -> ("动态重复性", "宽度≤0.1nm")."""
    m = re.match(r"^([^≤≥<>=±~：:]{1,12})[：:](.+)$", piece)
    if not m:
        return None
    rest = m.group(2)
    name, tail = _name_of(rest)
    if not tail or not name or re.match(r"^[\d±~+\-.]", rest):
        return None
    return m.group(1), rest


def _condition(tail: str) -> str | None:
    m = re.search(r"[(（]([^()（）]*)[)）]$", tail) or re.search(r"@(.+)$", tail)
    return m.group(1) if m else None


def indicators(text: str) -> list[dict[str, str]]:
    """Split a tier's printed text into named indicators (docs/firstset.md, "Reading indicators")."""
    out: list[dict[str, str]] = []
    for segment in split_top(text, "；;"):
        pieces = split_top(segment, "，,")
        prefix = _prefix(pieces[0]) if pieces else None
        for piece in pieces:
            if out and (CONTINUATION_RE.match(piece) or not re.search(r"[\u4e00-\u9fff≤≥<>]", piece)):
                # "DN200mm，DN250mm": a bare value continues the previous indicator's value list
                out[-1]["text"] += "，" + piece
                out[-1]["value"] += "，" + piece if out[-1]["value"] else ""
                continue
            name, tail = _name_of(piece)
            if prefix and piece.startswith(prefix[0]):
                name, tail = _name_of(prefix[1])
            if prefix:
                name = f"{prefix[0]}：{name}" if name else name
            if not name and out and re.match(r"[≤≥<>±\d]", piece):  # "≥4000t/h（卸煤）": the previous name again
                prev = out[-1]
                base = prev.get("base", prev["name"])
                prev_cond = _condition(_name_of(prev["text"])[1])
                if prev_cond and "base" not in prev:
                    prev["base"] = base
                    prev["name"] = f"{base}（{prev_cond}）"
                cond = _condition(tail) or str(sum(1 for o in out if o.get("base", o["name"]) == base) + 1)
                out.append({"name": f"{base}（{cond}）", "text": piece, "value": tail, "base": base})
                continue
            out.append({"name": name, "text": piece, "value": tail})
    for item in out:
        item.pop("base", None)
    return out


def tier_json(code: str, row: Row, doc: dict[str, Any]) -> dict[str, Any]:
    """A tier: its printed text, raw OCR, seed line and indicators (names judged in repairs.json applied)."""
    text, label = clean(row.raw), row.label
    for candidate in doc.get("tier_labels", []):
        if re.match(rf"^{re.escape(candidate)}[：:]", text):
            label, text = candidate, text[len(candidate) + 1 :]
    items = indicators(text)
    for override in doc.get("names", []):
        for item in items:
            if override["code"] == code and item["text"] == override["text"]:
                item["name"] = override["name"]
    for item in items:
        for judged in doc.get("text_only", []):
            if judged["code"] == code and item["name"] == judged["name"]:
                item["text_only"] = judged["why"]
    return {"label": label, "line": row.line, "raw": row.raw, "text": text, "indicators": items}


def check_names(entries: list[dict[str, Any]]) -> None:
    """Every indicator name is unique within a tier and the parent's shared indicators (a check needs that)."""
    by_code = {e["code"]: e for e in entries}
    for e in entries:
        parent = by_code.get(e["parent"] or "")
        shared = (parent or {}).get("shared") or e.get("shared") or {"indicators": []}
        for tier in e["tiers"] or [shared]:
            names = [i["name"] for i in tier["indicators"]]
            names += [i["name"] for i in shared["indicators"] if tier is not shared]
            dup = {n for n in names if names.count(n) > 1}
            if dup:
                raise SystemExit(f"{e['code']}: indicator names repeated in one tier: {sorted(dup)}")


def apply_repairs(lines: list[str], repairs: list[dict[str, Any]]) -> list[tuple[int, str]]:
    """Apply each judged repair to its seed line; a repair whose original is missing is an error."""
    fixed = dict(enumerate(lines, start=1))
    for rep in repairs:
        line, original = rep["line"], rep["original"]
        if original not in fixed[line]:
            raise SystemExit(f"repair for line {line} does not match: {original!r}")
        fixed[line] = fixed[line].replace(original, rep["repaired"], 1)
    return [(n, part) for n, text in fixed.items() for part in text.split("\n")]


def read_table(rows: list[tuple[int, str]]) -> tuple[list[dict[str, Any]], dict[str, Node]]:
    """Read fields, sub-fields, entries and sub-entries from the catalog's table rows."""
    fields: list[dict[str, Any]] = []
    nodes: dict[str, Node] = {}
    entry: Node | None = None
    sub: Node | None = None
    for line, text in rows:
        if not text.strip() or text.startswith("编号"):
            continue
        cells = [c.strip() for c in text.split("\t") if c.strip()]
        m = FIELD_RE.match(text.strip())
        if "\t" not in text.strip() and m and not SUBFIELD_RE.match(text.strip()):
            fields.append({"code": m.group(1), "name": m.group(2), "line": line, "subfields": []})
            continue
        m = SUBFIELD_RE.match(cells[0])
        if len(cells) == 1 and m and not SUB_RE.match(cells[0]):
            fields[-1]["subfields"].append({"code": m.group(1), "name": m.group(2), "line": line})
            entry = sub = None
            continue
        code = sub_code = sub_name = None
        rest: list[str] = []
        for cell in cells:
            if ENTRY_RE.match(cell):
                code = cell
            elif sm := SUB_RE.match(cell):
                sub_code, sub_name = sm.group(1), sm.group(2)
            else:
                rest.append(cell)
        if code:
            if code in nodes:  # the entry's code repeated after a page break
                entry, sub = nodes[code], None
                if rest and rest[0] == entry.name:
                    rest = rest[1:]
            else:
                sf = fields[-1]["subfields"][-1]
                entry = Node(code, rest.pop(0), fields[-1]["code"], sf["code"], None, line)
                nodes[code] = entry
                sub = None
        if entry is None:
            raise SystemExit(f"line {line}: row outside an entry: {text!r}")
        if sub_code:
            if not sub_code.startswith(entry.code + ".") or sub_code in nodes:
                raise SystemExit(f"line {line}: sub-entry {sub_code} misplaced or repeated")
            sub = Node(sub_code, sub_name or "", entry.field, entry.subfield, entry.code, line)
            nodes[sub_code] = sub
            entry.subs.append(sub_code)
        if not rest:
            continue
        label = rest.pop(0) if len(rest) == 2 else None
        row = Row(line, rest[0], label)
        if sub_code or code:
            (sub if sub_code else entry).rows.append(row)  # type: ignore[union-attr]
        elif sub is not None and sub.rows:
            sub.rows.append(row)
        elif sub is not None:  # a merged cell under sub-entries that print no indicator of their own
            entry.shared.append(row)
        else:
            entry.rows.append(row)
    for node in nodes.values():  # indicators printed on the entry row, above sub-entries that print none
        if node.subs and node.rows and not any(nodes[s].rows for s in node.subs):
            node.shared, node.rows = node.rows + node.shared, []
    return fields, nodes


def build(seed_text: str, repairs_doc: dict[str, Any]) -> dict[str, Any]:
    """The catalog JSON built from the seed text and the repairs document."""
    lines = seed_text.split("\n")
    start = next(i for i, t in enumerate(lines) if t.strip() == START) + 1
    end = next(i for i, t in enumerate(lines) if t.strip() == END and i > start)
    rows = [(n, t) for n, t in apply_repairs(lines, repairs_doc["repairs"]) if start < n <= end]
    fields, nodes = read_table(rows)
    entries = []
    for node in nodes.values():
        shared = [tier_json(node.code, r, repairs_doc) for r in node.shared]
        if len(shared) > 1:
            raise SystemExit(f"{node.code}: more than one shared row")
        entries.append(
            {
                "code": node.code,
                "name": clean(node.name),
                "field": node.field,
                "subfield": node.subfield,
                "parent": node.parent,
                "line": node.line,
                "subentries": node.subs,
                "tiers": [tier_json(node.code, r, repairs_doc) for r in node.rows],
                "shared": shared[0] if shared else None,
            }
        )
    check_names(entries)
    head = [t.strip() for t in lines[max(0, start - 20) : start]]
    return {
        "title": START.strip("《》"),
        "document": next(t for t in head if re.fullmatch(r"工信部\S+函〔\d{4}〕\d+号", t)),
        "issued": next(t for t in head if re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", t)),
        "fields": fields,
        "entries": entries,
    }


def main(argv: list[str]) -> int:
    """Entry point: SEED OUT [REPAIRS]."""
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: python -m policyhub.firstset.extract SEED OUT [REPAIRS]\n")
        return 2
    repairs_path = Path(argv[2]) if len(argv) == 3 else DATA / "repairs.json"
    catalog = build(Path(argv[0]).read_text(encoding="utf-8"), json.loads(repairs_path.read_text(encoding="utf-8")))
    Path(argv[1]).write_text(json.dumps(catalog, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    n_sub = sum(1 for e in catalog["entries"] if e["parent"])
    sys.stdout.write(f"{len(catalog['entries']) - n_sub} entries, {n_sub} sub-entries -> {argv[1]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
