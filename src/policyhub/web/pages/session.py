"""Signing in on the pages: the API token is kept in an HttpOnly cookie, checked like a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Cookie, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from policyhub.access.roles import Actor, Role
from policyhub.web.deps import ServicesDep
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)
COOKIE = "ph_token"


def page_actor(services: ServicesDep, ph_token: Annotated[str | None, Cookie()] = None) -> Actor:
    """The signed-in actor, or the public."""
    if not ph_token:
        return Actor(Role.public)
    return services.tokens.actor_for(ph_token) or Actor(Role.public)


PageActor = Annotated[Actor, Depends(page_actor)]


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, actor: PageActor, next: str = "/gec") -> HTMLResponse:
    """The sign-in form."""
    return templates.TemplateResponse(request, "login.html", {"actor": actor, "next": next, "error": None})


@router.post("/login")
def login(
    request: Request, services: ServicesDep, token: Annotated[str, Form()], next: Annotated[str, Form()] = "/gec"
) -> Response:
    """Check the token and keep it in a cookie."""
    actor = services.tokens.actor_for(token.strip())
    if actor is None:
        ctx = {"actor": Actor(Role.public), "next": next, "error": "令牌无效或已撤销 Unknown or revoked token"}
        return templates.TemplateResponse(request, "login.html", ctx, status_code=401)
    target = next if next.startswith("/") and not next.startswith("//") else "/gec"  # no open redirect
    if actor.role is Role.account_holder and target == "/gec":
        target = f"/gec/accounts/{actor.account}"
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(COOKIE, token.strip(), httponly=True, samesite="strict", max_age=8 * 3600)
    return response


@router.post("/logout")
def logout() -> Response:
    """Forget the token."""
    response = RedirectResponse("/gec", status_code=303)
    response.delete_cookie(COOKIE)
    return response
