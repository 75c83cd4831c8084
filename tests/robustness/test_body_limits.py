"""Issue 12.7: request bodies are limited before they are parsed (413, memory flat).

The large-body tests talk to a real uvicorn server over a loopback socket and
stream the body, so nothing here ever holds the 500 MB the client announces.
"""

from __future__ import annotations

import json
import resource
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi.testclient import TestClient

from kizuna.adapters.storage.db import open_database
from kizuna.settings import Settings, sqlite_url
from kizuna.web.app import create_app
from tests.web.auth_support import bearer, make_user

TOKEN: dict[str, str] = {}  # the live server's API token header
MB = 1024 * 1024


@pytest.fixture
def server(tmp_path: Path) -> Iterator[int]:
    """Port of a live Kizuna server (default limits) on 127.0.0.1; ``TOKEN`` authenticates."""
    database = open_database(sqlite_url(tmp_path / "k.db"))
    make_user(database, "limits", "admin")
    TOKEN["header"] = bearer(database, "limits")["Authorization"]
    app = create_app(Settings(database_url=sqlite_url(tmp_path / "k.db")), database=database)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error", lifespan="off")
    live = uvicorn.Server(config)
    thread = threading.Thread(target=live.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not live.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert live.started
    yield port
    live.should_exit = True
    thread.join(timeout=10)


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stream(port: int, head: bytes, chunks: Iterator[bytes]) -> tuple[int, dict[str, object]]:
    """Send ``head`` then ``chunks`` until the server answers; its status and JSON body."""
    with socket.create_connection(("127.0.0.1", port), timeout=20) as connection:
        connection.sendall(head)
        connection.settimeout(0.01)
        answer = b""
        for chunk in chunks:
            try:
                connection.sendall(chunk)
            except OSError:
                break  # the server has answered and closed: stop sending
            try:
                answer += connection.recv(65536)
            except (TimeoutError, BlockingIOError):
                continue
            if answer:
                break
        connection.settimeout(20)
        while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
            data = connection.recv(65536)
            if not data:
                break
            answer += data
    header, _, body = answer.partition(b"\r\n\r\n")
    status = int(header.split()[1])
    if b"transfer-encoding: chunked" in header.lower():
        body = body.split(b"\r\n", 1)[1].rsplit(b"\r\n0\r\n", 1)[0]
    return status, json.loads(body)


def _chunks(total: int, size: int = 256 * 1024) -> Iterator[bytes]:
    block = b"9" * size
    for _ in range(total // size):
        yield block


def test_a_declared_500_mb_json_body_is_refused_before_it_is_read(server: int) -> None:
    before = _peak_rss_mb()
    head = (
        b"POST /api/damages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {500 * MB}\r\n\r\n".encode()
        + b'{"method": "102-3", "sales": '
    )
    status, body = _stream(server, head, _chunks(500 * MB))
    assert status == 413
    assert "KIZUNA_MAX_JSON_BODY_BYTES" in str(body["error"])
    assert _peak_rss_mb() - before < 100


def test_a_chunked_body_is_counted_as_it_streams(server: int) -> None:
    before = _peak_rss_mb()
    head = (
        b"POST /api/deals/model HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
        + f"Authorization: {TOKEN['header']}\r\n".encode()
        + b"Transfer-Encoding: chunked\r\n\r\n"
    )
    framed = (f"{len(c):x}\r\n".encode() + c + b"\r\n" for c in _chunks(500 * MB))
    status, body = _stream(server, head, framed)
    assert status == 413
    assert "over the limit of 1,048,576 bytes" in str(body["error"])
    assert _peak_rss_mb() - before < 100


def test_limits_follow_the_settings_and_the_content_type(tmp_path: Path) -> None:
    settings = Settings(
        database_url=sqlite_url(tmp_path / "k.db"),
        max_json_body_bytes=2048,
        max_upload_body_bytes=8192,
        allowed_hosts="testserver",
    )
    database = open_database(settings.database_url)
    make_user(database, "limits", "admin")
    app = create_app(settings, database=database)
    with TestClient(app, headers=bearer(database, "limits")) as client:
        small = client.post("/api/damages", json={"method": "102-3", "sales": 1, "rate": "3%"})
        assert small.status_code == 200, small.text
        big = client.post("/api/damages", content=b"{" + b" " * 4096 + b"}",
                          headers={"content-type": "application/json"})
        assert big.status_code == 413
        assert big.json()["error"].startswith("request body over the limit of 2,048 bytes")
        page = client.post("/charts", data={"patent": "x" * 5000})
        assert page.status_code == 413
        assert "Too large" in page.text
        upload = client.post("/api/evidence", data={"product": "P"},
                             files={"files": ("a.txt", b"x" * 6000, "text/plain")})
        assert upload.status_code != 413  # multipart: the upload limit applies
        too_big = client.post("/api/evidence", data={"product": "P"},
                              files={"files": ("a.txt", b"x" * 9000, "text/plain")})
        assert too_big.status_code == 413
        assert "KIZUNA_MAX_UPLOAD_BODY_BYTES" in too_big.json()["error"]
