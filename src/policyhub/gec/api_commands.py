"""The command API's edge: a batch's size, the Idempotency-Key header, and the desk's refusals as problem details."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from fastapi.responses import JSONResponse

from policyhub.problems import problem

from .desk_queue import MAX_COMMANDS, MAX_QUEUED, Busy, Keyed, KeyReused, Pending
from .domain.journal import canonical_json

_KEY = re.compile(r"[\x20-\x7e]{1,200}")  # the IETF draft's key: printable ASCII; ours at most 200 characters


def too_large(count: int) -> JSONResponse | None:
    """413 for an array of more than MAX_COMMANDS commands, before any token or database work."""
    if count <= MAX_COMMANDS:
        return None
    detail = (f"批量指令过多 too many commands in one batch: {count}, at most {MAX_COMMANDS}; "
              "分批发送 send the rest in further requests")  # fmt: skip
    return problem(413, "批量指令过多 batch too large", detail, "batch_too_large", limit=MAX_COMMANDS, count=count)


def actor_given(batch: list[Any]) -> JSONResponse | None:
    """400 `actor_not_accepted` when any command names its sender: over HTTP the bearer token is the sender."""
    if not any(isinstance(cmd, dict) and "actor" in cmd for cmd in batch):
        return None
    detail = ("发送方由令牌确定 the bearer token says who sends each command: omit `actor` (only the operator's local "
              "tool, `policyhub gec apply`, names one); nothing was applied")  # fmt: skip
    code = "actor_not_accepted"
    return problem(400, "指令无效 invalid command", detail, code, ok=False, error={"code": code, "message": detail})


def keyed(key: str | None, body: Any) -> Keyed | JSONResponse | None:
    """The request's Idempotency-Key with the SHA-256 of its body; 400 for a malformed key; None without one."""
    if key is None:
        return None
    if not _KEY.fullmatch(key):
        detail = "幂等键格式无效 Idempotency-Key must be 1–200 printable ASCII characters"
        return problem(400, "请求无效 invalid request", detail, "invalid_idempotency_key")
    return Keyed(key, hashlib.sha256(canonical_json(body).encode()).hexdigest())


def refused_by_desk(exc: Busy | Pending | KeyReused, idem: Keyed | None) -> JSONResponse:
    """The desk's own refusals: full (503 busy), a wait that ran out (503 pending), a key reused (409)."""
    if isinstance(exc, Busy):
        detail = (f"登记系统繁忙 the registry's desk is full ({MAX_QUEUED} commands queued at most): nothing was "
                  f"queued; retry after {exc.retry_after} s")  # fmt: skip
        response = problem(503, "登记系统繁忙 busy", detail, "busy", retry_after=exc.retry_after)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, KeyReused):
        detail = (f"幂等键已用于另一请求 Idempotency-Key {str(exc)!r} was used for a different request body in the "
                  "last 24 hours: nothing was applied; use a new key for a new request")  # fmt: skip
        return problem(409, "幂等键重复使用 idempotency key reused", detail, "idempotency_key_reused")
    if idem is not None:
        how = ("以同一幂等键重发本请求可得其结果，且不会重复执行 repeat this request with the same Idempotency-Key "
               "to get its answer (nothing is applied twice)")  # fmt: skip
    else:
        how = ("请查询日志或账户 look them up in the journal (GET /api/gec/journal, operator and regulator) or in "
               "the account's holdings and trades before sending them again; an Idempotency-Key makes a retry "
               "safe")  # fmt: skip
    detail = (f"等待超时 the wait for the answer ran out with {exc.written} of {exc.total} commands written; the rest "
              f"stay queued and will be applied. {how}")  # fmt: skip
    extra: dict[str, Any] = {"written": exc.written, "total": exc.total}
    if idem is not None:
        extra["idempotency_key"] = idem.key
    response = problem(503, "等待超时 pending", detail, "pending", **extra)
    response.headers["Retry-After"] = "1"
    return response
