"""Annotated dependencies the pages share: the services, and the caller's identity (from access)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from policyhub.access.deps import ActorDep, ReaderDep, get_actor, get_reader
from policyhub.web.services import Services

__all__ = ["ActorDep", "ReaderDep", "ServicesDep", "get_actor", "get_reader", "get_services"]


async def get_services(request: Request) -> Services:
    # async: no hand-off to a worker thread for a lookup.
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]
