"""What the accounts quote from the compilation (data/seed.json, built by extract.py): articles, pilot products."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def seed() -> dict[str, Any]:
    """The extracted articles of 国能发新能规〔2024〕67号 and the pilot products of 国市监认证发〔2024〕85号."""
    text = resources.files("policyhub.greenpower").joinpath("data", "seed.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def article(label: str) -> str:
    """An article's text, e.g. article("第十五条")."""
    return str(seed()["rules"]["articles"][label]["text"])


def pilot_for(product: str) -> str | None:
    """The 产品碳足迹 pilot (d22.二.（一）) a product falls under: 电解铝锭 → 电解铝, 光伏组件 → 光伏产品."""
    for pilot in seed()["pilots"]["products"]:
        stem = pilot.removesuffix("产品")
        if stem and stem in product:
            return str(pilot)
    return None
