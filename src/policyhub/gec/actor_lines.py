"""`gec apply` lines that name their sender: the local tool plays any registry role, under the role policy HTTP uses.

A line may carry `"actor": {"role": …, "account": …, "platform": …}`. It is authorised inside its transaction by
`access.roles.authorise` (service/facts.py, as the service's commands are) and journaled as that actor with no token,
so `gec audit`'s replay checks it again. A line without `actor` is the operator's local tool, as before. Why: owner
meter data needs two other actors to review it (第十七条), so a dated scenario can only be replayed with them.
"""

from __future__ import annotations

import re
from typing import Any

from policyhub.access.roles import Actor, Role
from policyhub.errors import InputError

from .outcomes import Result, error
from .prepared import Prepared
from .registry import Registry

# The registry's own roles: a firm's credential and the public send no command.
LINE_ROLES = (Role.operator, Role.regulator, Role.data_provider, Role.info_centre, Role.platform, Role.account_holder)
_SCOPE = {
    "account": re.compile(r"[A-Za-z0-9_.:\-]{1,64}"),  # a Name of domain/command_base.py
    "platform": re.compile(r"[A-Za-z0-9_\-]{1,20}"),  # a Platform of domain/command_base.py
}


def _bad(why: str) -> InputError:
    return InputError(f"指令发送方无效 actor: {why}", "bad_input")


def line_actor(raw: object) -> Actor:
    """The `actor` of a line as the role policy's Actor, else InputError `bad_input`."""
    roles = ", ".join(r.value for r in LINE_ROLES)
    if not isinstance(raw, dict):
        raise _bad(f'an object such as {{"role": "info_centre"}} (roles: {roles})')
    extra = sorted(set(raw) - {"role", "account", "platform"})
    if extra:
        raise _bad(f"unknown field {extra[0]!r}: an actor has role, account and platform")
    role = raw.get("role")
    if role not in {r.value for r in LINE_ROLES}:
        raise _bad(f"role {role!r} is not one of {roles}")
    scope: dict[str, str | None] = {}
    for field, shape in _SCOPE.items():
        value = raw.get(field)
        if value is not None and not (isinstance(value, str) and shape.fullmatch(value)):
            raise _bad(f"{field} {value!r} is not an identifier (letters, digits, _ . : -)")
        scope[field] = value
    try:
        return Actor(Role(role), account=scope["account"], platform=scope["platform"])
    except ValueError as exc:  # an account holder names its account, a platform itself
        raise _bad(str(exc).replace("token", "actor")) from None


def prepare_line(registry: Registry, line: Any) -> Prepared | Result:
    """One parsed line, ready to apply as its actor (or as the local tool); an error result when malformed."""
    actor: Actor | None = None
    if isinstance(line, dict) and "actor" in line:
        line = dict(line)
        try:
            actor = line_actor(line.pop("actor"))
        except InputError as exc:
            return error(exc.code, exc.message)
    prepared = registry.prepare(line, None if actor is None else actor.journal())
    if actor is not None and isinstance(prepared, Prepared):
        prepared.sender = actor  # authorised in its own transaction, with the facts of that moment
    return prepared
