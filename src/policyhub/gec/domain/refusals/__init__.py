"""The registry's refusal rules: pure functions over the values a handler has read, no database.

A handler in `gec/service` reads its rows, asks a rule here, then writes: each rule returns (the value it checked,
normalised where that is its job) or raises the refusal, an `InputError` with its code. Codes and messages are
journaled results that `gec audit` replays: a change of wording changes a replay, so never reword one.
Only storage facts stay in the handlers: a named row that does not exist (`unknown_*`) or already does
(`already_exists`).
"""

from __future__ import annotations

from policyhub.errors import InputError


def refuse(message: str, code: str) -> InputError:
    """A refusal: the transaction rolls back and the result is ok:false with this code."""
    return InputError(message, code)
