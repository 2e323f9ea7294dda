"""The match use case the CLI, the API and the page all call: a profile as given → every call and duty for it."""

from __future__ import annotations

from typing import Any

from policyhub.match.matcher import MatchResult, match
from policyhub.match.profile import parse_as_of, parse_profile


def run(profile_data: Any, as_of: str | None) -> MatchResult:
    """Check the profile and match it on `as_of`, else the profile's own `as_of`, else today (Beijing)."""
    profile = parse_profile(profile_data)
    body_as_of = profile_data.get("as_of") if isinstance(profile_data, dict) else None
    return match(profile, parse_as_of(as_of if as_of is not None else body_as_of))
