"""Request dependencies for the caller's identity, shared by every module's API adapter."""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from policyhub.access.roles import Actor, Role
from policyhub.access.tokens import TokenStore
from policyhub.errors import Unauthorized
from policyhub.problems import requires_credential

_bearer = HTTPBearer(auto_error=False, description="A token from `policyhub admin token create`.")


class HasTokens(Protocol):
    """What the app keeps on `app.state.services` for this module: its token store."""

    @property
    def tokens(self) -> TokenStore: ...


async def token_store(request: Request) -> TokenStore:
    # async: FastAPI would run a plain function on a worker thread, a hand-off costing more than this body.
    services: HasTokens = request.app.state.services
    return services.tokens


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]
TokensDep = Annotated[TokenStore, Depends(token_store)]


NO_TOKEN = "需要有效的访问令牌 a valid bearer token is required"


def get_actor(tokens: TokensDep, credentials: Credentials) -> Actor:
    """The token's actor; 401 when there is no valid token."""
    if credentials is None:
        raise Unauthorized(NO_TOKEN)
    actor = tokens.actor_for(credentials.credentials)
    if actor is None:
        raise Unauthorized("令牌无效或已撤销 unknown or revoked token")
    return actor


requires_credential(get_actor, NO_TOKEN)


def get_reader(tokens: TokensDep, credentials: Credentials) -> Actor:
    """Like get_actor, but anyone without a token reads as the public."""
    if credentials is None:
        return Actor(Role.public)
    return get_actor(tokens, credentials)


ActorDep = Annotated[Actor, Depends(get_actor)]
ReaderDep = Annotated[Actor, Depends(get_reader)]
