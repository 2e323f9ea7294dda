"""Load the rule sets shipped as JSON package data (the only I/O the checkers need)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

RULE_SETS = ("negative_list_2024", "rd_limits_2024", "stamp_duty_2024_14", "stamp_duty_rates")


@cache
def load(name: str) -> dict[str, Any]:
    """The rule set `name` as printed in the compilation (cached, treat as read-only)."""
    if name not in RULE_SETS:
        raise KeyError(name)
    text = resources.files("policyhub.library.rules").joinpath("data", f"{name}.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data
