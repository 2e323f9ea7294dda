"""One way for the rule tests to say which refusal a call makes."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from policyhub.errors import InputError


def refusal(rule: Callable[..., object], *args: object) -> InputError:
    """The refusal `rule(*args)` raises (the test fails if it passes)."""
    with pytest.raises(InputError) as caught:
        rule(*args)
    return caught.value


def code_of(rule: Callable[..., object], *args: object) -> str:
    """The code of the refusal `rule(*args)` raises."""
    return refusal(rule, *args).code
