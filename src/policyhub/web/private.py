"""Answers made for one reader carry `Cache-Control: private, no-store`: no browser or proxy keeps them.

An answer is one reader's when the request carried a credential (a bearer token, the session cookie), when it
sets a cookie, or when its page embeds a CSRF token (bound to that reader's session or anonymous cookie). Holdings,
statements and account pages would otherwise stay in a shared proxy's cache or the browser's after sign-out.
Public answers and static files keep their caching.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policyhub.web.sessions import COOKIE, PER_READER

NO_STORE = "private, no-store"


class NoStore:
    """Marks every answer made for one reader `Cache-Control: private, no-store` (unless the route set its own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or str(scope.get("path", "")).startswith("/static/"):
            await self.app(scope, receive, send)
            return
        conn = HTTPConnection(scope)
        credentialed = "authorization" in conn.headers or COOKIE in conn.cookies

        async def send_marked(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                per_reader = credentialed or "set-cookie" in headers or scope.get("state", {}).get(PER_READER)
                if per_reader and "cache-control" not in headers:
                    headers["cache-control"] = NO_STORE
            await send(message)

        await self.app(scope, receive, send_marked)
