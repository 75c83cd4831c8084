"""The load benchmark's clients (benchmarks/web.py): users, keep-alive connections, tallies."""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections import defaultdict
from urllib.parse import urlencode

PASSWORD = "benchmark-password-0"  # users of the throwaway benchmark database only
IDLE_RECONNECT = 4.0  # seconds; uvicorn closes a keep-alive connection idle for 5 s


def add_users(url: str, count: int) -> None:
    """``count`` analysts named ``reviewer0``… in the default matter, all with PASSWORD."""
    from kizuna.adapters.storage.accounts import DEFAULT_MATTER_ID
    from kizuna.adapters.storage.db import open_database
    from kizuna.services.accounts import matters, users
    from kizuna.services.accounts.audit import Actor

    database, actor = open_database(url), Actor("benchmark", "cli", None)
    for i in range(count):
        users.add_user(database, f"reviewer{i}", role="analyst", password=PASSWORD, actor=actor)
        matters.add_member(database, DEFAULT_MATTER_ID, f"reviewer{i}", actor=actor)
    database.dispose()


class Client:
    """One keep-alive HTTP connection of one logged-in user that times every request."""

    def __init__(self, port: int, username: str = "") -> None:
        self.address = ("127.0.0.1", port)
        self.connection = http.client.HTTPConnection(*self.address, timeout=60)
        self.headers: dict[str, str] = {}
        self.used = time.perf_counter()
        if username:
            self.login(username)

    def login(self, username: str) -> None:
        """Log in through ``POST /login``; send the cookie and the CSRF token from now on."""
        body = urlencode({"username": username, "password": PASSWORD}).encode()
        self.connection.request("POST", "/login", body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        response = self.connection.getresponse()
        response.read()
        cookie = (response.getheader("set-cookie") or "").split(";", 1)[0]
        if response.status != 303 or not cookie:
            raise SystemExit(f"login as {username} failed: {response.status}")
        self.headers = {"Cookie": cookie}
        _status, data, _ = self.request("GET", "/api/me")
        self.headers["X-CSRF-Token"] = json.loads(data)["csrf"]

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
        """Send one request; a GET on a keep-alive connection the server closed is resent
        once on a new connection (as browsers and urllib3 do). A POST is never resent."""
        headers = {**self.headers, **(headers or {})}
        if time.perf_counter() - self.used > IDLE_RECONNECT:  # as browsers do: the server
            self.connection.close()  # drops keep-alive connections idle for 5 s
            self.connection = http.client.HTTPConnection(*self.address, timeout=60)
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            if method != "GET":
                raise
            self.connection.close()
            self.connection = http.client.HTTPConnection(*self.address, timeout=60)
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        data = response.read()
        self.used = time.perf_counter()
        return response.status, data, self.used - started


def multipart(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
    boundary = "kizuna-bench-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
             for k, v in fields.items()]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


class Load:
    """Shared results of all client threads."""

    def __init__(self, chart: int, campaign: int, elements: list[str]) -> None:
        self.chart, self.campaign, self.elements = chart, campaign, elements
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: list[str] = []
        self.conflicts = 0
        self.notes: list[str] = []
        self.entries: list[str] = []
        self.lock = threading.Lock()

    def fresh(self) -> Load:
        """A Load for a new phase: its own latencies, the same writes and errors."""
        other = Load(self.chart, self.campaign, self.elements)
        other.errors, other.notes, other.entries, other.lock = (
            self.errors, self.notes, self.entries, self.lock)
        return other

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)


def fault(data: bytes) -> str:
    """The error message of a JSON error body or an HTML error page, shortened."""
    start = data.find(b"<main>")
    return repr(data[start:start + 400] if start >= 0 else data[:400])
