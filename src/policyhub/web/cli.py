"""The main job: `policyhub serve`."""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import sys
import threading
import time
from typing import Any

import typer

from policyhub.errors import InputError


def serve(
    host: str = typer.Option("127.0.0.1", help="监听地址 Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="监听端口 Port to listen on (1–65535)."),
    db: str | None = typer.Option(
        None, envvar="POLICYHUB_DB", help="数据库地址 Database URL (默认 default: ./policyhub.sqlite)."
    ),
    demo: bool = typer.Option(False, help="载入演示数据 Load the demo dataset on first start (an empty database)."),
    public_url: str | None = typer.Option(
        None,
        envvar="POLICYHUB_PUBLIC_URL",
        help="公开地址 Public address that QR codes and statements carry (default: the address served on).",
    ),
    workers: int = typer.Option(
        1,
        min=1,
        max=64,
        help="工作进程数 Worker processes (PostgreSQL only: the journal head's row lock orders them).",
    ),
    access_log: bool = typer.Option(
        True,
        "--access-log/--no-access-log",
        help="记录请求日志 Log every request (off behind a proxy that logs them).",
    ),
) -> None:
    """启动服务 serve the HTTP API (/api, OpenAPI at /docs) and the web pages."""
    from policyhub.gec.config import public_url as check_public_url
    from policyhub.storage import resolve_url, will_create

    url = resolve_url(db)
    if workers > 1 and not url.startswith("postgresql"):
        raise InputError(
            f"--workers {workers} 需要 PostgreSQL needs PostgreSQL: a SQLite file has one writer at a time, so extra "
            "processes would only queue on its lock; use --db postgresql://… or --workers 1",
            "bad_workers",
        )
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
    shown = f"{workers} 个进程 worker processes" if workers > 1 else "1 个进程 process"
    typer.echo(f"policyhub 服务已启动 serving on http://{host}:{port}/  (数据库 database: {services.db_url}; {shown})")
    typer.echo(f"公开地址 public address (QR codes, statements): {address}")
    from policyhub.gec.expiry import start as start_expiry

    # 第二十四条: expire now, then daily after Beijing midnight — in this process only, whatever the workers.
    stop_expiry = start_expiry(services.registry)
    try:
        if workers == 1:
            _freeze_start_up()
            uvicorn.run(app, host=host, port=port, log_level="info", access_log=access_log)
        else:
            # Each worker builds its own app (its own pool and group-commit queue) from these two settings.
            os.environ[ENV_DB], os.environ[ENV_PUBLIC] = services.db_url, address
            _serve_workers(host, port, workers, access_log)
    finally:
        stop_expiry.set()


ENV_DB, ENV_PUBLIC = "POLICYHUB_DB", "POLICYHUB_PUBLIC_URL"
ENV_PARENT = "POLICYHUB_SERVE_PARENT"  # the pid of `serve --workers N`, whose workers end when it does
PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
ORPHAN_POLL_S = 0.5  # how often a worker checks that its parent is still there (the fallback to PDEATHSIG)
ORPHAN_GRACE_S = 20.0  # an orphaned worker finishes its requests this long, then exits regardless


def _serve_workers(host: str, port: int, workers: int, access_log: bool) -> None:
    """uvicorn's worker processes on a socket we bind ourselves.

    uvicorn binds its shared socket with protocol 0, and asyncio sets TCP_NODELAY only on sockets whose protocol is
    TCP: each keep-alive response then waited ~40 ms for the client's delayed ACK (measured: 44 ms against 1 ms
    for a single process). A socket made with IPPROTO_TCP gives every accepted connection TCP_NODELAY.
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(f"{__name__}:worker_app", factory=True, host=host, port=port, workers=workers,
                            log_level="info", access_log=access_log)  # fmt: skip
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    os.environ[ENV_PARENT] = str(os.getpid())  # spawned workers inherit it (worker_app reads it)
    Multiprocess(config, sockets=[sock]).run()


def worker_app() -> Any:
    """The app one worker process of `serve --workers N` serves (database and public address from the parent)."""
    from policyhub.web.app import create_app

    app = create_app(os.environ[ENV_DB], public_url=os.environ.get(ENV_PUBLIC))
    services = app.state.services
    _ = services.registry, services.tokens
    _end_with_parent()
    _freeze_start_up()
    return app


def _end_with_parent() -> None:
    """A worker ends when `serve` does, even by `kill -9`: else it keeps the port and takes writes unsupervised.

    On Linux the kernel sends SIGTERM when the parent dies (PR_SET_PDEATHSIG; uvicorn then stops listening at once
    and finishes what is in flight); a thread watching the parent's pid covers other systems and a parent that died
    before this ran.
    """
    expected = int(os.environ.get(ENV_PARENT, "0") or 0)
    if not expected:
        return
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watching thread still ends the worker

    def watch() -> None:
        while os.getppid() == expected:
            time.sleep(ORPHAN_POLL_S)
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(ORPHAN_GRACE_S)
        os._exit(1)  # requests that outlived the grace period: the registry's transactions are atomic anyway

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _freeze_start_up() -> None:
    """Leave what start-up made out of every later garbage collection.

    A full collection walked the ≈165,000 objects of the loaded modules (matplotlib's tables, the schema, the
    routes) in ≈90 ms, and every request in flight waited for it: at 16 connections buys had a p99 of 80–130 ms.
    Frozen, those objects are never walked again; what the service allocates afterwards is collected as before.
    """
    import gc

    gc.collect()
    gc.freeze()


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
