"""The main job: `policyhub serve`."""

from __future__ import annotations

import socket

import typer

from policyhub.errors import InputError


def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on (1–65535)."),
    db: str | None = typer.Option(None, envvar="POLICYHUB_DB", help="Database URL (default: ./policyhub.sqlite)."),
    demo: bool = typer.Option(False, help="Load the demo dataset on first start (an empty database)."),
    public_url: str | None = typer.Option(
        None,
        envvar="POLICYHUB_PUBLIC_URL",
        help="Public address that QR codes and statements carry (default: the address served on).",
    ),
) -> None:
    """Serve the HTTP API (/api, OpenAPI at /docs) and the web pages."""
    from policyhub.gec.adapters.db import resolve_url, will_create
    from policyhub.gec.config import public_url as check_public_url

    url = resolve_url(db)
    address = check_public_url(public_url or f"http://{_shown_host(host)}:{port}")
    _check_port(host, port)
    new = will_create(url)

    import uvicorn

    from policyhub.web.app import create_app

    app = create_app(url, public_url=address)
    services = app.state.services
    _ = services.registry, services.tokens  # open (and migrate) now: a bad database fails here, not per request
    if new:
        typer.echo(f"已新建数据库 created a new database: {services.db_url}", err=True)
    if demo:
        from policyhub.web.demo import load_demo

        load_demo(services)
    typer.echo(f"policyhub 服务已启动 serving on http://{host}:{port}/  (数据库 database: {services.db_url})")
    typer.echo(f"公开地址 public address (QR codes, statements): {address}")
    from policyhub.gec.expiry import start as start_expiry

    stop_expiry = start_expiry(services.registry)  # 第二十四条: expire now, then daily after Beijing midnight
    try:
        uvicorn.run(app, host=host, port=port, log_level="info")
    finally:
        stop_expiry.set()


def _shown_host(host: str) -> str:
    """The name others reach a server listening on every interface by; else the address itself."""
    if host in ("0.0.0.0", "::", ""):
        return socket.getfqdn()
    return f"[{host}]" if ":" in host else host


def _check_port(host: str, port: int) -> None:
    """Refuse at once (exit 2) a port that is taken or an address this machine does not have."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"无法在 {host}:{port} 上监听 cannot listen on {host}:{port}: {exc.strerror or exc}; "
                "choose another --port or --host",
                "bad_address",
            ) from None
