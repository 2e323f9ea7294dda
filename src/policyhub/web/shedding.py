"""Load shedding: past a number of requests in flight the service answers 503 `busy` at once, instead of queueing
without bound (every request waiting longer, until clients time out and retry on top).

Two budgets, so that a surge of readers cannot take the registry's writers' turn: the commands route
(`POST /api/gec/commands`) has WRITERS of its own, every other route shares READERS. The health probe is never shed.
"""

from __future__ import annotations

import os

from starlette.responses import HTMLResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from policyhub.problems import problem

# 40 request threads (anyio's default) run the synchronous routes; past 64 requests in flight the others only wait
# for a thread, so answering "busy" costs a client nothing it would have gained by waiting.
READERS = 64
WRITERS = 32  # the desk writes queued commands in groups: 32 requests in flight keep its groups full
ENV_READERS, ENV_WRITERS = "POLICYHUB_MAX_IN_FLIGHT", "POLICYHUB_MAX_WRITES_IN_FLIGHT"
COMMANDS = "/api/gec/commands"
EXEMPT = frozenset({"/api/health"})
RETRY_AFTER_S = 1
_TITLE = "服务繁忙 service busy"
_DETAIL = f"请求过多，请 {RETRY_AFTER_S} 秒后重试 too many requests in flight: retry in {RETRY_AFTER_S} s"
_PAGE = f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>服务繁忙 · policyhub</title>
<link rel="stylesheet" href="/static/style.css"></head><body><main>
<h1>服务繁忙<span class="en">503 Service busy</span></h1>
<p class="error">请求过多，请 {RETRY_AFTER_S} 秒后刷新。Too many requests just now: reload in a moment.</p>
<p><a href="/">返回首页 <span class="en">Home</span></a></p></main></body></html>"""


def limits() -> tuple[int, int]:
    """(readers, writers) in flight: $POLICYHUB_MAX_IN_FLIGHT and $POLICYHUB_MAX_WRITES_IN_FLIGHT, else the defaults."""
    return int(os.environ.get(ENV_READERS) or READERS), int(os.environ.get(ENV_WRITERS) or WRITERS)


def busy(path: str) -> Response:
    """503 `busy` with Retry-After: problem+json for the API, a page for the rest."""
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if path.startswith("/api/"):
        response: Response = problem(503, _TITLE, _DETAIL, "busy", retry_after=RETRY_AFTER_S)
        response.headers.update(headers)
        return response
    return HTMLResponse(_PAGE, status_code=503, headers=headers)


class Shedding:
    """ASGI middleware counting requests in flight (on the event loop's thread: no lock needed)."""

    def __init__(self, app: ASGIApp, readers: int = READERS, writers: int = WRITERS) -> None:
        self.app = app
        self.limits = {False: readers, True: writers}
        self.in_flight = {False: 0, True: 0}
        self.shed = 0  # requests answered busy (tests and the soak read it)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path in EXEMPT:
            await self.app(scope, receive, send)
            return
        writer = path == COMMANDS and scope.get("method") == "POST"
        if self.in_flight[writer] >= self.limits[writer]:
            self.shed += 1
            await busy(path)(scope, receive, send)
            return
        self.in_flight[writer] += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight[writer] -= 1
