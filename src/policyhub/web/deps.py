"""Annotated dependencies the routes share: the services and the caller's identity."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from policyhub.access.roles import Actor, Role
from policyhub.errors import Unauthorized
from policyhub.web.services import Services

_bearer = HTTPBearer(auto_error=False, description="A token from `policyhub admin token create`.")


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def get_actor(services: ServicesDep, credentials: Credentials) -> Actor:
    """The token's actor; 401 when there is no valid token."""
    if credentials is None:
        raise Unauthorized()
    actor = services.tokens.actor_for(credentials.credentials)
    if actor is None:
        raise Unauthorized("unknown or revoked token")
    return actor


def get_reader(services: ServicesDep, credentials: Credentials) -> Actor:
    """Like get_actor, but anyone without a token reads as the public."""
    if credentials is None:
        return Actor(Role.public)
    return get_actor(services, credentials)


ActorDep = Annotated[Actor, Depends(get_actor)]
ReaderDep = Annotated[Actor, Depends(get_reader)]
