"""Kizuna's local web workbench and REST API (FastAPI, server-rendered Jinja2).

Build the application with :func:`kizuna.web.app.create_app`; nothing is
created at import time. Needs the ``web`` extra (fastapi, uvicorn, jinja2,
python-multipart).
"""

from kizuna.web.app import create_app

__all__ = ["create_app"]
