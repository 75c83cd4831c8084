"""Routers: ``api_patents`` (JSON under /api) and ``pages`` (HTML)."""
