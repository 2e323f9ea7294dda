"""The policyhub service: JSON API under /api, pages everywhere else, one FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyhub import __version__, problems
from policyhub.digital import api as digital_api
from policyhub.firms import api as firms_api
from policyhub.firstset import api as firstset_api
from policyhub.gec import api as gec_api
from policyhub.gec import api_statement as gec_statement_api
from policyhub.gec.registry import Clock
from policyhub.greenpower import api as greenpower_api
from policyhub.library import api as library_api
from policyhub.library.rules import api as rules_api
from policyhub.manage import api as manage_api
from policyhub.match import api as match_api
from policyhub.renewal import api as renewal_api
from policyhub.scenarios import api as scenarios_api
from policyhub.web import faults, heap, shedding
from policyhub.web.apidocs import install_docs
from policyhub.web.budget import BudgetMiddleware
from policyhub.web.health import health
from policyhub.web.pages import digital, firstset, gec, gec_market, home, library, match, session
from policyhub.web.pages import firms as firms_pages
from policyhub.web.pages import greenpower as greenpower_pages
from policyhub.web.pages import manage as manage_pages
from policyhub.web.pages import renewal as renewal_pages
from policyhub.web.pages import scenarios as scenarios_pages
from policyhub.web.pages.errors import error_page
from policyhub.web.private import NoStore
from policyhub.web.services import Services
from policyhub.web.sessions import BrowserGuard


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On start: the C heap kept compact (web/heap.py). On shutdown: queued registry commands finish, then the
    database connections close."""
    heap.keep_compact()
    yield
    app.state.services.close()


def create_app(db_url: str | None = None, public_url: str | None = None, clock: Clock | None = None) -> FastAPI:
    """Build the app over one database (SQLite file by default, or PostgreSQL); QR codes carry `public_url`."""
    app = FastAPI(
        lifespan=_lifespan,
        title="policyhub",
        version=__version__,
        description="China's 2024 industrial policy compilation (总第7期) run as software.",
        docs_url=None,
        redoc_url=None,
    )
    install_docs(app)
    app.state.services = Services(db_url, public_url, clock)
    app.state.error_page = error_page  # for the layers below the pages (faults, BrowserGuard), which cannot import them
    problems.install(app)
    app.add_middleware(BrowserGuard)  # pages: a foreign Origin's POST is refused; the anonymous CSRF cookie
    app.add_middleware(NoStore)  # added after, so outside BrowserGuard: it sees the cookie that guard sets
    app.add_middleware(BudgetMiddleware)  # every body within its route's budget before any route reads it
    faults.install(app)  # after problems: a database that cannot be opened or written is 503, not 400 or 500
    readers, writers = shedding.limits()
    app.add_middleware(shedding.Shedding, readers=readers, writers=writers)  # 503 busy past the requests in flight
    app.add_exception_handler(StarletteHTTPException, _not_found_page)
    # /static: the site's own files, then the base stylesheet it shares with the standalone reports (policyhub.render).
    static = StaticFiles(directory=str(Path(__file__).parent / "static"), packages=[("policyhub.render", "static")])
    app.mount("/static", static, name="static")
    # Starlette tries routes in order, each router's in turn: the API the registry's clients call most goes first
    # (the health probe and trading: matching once cost as much as the health answer itself), pages after.
    app.add_api_route("/api/health", health, tags=["service"], summary="Liveness and the database (503 when down)")
    # The renewal guide's reading (renewal's) keeps its place among the library's paths, after the library's own.
    for router in (gec_api.router, gec_statement_api.router, digital_api.router, firstset_api.router,
                   library_api.router, renewal_api.guide_router, rules_api.router, manage_api.router,
                   scenarios_api.router, firms_api.router, match_api.router, renewal_api.router,
                   greenpower_api.router):  # fmt: skip
        app.include_router(router)
    for page in (home, session, gec, gec_market, digital, firstset, library, manage_pages, scenarios_pages,
                 firms_pages, match, renewal_pages, greenpower_pages):  # fmt: skip
        app.include_router(page.router)
    return app


async def _not_found_page(request: Request, exc: Exception) -> Response:
    """API paths get problem JSON; pages get a page."""
    assert isinstance(exc, StarletteHTTPException)
    if request.url.path.startswith("/api/"):
        return problems.problem(exc.status_code, str(exc.detail), str(exc.detail), "http_error")
    return error_page(request, exc.status_code, str(exc.detail))
