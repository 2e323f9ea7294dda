"""The main job: `policyhub serve`."""

import typer


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    db: str | None = typer.Option(None, envvar="POLICYHUB_DB", help="Database URL (default: SQLite file)."),
    demo: bool = typer.Option(False, help="Load the demo dataset on first start."),
) -> None:
    """Serve the HTTP API and web pages."""
    raise typer.Exit(1)
