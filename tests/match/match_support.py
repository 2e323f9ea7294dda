"""Helpers for the match tests: run a profile on a day, pick one item (imported by name, like tests_web_support)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from policyhub.match import catalog
from policyhub.match.matcher import decide, match
from policyhub.match.profile import parse_profile

# A firm that meets every printed d20 condition (二（一）) — the base most profiles start from.
FIRM = {"kind": "enterprise", "name": "某重型机械有限公司", "province": "江苏", "city": "苏州", "sector": "重型机械",
        "size": "medium", "registered_in_mainland": True, "independent_legal_person": True,
        "finances_sound_3y": True, "bad_records": False}  # fmt: skip


def run(profile: dict[str, Any], on: str = "2024-09-20") -> dict[str, Any]:
    """The match result of a profile on a day."""
    return match(parse_profile(profile), dt.date.fromisoformat(on))


def item(profile: dict[str, Any], item_id: str, on: str = "2024-09-20") -> dict[str, Any]:
    """One item decided for the profile (as it appears in the match result)."""
    spec = next(i for i in catalog.items() if i["id"] == item_id)
    return decide(spec, parse_profile(profile), dt.date.fromisoformat(on))


def entity(**fields: Any) -> dict[str, Any]:
    """A profile with only these entity fields."""
    return {"entity": fields}
