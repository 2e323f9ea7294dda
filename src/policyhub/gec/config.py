"""Load the packaged rule figures (data/rules.json) once."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from .domain.rules import Rules


@cache
def rules() -> Rules:
    """The rules of 国能发新能规〔2024〕67号 as shipped with the package."""
    raw = json.loads(files("policyhub.gec").joinpath("data/rules.json").read_text(encoding="utf-8"))
    return Rules.from_dict(raw)
