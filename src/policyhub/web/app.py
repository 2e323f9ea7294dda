"""The policyhub service: JSON API under /api, pages everywhere else, one FastAPI app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from policyhub import __version__, problems
from policyhub.digital import api as digital_api
from policyhub.firms import api as firms_api
from policyhub.firstset import api as firstset_api
from policyhub.gec import api as gec_api
from policyhub.gec.registry import Clock
from policyhub.library import api as library_api
from policyhub.library.rules import api as rules_api
from policyhub.manage import api as manage_api
from policyhub.match import api as match_api
from policyhub.renewal import api as renewal_api
from policyhub.scenarios import api as scenarios_api
from policyhub.web.apidocs import install_docs
from policyhub.web.pages import digital, firstset, gec, gec_market, home, library, match, session
from policyhub.web.pages import firms as firms_pages
from policyhub.web.pages import manage as manage_pages
from policyhub.web.pages import renewal as renewal_pages
from policyhub.web.pages import scenarios as scenarios_pages
from policyhub.web.pages.errors import error_page
from policyhub.web.services import Services


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """On shutdown: queued registry commands finish, then the database connections close."""
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
    problems.install(app)
    app.add_exception_handler(StarletteHTTPException, _not_found_page)
    app.mount("/static", StaticFiles(directory=str(Path(__file__).parent / "static")), name="static")
    app.include_router(home.router)
    app.include_router(session.router)
    app.include_router(gec.router)
    app.include_router(gec_market.router)
    app.include_router(gec_api.router)
    app.include_router(digital.router)
    app.include_router(digital_api.router)
    app.include_router(firstset.router)
    app.include_router(firstset_api.router)
    app.include_router(library.router)
    app.include_router(library_api.router)
    app.include_router(rules_api.router)
    app.include_router(manage_pages.router)
    app.include_router(manage_api.router)
    app.include_router(scenarios_pages.router)
    app.include_router(scenarios_api.router)
    app.include_router(firms_pages.router)
    app.include_router(firms_api.router)
    app.include_router(match.router)
    app.include_router(match_api.router)
    app.include_router(renewal_pages.router)
    app.include_router(renewal_api.router)
    app.add_api_route("/api/health", health, tags=["service"])
    return app


async def _not_found_page(request: Request, exc: Exception) -> Response:
    """API paths get problem JSON; pages get a page."""
    assert isinstance(exc, StarletteHTTPException)
    if request.url.path.startswith("/api/"):
        return problems.problem(exc.status_code, str(exc.detail), str(exc.detail), "http_error")
    return error_page(request, exc.status_code, str(exc.detail))


def health() -> JSONResponse:
    """Liveness probe."""
    return JSONResponse({"ok": True, "version": __version__})
