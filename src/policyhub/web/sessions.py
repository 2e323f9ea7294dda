"""The browser's side of a session: the cookie, its flags, CSRF tokens, and the refusal of foreign origins.

A state-changing form carries a token: an HMAC (the database's key) over the session's digest when signed in, or
over a random HttpOnly cookie for the anonymous forms (login, sign-up: the signed double-submit pattern), and the
time it was made. Any page POST whose `Origin` is not this service (its Host or its public URL) is refused first.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from typing import Any
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from policyhub.access.roles import Actor, Role
from policyhub.access.sessions import Session
from policyhub.web.services import Services

COOKIE = "ph_token"  # the session id (phs_…), never an API token
ANON_COOKIE = "ph_csrf"  # the anonymous forms' random half of the double submit
FIELD = "csrf"  # the form field every state-changing form posts
PER_READER = "ph_per_reader"  # request state: the page carries this reader's CSRF token (web/private.py)
MAX_AGE = 8 * 3600  # a session's life, and a token's
SAFE = {"GET", "HEAD", "OPTIONS"}
FORGED = "表单校验失败，请刷新页面后重试 the form's security token is missing or stale: reload the page and try again"
FOREIGN = "拒绝来自其他网站的提交 a form posted from another site is refused"


def _services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


def current_session(request: Request) -> Session | None:
    """The live session the cookie names (looked up once per request), or None."""
    state = request.state
    if not hasattr(state, "ph_session"):
        sid = request.cookies.get(COOKIE)
        state.ph_session = _services(request).sessions.find(sid) if sid else None
    found: Session | None = state.ph_session
    return found


def current_actor(request: Request) -> Actor:
    """The signed-in actor, or the public."""
    session = current_session(request)
    return session.actor if session else Actor(Role.public)


def cookie_flags(request: Request) -> dict[str, Any]:
    """HttpOnly and SameSite=Lax always; Secure when the service's public URL is https."""
    secure = (_services(request).public_url or "").lower().startswith("https://")
    return {"httponly": True, "samesite": "lax", "secure": secure, "max_age": MAX_AGE, "path": "/"}


def _sign(request: Request, binding: str, issued: int) -> str:
    key = _services(request).sessions.key()
    return hmac.new(key, f"{binding}|{issued}".encode(), hashlib.sha256).hexdigest()


def _bindings(request: Request) -> list[str]:
    out = []
    session = current_session(request)
    if session is not None:
        out.append("s:" + session.digest)
    anon = request.cookies.get(ANON_COOKIE) or getattr(request.state, "ph_csrf_new", None)
    if anon:
        out.append("a:" + anon)
    return out


def csrf_token(request: Request) -> str:
    """The token a form on this page posts (a Jinja global): bound to the session, else to the anonymous cookie."""
    setattr(request.state, PER_READER, True)  # a page bound to this reader is kept by no cache
    bindings = _bindings(request)
    if not bindings:
        request.state.ph_csrf_new = secrets.token_urlsafe(24)  # the middleware sets the cookie on the response
        bindings = _bindings(request)
    issued = int(time.time())
    return f"{issued}.{_sign(request, bindings[0], issued)}"


def check_csrf(request: Request, token: str | None) -> None:
    """Refuse (403 page) unless the token was made for this session or this anonymous cookie, within MAX_AGE."""
    issued_text, _, mac = (token or "").partition(".")
    if issued_text.isascii() and issued_text.isdigit() and mac:  # not ² or ①: int() refuses them
        issued = int(issued_text)
        if -60 <= time.time() - issued <= MAX_AGE:
            for binding in _bindings(request):
                if hmac.compare_digest(mac, _sign(request, binding, issued)):
                    return
    raise HTTPException(403, FORGED)


def _own_origin(origin: str, host: str, public_url: str | None) -> bool:
    parts = urlsplit(origin)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False  # "null" (a sandboxed frame, a file) and anything else unparsable
    if parts.netloc.lower() == host.lower():
        return True
    if public_url:
        mine = urlsplit(public_url)
        return (parts.scheme, parts.netloc.lower()) == (mine.scheme, mine.netloc.lower())
    return False


class BrowserGuard:
    """Refuses page POSTs from a foreign Origin (403) and sets the anonymous CSRF cookie a page asked for."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = str(scope.get("path", ""))
        if scope["type"] != "http" or path.startswith(("/api/", "/static/")):
            await self.app(scope, receive, send)  # the API authenticates by bearer token, never by cookie
            return
        request = Request(scope, receive)
        if request.method not in SAFE:
            origin = request.headers.get("origin")
            services: Services = scope["app"].state.services
            if origin is not None and not _own_origin(origin, request.headers.get("host", ""), services.public_url):
                page = scope["app"].state.error_page  # the pages' own (web/app.py): they sit above this module
                await page(request, 403, FOREIGN)(scope, receive, send)
                return

        async def send_with_cookie(message: Message) -> None:
            nonce = scope.get("state", {}).get("ph_csrf_new")
            if message["type"] == "http.response.start" and nonce:
                flags = cookie_flags(request)
                cookie = f"{ANON_COOKIE}={nonce}; HttpOnly; Max-Age={MAX_AGE}; Path=/; SameSite=Lax"
                cookie += "; Secure" if flags["secure"] else ""
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode("latin-1"))]
            await send(message)

        await self.app(scope, receive, send_with_cookie)
