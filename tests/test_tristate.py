"""One tri-state for met / not met / unknown, written on the wire as each answer always spelt it."""

from __future__ import annotations

import json

import pytest

from policyhub.tristate import MET, NOT_MET, UNKNOWN, Tri, all_of, any_of


def test_a_fact_not_known_is_unknown_never_false() -> None:
    assert (Tri.of(True), Tri.of(False), Tri.of(None)) == (MET, NOT_MET, UNKNOWN)


@pytest.mark.parametrize(
    ("results", "every", "one"),
    [
        ([], MET, NOT_MET),  # nothing to hold holds; nothing offered is not enough
        ([MET, MET], MET, MET),
        ([MET, UNKNOWN], UNKNOWN, MET),
        ([MET, UNKNOWN, NOT_MET], NOT_MET, MET),
        ([UNKNOWN, NOT_MET], NOT_MET, UNKNOWN),
        (["not_met", "not_met"], NOT_MET, NOT_MET),  # the wire's strings are read as well
    ],
)
def test_all_of_and_any_of_follow_kleene(results: list[Tri | str], every: Tri, one: Tri) -> None:
    assert all_of(results) is every and any_of(results) is one


def test_json_keeps_the_strings_and_renewal_keeps_its_scope() -> None:
    assert json.dumps({"result": MET, "other": [NOT_MET, UNKNOWN]}) == (
        '{"result": "met", "other": ["not_met", "unknown"]}'
    )
    assert [t.scope for t in (MET, NOT_MET, UNKNOWN)] == [True, False, "undetermined"]
    assert json.dumps([t.scope for t in Tri]) == '[true, false, "undetermined"]'
