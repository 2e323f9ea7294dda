"""Public pages answered from the registry's head cache (gec/headcache.py): one rendering per journal head."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec

from fastapi import Request
from fastapi.responses import Response

from policyhub.gec.headcache import cache_for, version
from policyhub.gec.registry import Registry
from policyhub.web.sessions import COOKIE

P = ParamSpec("P")


def _anonymous(request: Request) -> bool:
    """Only what the public sees is shared: a signed-in reader's page may show their own accounts."""
    return "authorization" not in request.headers and COOKIE not in request.cookies


def public_page(endpoint: Callable[P, Response]) -> Callable[P, Response]:
    """A page route (with `request` and `services` parameters) answered from the head cache for anonymous readers."""

    @functools.wraps(endpoint)
    def cached(*args: P.args, **kwargs: P.kwargs) -> Response:
        request = kwargs["request"]
        services = kwargs["services"]
        assert isinstance(request, Request)
        if not _anonymous(request):
            return endpoint(*args, **kwargs)
        registry: Registry = services.registry  # type: ignore[attr-defined]
        partial = bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")
        key = ("page", request.url.path, request.url.query, partial)
        rendered = cache_for(registry).get(key, version(registry), lambda: _frozen(endpoint(*args, **kwargs)))
        return _thawed(rendered)

    return cached


def _frozen(response: Response) -> Response | tuple[int, bytes, list[tuple[str, str]]]:
    """A response as plain data (one Response object must not be sent twice); other kinds pass through."""
    if response.status_code != 200:
        return response
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    return response.status_code, bytes(response.body), headers


def _thawed(found: Response | tuple[int, bytes, list[tuple[str, str]]]) -> Response:
    if isinstance(found, Response):
        return found
    status, body, headers = found
    return Response(content=body, status_code=status, headers=dict(headers))
