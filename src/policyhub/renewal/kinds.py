"""An asset's kind of equipment (data/kinds.json): from its 设备类别 column, else the head word of its name."""

from __future__ import annotations

import json
import re
from functools import cache
from importlib import resources
from typing import Any

UNKNOWN = ""  # no kind word found: only the triggers the guide scopes to every asset ("*") apply


@cache
def table() -> dict[str, dict[str, Any]]:
    """kind -> {label, words}."""
    text = resources.files("policyhub.renewal").joinpath("data", "kinds.json").read_text(encoding="utf-8")
    kinds: dict[str, dict[str, Any]] = json.loads(text)["kinds"]
    return kinds


def label(kind: str) -> str:
    """The kind's Chinese-first name ("炉窑 furnace"), or 未能识别的设备 for an unknown kind."""
    return str(table()[kind]["label"]) if kind in table() else "未能识别类别的设备 equipment of no known kind"


def _clean(text: str) -> str:
    """Drop bracketed notes, numbers and unit tags: "1#高炉（2580m³）" -> "高炉"."""
    text = re.sub(r"[（(【\[][^）)】\]]*[）)】\]]", "", text)
    return re.sub(r"[\d#＃.№\s\-_/]+", "", text)


def head_kind(text: str) -> str:
    """The kind whose word ends last in text (a longer word first at the same end); UNKNOWN if none."""
    s = _clean(text)
    best: tuple[int, int, str] = (-1, 0, UNKNOWN)
    for kind, entry in table().items():
        for word in entry["words"]:
            end = s.rfind(word)
            if end >= 0 and (end + len(word), len(word)) > best[:2]:
                best = (end + len(word), len(word), kind)
    return best[2]


def classify(name: str, kind_cell: str = "") -> str:
    """The asset's kind: its 设备类别 cell (a key such as furnace, a label or a kind word) decides, else its name."""
    cell = kind_cell.strip()
    if cell:
        if cell.lower() in table():
            return cell.lower()
        for kind, entry in table().items():
            if cell in (entry["label"], *entry["label"].split(" ", 1)):
                return kind
        found = head_kind(cell)
        if found:
            return found
    return head_kind(name)
