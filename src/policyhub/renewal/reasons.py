"""Why each asset has its status: the triggers that fired, stayed open or cleared, or that none names its kind."""

from __future__ import annotations

from policyhub.renewal import data, kinds
from policyhub.renewal.answers import Reason, TriggerHit
from policyhub.tristate import Scope

NO_TRIGGER = "指南未就此类设备规定更新触发条件 the guide names no trigger for this kind of equipment"


def _item(t: TriggerHit, result: str, head: str) -> Reason:
    text = f"{head}「{t['text']}」：{t['figure']}"
    if result == "clear" and t["threshold"] and t["threshold"] not in t["figure"]:
        text += f"（条件 condition: {t['threshold']}）"
    return {"text": text, "citation": t["citation"], "trigger": t["id"], "result": result}


def _scope(t: data.Trigger) -> str:
    names = "每台设备 every asset" if "*" in t["kinds"] else "、".join(kinds.label(k) for k in t["kinds"])
    return f"「{t['text']}」→ {names}"


def _industry(key: str) -> data.Industry | None:
    return next((i for i in data.industries()["industries"] if i["key"] == key), None)


def no_trigger(triggers: list[data.Trigger], kind: str, sector: str) -> Reason:
    """The reason for an asset no trigger applies to, quoting what the guide's triggers do scope."""
    key = sector or next((t["sector"] for t in triggers if t["applies"] == "sector"), "")
    ind = _industry(key)
    own = [t for t in triggers if t["sector"] == key]
    shared = [t for t in triggers if t["sector"] != key]
    parts = [f"{NO_TRIGGER}（{kinds.label(kind)}）"]
    citations: list[str] = []
    if ind is not None and not own:
        parts.append(f"{ind['name']}（{ind['citation']}）未列出按役龄、容量、能效或目录判定的更新条件，"
                     "只列出鼓励更新的方向 prints no trigger by age, capacity, grade or list, "
                     "only directions of renewal")  # fmt: skip
        citations.append(ind["citation"])
    if own:
        parts.append("本行业的触发条件只针对 the sector's triggers scope: " + "；".join(_scope(t) for t in own))
        citations.extend(t["citation"] for t in own if t["citation"] not in citations)
    if shared:
        parts.append("跨行业的触发条件 the cross-sector triggers scope: " + "；".join(_scope(t) for t in shared))
        citations.extend(t["citation"] for t in shared if t["citation"] not in citations)
    return {"text": "。".join(parts), "citation": "；".join(citations), "trigger": None, "result": "no_trigger"}


def asset_reasons(in_scope: Scope, fired: list[TriggerHit], open_: list[TriggerHit], clear: list[TriggerHit],
                  triggers: list[data.Trigger], kind: str, sector: str) -> list[Reason]:  # fmt: skip
    """In scope: the triggers that fired; undetermined: those open, then those cleared; not: each cleared, or none."""
    if in_scope is True:
        return [_item(t, "fired", "触发 fired ") for t in fired]
    out = [_item(t, "open", "待定 open ") for t in open_]
    out += [_item(t, "clear", "未触发 did not fire ") for t in clear]
    return out or [no_trigger(triggers, kind, sector)]
