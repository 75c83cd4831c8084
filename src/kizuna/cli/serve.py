"""``kizuna serve``: the web workbench and REST API (docs/web.md, docs/deploy.md).

Every page and API route needs a login (``kizuna users add``). On loopback with
no user yet, the first serve creates the admin ``admin`` with a one-time
password printed once. On any other address serve refuses to start until a user
exists, and reminds you to put TLS (a reverse proxy) in front.
"""

from __future__ import annotations

import errno
import ipaddress
import os
import socket
from typing import Annotated

import typer

from kizuna.cli.common import AppState, err_console, state
from kizuna.errors import KizunaError

__all__ = ["bind", "default_workers", "is_loopback", "serve"]

WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and ``localhost``."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _first_admin(st: AppState, host: str) -> None:
    from kizuna.services.accounts.users import add_user, count_users

    if count_users(st.database(create=True)) > 0:  # serving a new folder creates its database
        return
    if not is_loopback(host):
        raise KizunaError(
            f"refusing to serve on {host} with no user account: add one first with "
            "`kizuna users add NAME --role admin`, then serve again"
        )
    user, password = add_user(st.database(), "admin", role="admin", actor=st.actor())
    err_console.print(
        f"first start: created user {user.username} (admin) with one-time password "
        f"{password} — shown once; change it with `kizuna users reset-password admin`",
        markup=False,
    )


def serve(
    ctx: typer.Context,
    host: Annotated[
        str,
        typer.Option(help="Address to listen on; other than loopback needs a user and TLS."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[
        int,
        typer.Option(help="Worker processes (sessions are in the database); 0: one per CPU "
                     "core, at most 4 (1 for an in-memory database).", min=0, max=64),
    ] = 0,
) -> None:
    """Serve the web workbench and the REST API (pages at /, API under /api, OpenAPI at /docs)."""
    try:
        import uvicorn

        from kizuna.web.app import create_app
    except ImportError as exc:
        raise KizunaError(
            f"kizuna serve needs the web extra ({exc.name} is missing): pip install 'kizuna[web]'"
        ) from exc
    st = state(ctx)
    bind(host, port).close()  # first: a taken port is one clear line, and no account is made
    _first_admin(st, host)
    settings = st.settings
    if host not in WILDCARDS and host not in settings.host_names():
        settings = settings.model_copy(update={"allowed_hosts": f"{settings.allowed_hosts},{host}"})
    if not is_loopback(host):
        err_console.print(
            f"warning: serving on {host} without TLS; put a reverse proxy with HTTPS in front "
            "(docs/deploy.md) and set KIZUNA_ALLOWED_HOSTS to the names users type",
            markup=False,
        )
    workers = workers or default_workers(settings.database_url)
    err_console.print(f"Kizuna on http://{host}:{port}/ with {workers} worker"
                      f"{'s' if workers > 1 else ''}  (Ctrl+C stops)", markup=False)
    if workers > 1:
        os.environ["KIZUNA_DATABASE_URL"] = settings.database_url
        os.environ["KIZUNA_ALLOWED_HOSTS"] = settings.allowed_hosts
        uvicorn.run("kizuna.web.app:create_app", factory=True, host=host, port=port,
                    workers=workers, log_level="info")
        return
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")


def default_workers(database_url: str) -> int:
    """Worker processes when ``--workers`` is not given: one per CPU core, at most 4.

    Several processes use several cores (one Python process runs Python code on one
    core at a time); sessions and login throttling live in the database, so any worker
    answers any request. An in-memory SQLite database exists in one process only: 1.
    """
    if database_url in {"sqlite://", "sqlite:///:memory:"}:
        return 1
    return max(1, min(4, os.cpu_count() or 1))


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
