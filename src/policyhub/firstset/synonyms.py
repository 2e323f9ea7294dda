"""Indicator names the trade uses for the catalog's (data/indicator_synonyms.json): 斗容 fills 标准斗容."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from policyhub.firstset.textnorm import name_key


@cache
def groups() -> list[list[str]]:
    """Each group's name keys, the terms in the file's order."""
    text = resources.files("policyhub.firstset").joinpath("data/indicator_synonyms.json").read_text("utf-8")
    return [[name_key(t) for t in g["terms"]] for g in json.loads(text)["groups"]]


def alternatives(key: str) -> list[str]:
    """The other name keys of key's group ([] if it has none)."""
    return [k for g in groups() if key in g for k in g if k != key]


def resolve(key: str, keys: dict[str, str]) -> str | None:
    """The entry's indicator for a parameter's name key: its own name first, else a synonym the entry uses."""
    if key in keys:
        return keys[key]
    return next((keys[k] for k in alternatives(key) if k in keys), None)
