"""``kizuna serve``: the local web workbench and REST API (docs/web.md)."""

from __future__ import annotations

import errno
import socket
from typing import Annotated

import typer

from kizuna.cli.common import err_console, state
from kizuna.errors import KizunaError

__all__ = ["bind", "serve"]


def serve(
    ctx: typer.Context,
    host: Annotated[
        str, typer.Option(help="Address to listen on; keep 127.0.0.1 (there is no login).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
) -> None:
    """Serve the web workbench and the REST API (pages at /, API under /api, OpenAPI at /docs)."""
    try:
        import uvicorn

        from kizuna.web.app import create_app
    except ImportError as exc:
        raise KizunaError(
            f"kizuna serve needs the web extra ({exc.name} is missing): pip install 'kizuna[web]'"
        ) from exc
    bind(host, port).close()  # before printing the URL: a taken port is one clear line
    app = create_app(state(ctx).settings)
    err_console.print(f"Kizuna on http://{host}:{port}/  (Ctrl+C stops)", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="info")


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``; KizunaError naming the fault when it cannot be."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
    except socket.gaierror:
        raise KizunaError(f"--host {host!r}: not an address this machine knows") from None
    listener = socket.socket(family, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind((host, port))
        listener.listen(128)
    except OSError as exc:
        listener.close()
        if exc.errno == errno.EADDRINUSE:
            raise KizunaError(f"port {port} on {host} is already in use (another kizuna serve?);"
                              " stop it or choose another with --port") from None
        raise KizunaError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    return listener
