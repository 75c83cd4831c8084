"""``kizuna serve``: the local web workbench and REST API (docs/web.md)."""

from __future__ import annotations

from typing import Annotated

import typer

from kizuna.cli.common import err_console, state
from kizuna.errors import KizunaError

__all__ = ["serve"]


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
    app = create_app(state(ctx).settings)
    err_console.print(f"Kizuna on http://{host}:{port}/  (Ctrl+C stops)", markup=False)
    uvicorn.run(app, host=host, port=port, log_level="info")
