"""/docs (Swagger UI) and /redoc served from vendored assets: they work with no internet.

FastAPI's built-in docs pages load their JavaScript, CSS, favicon and (ReDoc) Google fonts from public CDNs, so
offline they are blank. The app is built with ``docs_url=None, redoc_url=None`` and these routes replace them,
pointing at ``/static/vendor/`` (see ``static/vendor/README.md`` for the versions and licences).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse

VENDOR = "/static/vendor"
SWAGGER_JS = f"{VENDOR}/swagger-ui/swagger-ui-bundle.js"
SWAGGER_CSS = f"{VENDOR}/swagger-ui/swagger-ui.css"
FAVICON = f"{VENDOR}/swagger-ui/favicon-32x32.png"
REDOC_JS = f"{VENDOR}/redoc/redoc.standalone.js"
OAUTH2_REDIRECT = "/docs/oauth2-redirect"
# The browser itself refuses anything from off this server: ReDoc 2's menu footer always asks for its logo from
# cdn.redoc.ly (no option turns that off); under this policy the request is never made and the logo is left out.
# Inline script and styles are FastAPI's page template and ReDoc's styled-components; ReDoc searches in a blob worker.
CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; "
    "object-src 'none'; base-uri 'self'"
)


def install_docs(app: FastAPI) -> None:
    """Add /docs, /docs/oauth2-redirect and /redoc, all assets local (the app needs ``docs_url=None``)."""
    openapi = app.openapi_url or "/openapi.json"

    async def swagger_ui(request: Request) -> HTMLResponse:
        root = _root(request)
        return _local_only(
            get_swagger_ui_html(
                openapi_url=root + openapi,
                title=f"{app.title} - Swagger UI",
                swagger_js_url=root + SWAGGER_JS,
                swagger_css_url=root + SWAGGER_CSS,
                swagger_favicon_url=root + FAVICON,
                oauth2_redirect_url=root + OAUTH2_REDIRECT,
                init_oauth=app.swagger_ui_init_oauth,
                # No online validator badge (validator.swagger.io): nothing on the page may leave the machine.
                swagger_ui_parameters={"validatorUrl": None, **(app.swagger_ui_parameters or {})},
            )
        )

    async def swagger_ui_redirect(request: Request) -> HTMLResponse:
        return _local_only(get_swagger_ui_oauth2_redirect_html())

    async def redoc(request: Request) -> HTMLResponse:
        root = _root(request)
        return _local_only(
            get_redoc_html(
                openapi_url=root + openapi,
                title=f"{app.title} - ReDoc",
                redoc_js_url=root + REDOC_JS,
                redoc_favicon_url=root + FAVICON,
                with_google_fonts=False,
            )
        )

    app.add_route("/docs", swagger_ui, include_in_schema=False)
    app.add_route(OAUTH2_REDIRECT, swagger_ui_redirect, include_in_schema=False)
    app.add_route("/redoc", redoc, include_in_schema=False)


def _root(request: Request) -> str:
    """The mount prefix behind a proxy (``root_path``), as FastAPI's own docs routes use it."""
    return str(request.scope.get("root_path", "")).rstrip("/")


def _local_only(page: HTMLResponse) -> HTMLResponse:
    page.headers["Content-Security-Policy"] = CSP
    return page
