"""Build data/industries.json and data/rules.json from the seed: `python -m policyhub.renewal.extract SEED OUT`."""

from __future__ import annotations

import json
import re
import sys
from importlib import resources
from pathlib import Path
from typing import Any

from policyhub.library.model import Document
from policyhub.library.split import seed_documents
from policyhub.renewal.goals_extract import extract_goals
from policyhub.renewal.guide import extract_industries, standards_in

GUIDE = "d02"
# 民法典 第一千二百五十九条 reads 以上/以下 as including the number and 超过 as excluding it; the guide follows it.
_AGE = re.compile(
    r"(?P<subj>主体设备)?(?P<life>达到设计使用年限或)?(?P<what>实际投产运行|在役时间|使用年限)超过\s*(?P<n>\d+)\s*年"
    r"(?P<obj>[^，。；]*?)(?=为重点|更新换代|，|。|；)"
)
_LIFE_END = re.compile(r"一代炉龄服役到期的(?P<obj>老旧设备)")
_CAP = re.compile(r"(?P<name>[\u4e00-\u9fff]+)（(?P<op>[<>≤≥＜])\s*(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[A-Za-z]+)）")
_BELOW = re.compile(r"淘汰(?P<n>\d+)\s*(?P<unit>kA|A|kVA|MVA)以下(?P<name>[\u4e00-\u9fff]+)")
_LOW_LIST = re.compile(r"更新(?P<items>[^。；]*?)等低效设备")
_OUT_LIST = re.compile(r"淘汰(?P<items>[^。；]*?)等淘汰类装备")
_LIMIT_LIST = re.compile(r"加快(?P<items>[^。；]*?)等限制类装备")
_LEVEL = re.compile(r"能效基准水平以下产能全部退出")
_OLD_LIST = re.compile(r"老旧设备淘汰改造。主要有(?P<items>[^。]*)。")
_STD_BY_CLASS = re.compile(r"(?P<name>电动机|变压器|工业锅炉)依据(?P<stds>(?:《[^》]+》)+)")
_UNIT_SYMBOL = {"KVA": "kVA", "MVA": "MVA", "KA": "kA"}  # d02.一.（三）.1 prints "25000KVA"; the symbol is kVA
_ENERGY_BENCHMARK = "工业重点领域能效标杆水平和基准水平（2023年版）"
_RESTRICTED_LIST = "产业结构调整指导目录（2024年本）"
_HIGH_USE_LIST = "高耗能落后机电设备（产品）淘汰目录"


def _items(text: str) -> list[str]:
    """A printed list split on 、 outside brackets: "固定床煤气化炉、小电石炉（<25000KVA）" -> two names."""
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "（(《"
        depth -= ch in "）)》"
        if ch == "、" and depth == 0:
            out.append(cur)
            cur = ""
        else:
            cur += ch
    return [p.strip() for p in [*out, cur] if p.strip()]


def _names(obj: str) -> tuple[str, list[str]]:
    """(qualifier, names) of a printed object: "故障率高、维修成本高的大型自动焊接设备" -> qualifier, [name]."""
    qual, _, name = obj.rpartition("的")
    name = name.strip()
    # 民爆 "工业炸药、雷管及混装地面站等设备" names one group of equipment: kept whole, not split on 、
    return qual.strip(), [name]


def _trigger(ind: dict[str, Any], kind: str, text: str, citation: str, **fields: Any) -> dict[str, Any]:
    return {
        "sector": ind["key"],
        "applies": "all" if ind["group"] == "重点领域" else "sector",
        "kind": kind,
        "text": text,
        "citation": citation,
        **fields,
    }


def _list_triggers(ind: dict[str, Any], text: str, cit: str, standards: dict[str, dict[str, Any]]) -> list[Any]:
    out: list[dict[str, Any]] = []
    for m in _LOW_LIST.finditer(text):  # d02.一.（三）.1 更新…等低效设备
        for item in _items(m.group("items")):
            if _CAP.fullmatch(item):
                continue  # a printed bound: read by _CAP
            if item.startswith("低效"):
                std = standards["电动机"] if "电机" in item else None
                out.append(_trigger(ind, "grade", item, cit, names=[item], standard=std, qualifier="低效"))
            else:
                out.append(_trigger(ind, "named", item, cit, names=[item], qualifier="低效设备"))
    for m in _OUT_LIST.finditer(text):  # d02.二.（三）.4 淘汰…等淘汰类装备
        for item in _items(m.group("items")):
            out.append(_trigger(ind, "named", item, cit, names=[item], qualifier="淘汰类装备"))
    for m in _LIMIT_LIST.finditer(text):  # d02.二.（三）.4 …等限制类装备: the 目录 decides which are 限制类
        names = _items(m.group("items"))
        std = {"code": None, "title": _RESTRICTED_LIST}
        out.append(_trigger(ind, "listed", m.group(0), cit, names=names, standard=std, qualifier="限制类装备"))
    for m in _OLD_LIST.finditer(text):  # d02.十四.（三）.1 老旧设备淘汰改造。主要有…
        for item in (p.strip() for p in re.split(r"[，,]", m.group("items"))):
            if _AGE.search(item + "，"):
                continue  # read by _AGE
            if item.startswith("国家列入高耗能的"):
                std = {"code": None, "title": _HIGH_USE_LIST}
                name = item.removeprefix("国家列入高耗能的")
                out.append(_trigger(ind, "listed", item, cit, names=[name], standard=std, qualifier="高耗能"))
                continue
            if item.endswith("等进口设备"):
                qual, names = "进口设备", _items(item.removesuffix("等进口设备"))
            elif item.startswith("不满足工艺技术要求"):
                qual, names = "不满足工艺技术要求", [item.removeprefix("不满足工艺技术要求")]
            else:
                qual, _, rest = item.rpartition("的")
                names = [rest] if re.search(r"类(设备|装备)$", rest) else _items(rest)
            out.append(_trigger(ind, "condition", item, cit, names=names, qualifier=qual.removeprefix("部分")))
    return out


