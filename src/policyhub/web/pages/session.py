"""Signing in on the pages: an API token or a firm's credential starts a server-side session named by the cookie."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyhub.access.roles import Actor, Role
from policyhub.firms.credentials import FirmCredentials
from policyhub.firms.store import store_for
from policyhub.web.deps import ServicesDep
from policyhub.web.sessions import COOKIE, FIELD, check_csrf, cookie_flags, current_actor, current_session
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)
CsrfField = Annotated[str, Form(alias=FIELD)]


def page_actor(request: Request) -> Actor:
    """The signed-in actor, or the public."""
    return current_actor(request)


PageActor = Annotated[Actor, Depends(page_actor)]


def _safe_next(target: str, default: str) -> str:
    return target if target.startswith("/") and not target.startswith(("//", "/\\")) else default  # no open redirect


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, actor: PageActor, next: str = "") -> HTMLResponse:
    """The sign-in form."""
    return templates.TemplateResponse(request, "login.html", {"actor": actor, "next": next, "error": None})


def _actor_for(services: ServicesDep, secret: str) -> Actor | None:
    """An API token's actor, or a firm's for its credential (phf_…)."""
    firm = FirmCredentials(store_for(services.engine)).firm_for(secret)
    if firm is not None:
        return Actor(Role.firm, firm=firm)
    return services.tokens.actor_for(secret)


@router.post("/login")
def login(request: Request, services: ServicesDep, token: Annotated[str, Form()], csrf: CsrfField = "",
          next: Annotated[str, Form()] = "") -> Response:  # fmt: skip
    """Check the token or credential, start a session, and put only the session's id in the cookie."""
    check_csrf(request, csrf)
    actor = _actor_for(services, token.strip())
    if actor is None:  # no session is started for a wrong secret
        ctx = {"actor": Actor(Role.public), "next": next, "error": "令牌无效或已撤销 Unknown or revoked token"}
        return templates.TemplateResponse(request, "login.html", ctx, status_code=401)
    old = request.cookies.get(COOKIE)
    if old:
        services.sessions.end(old)  # a new session id at each sign-in: a planted cookie signs no one in
    if actor.role is Role.firm:
        target = _safe_next(next, f"/firms/{actor.firm}")
    else:
        target = _safe_next(next, "/gec")
        if actor.role is Role.account_holder and target == "/gec":
            target = f"/gec/accounts/{actor.account}"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, services.sessions.start(actor), **cookie_flags(request))
    return response


@router.post("/logout")
def logout(request: Request, services: ServicesDep, csrf: CsrfField = "") -> Response:
    """End the session on the server (the old cookie signs no one in again) and drop the cookie."""
    check_csrf(request, csrf)
    if current_session(request) is not None:
        services.sessions.end(request.cookies[COOKIE])
    response = RedirectResponse("/", status_code=303)
    flags = cookie_flags(request)
    response.delete_cookie(COOKIE, path="/", secure=flags["secure"], httponly=True, samesite="lax")
    return response
