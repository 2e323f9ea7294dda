"""A command's result when the registry refuses it, and who sent a command as far as a repeat must match it."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from policyhub.errors import InputError

from .answers import BadRow, Refusal, Result
from .prepared import Prepared

__all__ = ["BadRow", "Refusal", "Result", "error", "refusal", "refused", "sender_scope"]

_log = logging.getLogger("policyhub.gec")


def error(code: str, message: str) -> Result:
    """The ok:false result of a refused command."""
    return {"ok": False, "error": {"code": code, "message": message}}


def refused(exc: InputError) -> Result:
    """A refusal's result; a bulk command's names each bad row (`rows`: row number and reason)."""
    rows = getattr(exc, "rows", None)
    if rows is None:
        return error(exc.code, exc.message)
    return {"ok": False, "error": {"code": exc.code, "message": exc.message, "rows": rows}}


def refusal(exc: InputError | sa.exc.DBAPIError, prepared: Prepared) -> Result:
    """A refused command's result: the registry's refusal, a constraint, or a database error of its own."""
    if isinstance(exc, InputError):
        return refused(exc)
    if isinstance(exc, IntegrityError):
        return error("conflict", f"数据库约束拒绝 refused by a database constraint: {exc.orig}")
    # A statement of this command failed (not the database as a whole): the command is refused alone, its
    # neighbours commit. The cause is the operator's to read, not the caller's (it may name tables or values).
    _log.error("command refused by a database error: op=%s %s: %s", prepared.logged.get("op"),
               type(exc.orig).__name__, str(exc.orig).splitlines()[0] if str(exc.orig) else "")  # fmt: skip
    return error("internal", "登记系统内部错误，该指令未执行 internal error: the command was not applied (logged)")


def sender_scope(actor: object) -> tuple[object, ...]:
    """Who sent a command, as far as a repeat must match it: role and scope (a token may be renewed)."""
    if not isinstance(actor, dict):
        return ()
    return actor.get("role"), actor.get("account"), actor.get("platform"), actor.get("firm")