def _sector_triggers(ind: dict[str, Any], standards: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    texts = [(ind["goal"], ind["goal_citation"]), (ind["basis"], ind["basis_citation"])]
    texts += [(d["text"], d["citation"]) for d in ind["directions"]]
    out: list[dict[str, Any]] = []
    for text, cit in texts:
        for m in _AGE.finditer(text):
            qual, names = _names(m.group("obj"))
            out.append(
                _trigger(
                    ind,
                    "age",
                    m.group(0).strip(),
                    cit,
                    names=names,
                    years=int(m.group("n")),
                    design_life=bool(m.group("life")),
                    qualifier=qual or None,
                )
            )
        for m in _LIFE_END.finditer(text):
            out.append(_trigger(ind, "age", m.group(0), cit, names=[m.group("obj")], years=None, design_life=True))
        for m in _CAP.finditer(text):
            op = "<" if m.group("op") in "<＜" else m.group("op")
            out.append(
                _trigger(
                    ind,
                    "capacity",
                    m.group(0),
                    cit,
                    names=[m.group("name")],
                    op=op,
                    value=float(m.group("n")),
                    unit=_UNIT_SYMBOL.get(m.group("unit"), m.group("unit")),
                )
            )
        for m in _BELOW.finditer(text):
            out.append(
                _trigger(
                    ind,
                    "current" if m.group("unit").endswith("A") and "V" not in m.group("unit") else "capacity",
                    m.group(0),
                    cit,
                    names=[m.group("name")],
                    op="≤",
                    value=float(m.group("n")),
                    unit=m.group("unit"),
                )
            )
        for m in _LEVEL.finditer(text):
            std = {"code": None, "title": _ENERGY_BENCHMARK}
            out.append(_trigger(ind, "level", m.group(0), cit, names=["*"], standard=std, below="基准水平"))
        out.extend(_list_triggers(ind, text, cit, standards))
        if ind["group"] == "重点领域":
            for m in _STD_BY_CLASS.finditer(text):  # d02.重点领域.三.（二） 电动机依据《GB18613—2020 …》
                stds = standards_in(m.group("stds"))
                out.append(
                    _trigger(
                        ind,
                        "grade",
                        m.group(0),
                        cit,
                        names=[m.group("name")],
                        standard=stds[0],
                        standards=stds,
                        qualifier="能效等级",
                    )
                )
    return out


def _class_standards(industries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The standard the guide names for each energy-using class (d02.重点领域.三.（二）)."""
    found: dict[str, dict[str, Any]] = {}
    for ind in industries:
        for m in _STD_BY_CLASS.finditer(ind["basis"]):
            found[m.group("name")] = standards_in(m.group("stds"))[0]
    return found


def _matches(names: list[str]) -> list[str]:
    """The words an asset name must contain for any of these printed names (data/classes.json trigger_names)."""
    table = _classes()["trigger_names"]
    out: list[str] = []
    for name in names:
        if name == "*":
            return ["*"]
        if name not in table:
            raise KeyError(f"no entry for the printed name {name!r} in data/classes.json trigger_names")
        out.extend(m for m in table[name]["match"] if m not in out)
    return out


def _kinds(names: list[str]) -> list[str]:
    """The kinds of equipment (data/kinds.json) the printed names scope the trigger to; "*" for every asset."""
    table = _classes()["trigger_names"]
    out: list[str] = []
    for name in names:
        kinds = ["*"] if name == "*" else table[name]["kinds"]
        out.extend(k for k in kinds if k not in out)
    return ["*"] if "*" in out else out


def _classes() -> dict[str, Any]:
    text = resources.files("policyhub.renewal").joinpath("data/classes.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def extract_rules(doc: Document) -> dict[str, Any]:
    """Every trigger and every 2027 goal of the guide, each with the guide's words and its citation."""
    industries = extract_industries(doc)
    standards = _class_standards(industries)
    triggers: list[dict[str, Any]] = []
    for ind in industries:
        found = _sector_triggers(ind, standards)
        for n, trig in enumerate(found, 1):
            match, kinds = _matches(trig["names"]), _kinds(trig["names"])
            triggers.append({"id": f"{ind['key']}-{n}", **trig, "match": match, "kinds": kinds})
    goals = [g for ind in industries for g in extract_goals(ind)]
    return {"document": doc.id, "number": doc.number, "triggers": triggers, "goals": goals}


def guide_document(seed_text: str) -> Document:
    """The guide (d02) as the library splits it out of the seed."""
    return next(d for d in seed_documents(seed_text) if d.id == GUIDE)


def build(seed: Path, out: Path) -> tuple[int, int]:
    """Write industries.json and rules.json under out; returns (triggers, goals)."""
    doc = guide_document(seed.read_text(encoding="utf-8"))
    rules = extract_rules(doc)
    out.mkdir(parents=True, exist_ok=True)
    industries = {"document": doc.id, "number": doc.number, "industries": extract_industries(doc)}
    for name, data in (("industries.json", industries), ("rules.json", rules)):
        (out / name).write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return len(rules["triggers"]), len(rules["goals"])


def main(argv: list[str] | None = None) -> int:
    """Command-line entry."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        sys.stderr.write("usage: python -m policyhub.renewal.extract SEED OUT_DIR\n")
        return 2
    n_trig, n_goals = build(Path(args[0]), Path(args[1]))
    sys.stdout.write(f"{n_trig} triggers, {n_goals} goals -> {args[1]}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
