"""Every request body within its route's budget (policyhub.limits), refused with 413 before a route reads it.

An ASGI middleware: a declared Content-Length over the budget is answered at once, without reading; a body is
counted as it arrives (chunked or lying) and refused once it passes; a JSON body is parsed once here and walked
for nesting, array and object sizes and string lengths before FastAPI parses it again for the route. Forms
(multipart, urlencoded) stream on to the route under the byte count; Starlette bounds their fields (1,000 fields,
1 MB a field unless a route says otherwise).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policyhub import limits
from policyhub.errors import TooLarge
from policyhub.problems import problem, status_for, wants_page


@dataclass(frozen=True)
class Budget:
    """What one route's request body may hold."""

    body: int = limits.BODY_BYTES
    depth: int = limits.JSON_DEPTH
    items: int = limits.JSON_ITEMS
    string: int = limits.JSON_STRING_CHARS


DEFAULT = Budget()
# Routes whose input is larger than the default by nature; every other POST gets DEFAULT.
ROUTES: dict[str, Budget] = {
    "/api/gec/commands": Budget(body=limits.COMMANDS_BODY_BYTES, items=limits.COMMANDS_JSON_ITEMS),
    "/api/renewal/check": Budget(body=limits.UPLOAD_BODY_BYTES, items=limits.REGISTER_ROWS),
    "/api/greenpower/report": Budget(body=limits.UPLOAD_BODY_BYTES, items=limits.USE_ROWS),
    "/api/digital/batch": Budget(items=limits.BATCH_FIRMS),
    "/api/manage/batch": Budget(items=limits.BATCH_FIRMS),
    "/renewal": Budget(body=limits.UPLOAD_BODY_BYTES),
    "/renewal/report.html": Budget(body=limits.CARRIED_BODY_BYTES),
    "/renewal/report.pdf": Budget(body=limits.CARRIED_BODY_BYTES),
    "/renewal/results.csv": Budget(body=limits.CARRIED_BODY_BYTES),
    "/greenpower": Budget(body=limits.UPLOAD_BODY_BYTES),
    "/greenpower/report.pdf": Budget(body=limits.CARRIED_BODY_BYTES),
}
_FORMS = (b"multipart/form-data", b"application/x-www-form-urlencoded")
_BODILESS = frozenset(("GET", "HEAD", "OPTIONS"))


def budget_for(path: str) -> Budget:
    """The budget of the route at `path`."""
    return ROUTES.get(path.rstrip("/") or "/", DEFAULT)


def body_too_large(size: int, budget: Budget) -> TooLarge:
    """The refusal for a body over its route's byte budget."""
    return TooLarge(f"请求体超过 {budget.body:,} 字节 the request body is larger than {budget.body:,} bytes"
                    f"{f' ({size:,})' if size else ''}", "too_large")  # fmt: skip


def check_json(value: Any, budget: Budget) -> None:
    """A parsed JSON value within the budget's nesting, sizes and string lengths, else TooLarge (no recursion)."""
    if isinstance(value, str):
        _check_string(value, budget)
    stack: list[tuple[Any, int]] = [(value, 1)] if isinstance(value, dict | list) else []
    while stack:
        node, depth = stack.pop()
        if depth > budget.depth:
            raise too_deep(budget)
        if len(node) > budget.items:
            raise TooLarge(f"数组或对象超过 {budget.items:,} 项 an array or object has more than {budget.items:,} "
                           f"items ({len(node):,})", "too_many_items")  # fmt: skip
        if type(node) is dict:
            if node and max(map(len, node)) > budget.string:
                _check_string(max(node, key=len), budget)
            node = node.values()
        for child in node:  # the hot loop of a large body: types compared, not isinstance'd
            kind = type(child)
            if kind is str:
                if len(child) > budget.string:
                    _check_string(child, budget)
            elif kind is dict or kind is list:
                stack.append((child, depth + 1))


def _check_string(text: str, budget: Budget) -> None:
    if len(text) > budget.string:
        raise TooLarge(f"字符串超过 {budget.string:,} 个字符 a string is longer than {budget.string:,} characters "
                       f"({len(text):,})", "string_too_long")  # fmt: skip


def too_deep(budget: Budget) -> TooLarge:
    """The refusal for JSON nested deeper than the budget."""
    return TooLarge(f"JSON 嵌套超过 {budget.depth} 层 the JSON is nested more than {budget.depth} levels deep",
                    "too_deep")  # fmt: skip


class _Exceeded(Exception):
    """The body passed its budget while a route was reading it."""


class BudgetMiddleware:
    """Refuses a request body over its route's budget (413 problem+json, or the error page for a page)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in _BODILESS:
            await self.app(scope, receive, send)  # no route reads a body here (the verify path stays bare)
            return
        budget = budget_for(scope["path"])
        headers = dict(scope["headers"])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > budget.body):
            await self._refuse(scope, receive, send, body_too_large(int(declared) if declared.isdigit() else 0, budget))
            return
        if headers.get(b"content-type", b"").startswith(_FORMS):
            await self._streamed(scope, receive, send, budget)
            return
        # JSON (or no declared type, which FastAPI reads as JSON): buffered, checked, replayed.
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client went away
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > budget.body:
                await self._refuse(scope, receive, send, body_too_large(0, budget))
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        refusal = _json_refusal(body, budget)
        if refusal is not None:
            await self._refuse(scope, receive, send, refusal)
            return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, budget: Budget) -> None:
        """The route reads the body itself, counted on the way: past the budget the read fails, and whatever the
        route answers to that failure (FastAPI makes it a 400) is replaced by the 413."""
        size = 0
        exceeded = started = False

        async def counted() -> Message:
            nonlocal size, exceeded
            message = await receive()
            size += len(message.get("body", b""))
            if size > budget.body:
                exceeded = True
                raise _Exceeded
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if exceeded and not started:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except Exception:
            if not exceeded or started:
                raise
        if exceeded and not started:
            await self._refuse(scope, receive, send, body_too_large(0, budget))

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, exc: TooLarge) -> None:
        response: Response
        request = Request(scope, receive)
        if scope["path"].startswith("/api/") or not wants_page(request.headers.get("accept")):
            response = problem(status_for(exc), "超出限额 over the input budget", exc.message, exc.code)
        else:
            from policyhub.web.pages.errors import error_page  # imported here: the pages import the app's pieces

            response = error_page(request, status_for(exc), exc.message)
        response.headers["Connection"] = "close"  # the rest of the body is not read
        await response(scope, receive, send)


def _json_refusal(body: bytes, budget: Budget) -> TooLarge | None:
    """Why a JSON body is over budget, or None (also for a body that is not JSON: the route says what is wrong)."""
    if not body:
        return None
    try:
        value = json.loads(body)
    except RecursionError:
        return too_deep(budget)
    except ValueError:
        return None
    try:
        check_json(value, budget)
    except TooLarge as exc:
        return exc
    return None
