"""The front page: what each system is and where to start."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from sqlalchemy.exc import SQLAlchemyError

from policyhub.gec.headcache import cache_for, version
from policyhub.gec.registry import Registry
from policyhub.web.deps import ServicesDep
from policyhub.web.templating import templates

router = APIRouter(include_in_schema=False)


def try_code(registry: Registry) -> str | None:
    """A live certificate's code for the 查验 box to suggest (the demo's first seller's), or None on an empty registry.

    A code is what anyone may verify (第二十七条): showing one tells nothing the verification page does not.
    """
    try:
        for account in registry.accounts():
            if account.get("kind") != "seller":
                continue
            live = [b for b in registry.holdings(str(account["account"])) if b["status"] == "live"]
            if live:
                return str(live[0]["first_code"])
    except SQLAlchemyError:
        return None  # the front page stays up without its hint; the registry's own pages report the fault
    return None


@router.get("/", response_class=HTMLResponse)
def home(request: Request, services: ServicesDep) -> HTMLResponse:
    """The front page, with a certificate code to try /verify with when the registry has one."""
    registry = services.registry
    # The hint reads a seller's every block (9 ms of CPU on the demo, 60× the health probe): once per journal head.
    try:
        code = cache_for(registry).get(("try_code",), version(registry), lambda: try_code(registry))
    except SQLAlchemyError:
        code = None  # as in try_code: the front page stays up without its hint
    return templates.TemplateResponse(request, "home.html", {"try_code": code})
