"""The main job: `policyhub serve`."""

from __future__ import annotations

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    db: str | None = typer.Option(None, envvar="POLICYHUB_DB", help="Database URL (default: ./policyhub.sqlite)."),
    demo: bool = typer.Option(False, help="Load the demo dataset on first start (an empty database)."),
) -> None:
    """Serve the HTTP API (/api, OpenAPI at /docs) and the web pages."""
    import uvicorn

    from policyhub.web.app import create_app

    app = create_app(db)
    if demo:
        from policyhub.web.demo import load_demo

        load_demo(app.state.services)
    typer.echo(f"policyhub serving on http://{host}:{port}/  (database: {app.state.services.db_url})")
    uvicorn.run(app, host=host, port=port, log_level="info")
