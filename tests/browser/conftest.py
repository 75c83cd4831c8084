"""A live workbench for browser tests: uvicorn on a free loopback port, Chromium via Playwright.

The server is ``kizuna serve`` in a subprocess on a temporary SQLite file, with
the sample evidence added by the CLI first (the browser then ingests the
patents itself). Chromium is Debian's ``/usr/bin/chromium`` (installed by
``scripts/system-deps.sh``), launched by path: ``playwright install`` is never
needed. Screenshots go to ``tmp/artifacts/browser/`` (``KIZUNA_ARTIFACTS``
overrides ``tmp/artifacts``); the folder is printed in the test output.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.error import HTTPError, URLError
from urllib.request import urlopen

import pytest

from tests.chart_support import CHARTS, MID

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _status(url: str) -> int:
    """The HTTP status of GET ``url``; 0 when nothing answers."""
    try:
        with urlopen(url, timeout=2) as response:
            status: int = response.status
            return status
    except HTTPError as error:
        return error.code
    except (URLError, OSError):
        return 0


USER, PASSWORD = "browser", "browser-test-password-42"
#: An analyst who is a member of another matter only: the licensing day's campaign and chart
#: (in the default matter) are not theirs.
OUTSIDER, OUTSIDER_PASSWORD = "outsider", "outsider-test-password-42"


def _cli(db: Path, *args: str, stdin: str | None = None) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-m", "kizuna.cli", "--db", str(db), *args], check=True,
                   env=env, capture_output=True, timeout=300, input=stdin, text=True)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a live ``kizuna serve`` with the MID-3000 evidence stored."""
    folder = tmp_path_factory.mktemp("live")
    db = folder / "kizuna.db"
    _cli(db, "companies", "import", str(CHARTS / "companies.csv"))
    _cli(db, "evidence", "add", str(CHARTS / "mid3000-datasheet-ja.md"), "--product", MID,
         "--company", "Example Moulding K.K.")
    _cli(db, "users", "add", USER, "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n")
    _cli(db, "users", "add", OUTSIDER, "--role", "analyst", "--password-stdin",
         stdin=OUTSIDER_PASSWORD + "\n")
    _cli(db, "matters", "create", "Other licensing")
    _cli(db, "matters", "add-member", "Other licensing", OUTSIDER)
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"),
           "KIZUNA_CACHE_DIR": str(folder / "cache")}
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "kizuna.cli", "--db", str(db), "serve", "--port", str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if _status(f"{base}/api/health") == 200:
                break
            if server.poll() is not None:
                raise RuntimeError((folder / "server.log").read_text())
            time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def artifacts() -> Path:
    """The folder the screenshots go to (printed, so the test output names it)."""
    folder = Path(os.environ.get("KIZUNA_ARTIFACTS", ROOT / "tmp" / "artifacts")) / "browser"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"\nbrowser screenshots: {folder}")
    return folder


@pytest.fixture(scope="module")
def browser_page(live_server: str) -> Iterator[Any]:
    """A Chromium page; skipped when Debian chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (run scripts/system-deps.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(base_url=live_server, accept_downloads=True,
                                      locale="en-GB", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(60_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


@pytest.fixture(scope="module")
def outsider_page(browser_page: Any, live_server: str, artifacts: Path) -> Iterator[Any]:
    """A second browser context (its own cookies), Japanese, logged in as the outsider."""
    context = browser_page.context.browser.new_context(
        base_url=live_server, accept_downloads=True, locale="ja-JP",
        extra_http_headers={"Accept-Language": "ja-JP,ja;q=0.9"},
        viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto("/login")
    page.fill("input[name=username]", OUTSIDER)
    page.fill("input[name=password]", OUTSIDER_PASSWORD)
    page.screenshot(path=str(artifacts / "11-outsider-login-ja.png"), full_page=True)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/patents"))
    try:
        yield page
    finally:
        context.close()


@pytest.fixture(scope="module")
def browser_session(browser_page: Any, live_server: str) -> Any:
    """The page, logged in through ``/login`` as the admin the live server was given (the one
    login step); ``KIZUNA_TEST_USER``/``KIZUNA_TEST_PASSWORD`` name another account."""
    browser_page.goto("/login")
    browser_page.fill("input[name=username]", os.environ.get("KIZUNA_TEST_USER", USER))
    browser_page.fill("input[name=password]", os.environ.get("KIZUNA_TEST_PASSWORD", PASSWORD))
    browser_page.click("button[type=submit]")
    return browser_page
