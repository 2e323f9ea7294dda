"""What an audit (第三十条) answers: whether every check held, and each problem or warning with where it was found."""

from __future__ import annotations

from typing import NotRequired, TypedDict


class Place(TypedDict):
    """Where a finding is: the check ("journal", "anchor", "tokens", "replay", "table", "names"), its entry and, by
    check, the details that locate it."""

    where: str
    entry: NotRequired[int | None]
    token: NotRequired[int]  # tokens: the token's id
    actor: NotRequired[dict[str, object]]  # replay: the sender who could not have sent the entry
    stored: NotRequired[str]  # replay: the start of the journaled result and of the replayed one
    replayed: NotRequired[str]
    table: NotRequired[str]  # table and names: the table, the row's key, the code-shaped name
    key: NotRequired[list[object]]
    name: NotRequired[str]
    claim_with_code: NotRequired[str | None]


class Finding(Place):
    """A problem (the audit fails) or a warning (reported only): where, and what was found."""

    message: str


class AuditReport(TypedDict):
    """The audit's answer: ok only when every check holds; each check's own verdict; the first findings."""

    ok: bool
    entries: int
    chain_ok: bool
    replay_ok: bool
    anchors_ok: bool
    tokens_ok: bool
    problems: list[Finding]
    warnings: list[Finding]
