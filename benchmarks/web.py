"""Web workbench under load: concurrent reviewers and loggers against a live server on loopback.

    .venv/bin/python benchmarks/web.py                       # 2,000 patents, 8 clients, 15 s
    .venv/bin/python benchmarks/web.py --patents 10000 --clients 20 --seconds 60
    .venv/bin/python benchmarks/web.py --database-url postgresql+psycopg://…/kizuna_bench

Builds a portfolio of N patents (copies of the real US, EP and JP samples, each with its own
numbers and source hash) in a fresh database, indexes it for search, adds the MID-3000
evidence, builds one claim chart and opens one campaign, then starts ``kizuna serve`` on a free
loopback port. C client threads (keep-alive HTTP/1.1) then loop for S seconds, each request
drawn at random:

- pages: the portfolio searched and paged, one patent (family, claim tree), the chart, the
  campaign;
- API reads: ``GET /api/patents`` searched and paged, one patent, the campaign;
- writes: a chart review note sent with the element version last seen (200, or 409 when
  another client got there first: expected, counted, not an error), and a campaign log entry.

Afterwards it checks that nothing was lost: every accepted review note is in the chart's history
and every accepted log entry is in the campaign record, whose hash chain verifies. An error is
any 5xx, any unexpected status or a failed connection. Latency baseline: ``GET /api/health`` in
the same run (framework and loopback only); each p95 is also given as a multiple of it.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT / "tests" / "data"
SAMPLES = [DATA / "uspto" / "US08930553.xml", DATA / "epo" / "grant-v1-5-B1.xml",
           DATA / "jpo" / "2020123456-progress.json",
           DATA / "jpo" / "2020123456-A523-amendment.xml"]
EVIDENCE = DATA / "charts" / "mid3000-datasheet-ja.md"
WORDS = ["立体配線", "配線", "session initiation", "battery", "turbine", "メイショウ", "rotor",
         "導電", "protocol", "8930553"]


def build_portfolio(url: str, count: int) -> None:
    """Store ``count`` patents copied from the samples, index them, add evidence and a chart."""
    from kizuna.adapters.storage.db import open_database
    from kizuna.domain.ids import PatentNumber
    from kizuna.services.evidence import add_evidence
    from kizuna.services.ingest import ingest_paths
    from kizuna.services.patents import as_store, get_patent
    from kizuna.services.portfolio import refresh_index

    database = open_database(url)
    ingest_paths(paths=SAMPLES, database=database)
    bases = [get_patent(database=database, number=n)
             for n in ("US8930553B2", "EP3404678B1", "JP7533889B2")]
    copies = []
    for i in range(max(0, count - len(bases))):
        base = bases[i % len(bases)]
        numbers = tuple(PatentNumber(country=n.country, number=f"9{i:07d}{k}", kind=n.kind,
                                     type=n.type) for k, n in enumerate(base.numbers))
        canonical = next(n for n, old in zip(numbers, base.numbers, strict=True)
                         if old == base.number)
        sources = tuple(replace(s, sha256=hashlib.sha256(f"{i}/{s.sha256}".encode()).hexdigest())
                        for s in base.sources)
        copies.append(replace(base, number=canonical, numbers=numbers, sources=sources))
    store = as_store(database)
    for start in range(0, len(copies), 500):
        with store.unit_of_work() as uow:
            uow.patents.add_many(copies[start:start + 500])
            uow.commit()
    started = time.perf_counter()
    indexed = refresh_index(database=database)
    print(f"indexed {indexed} patents for search in {time.perf_counter() - started:.1f} s")
    add_evidence(database, [EVIDENCE], product="MID-3000", company="Example Moulding K.K.")
    database.dispose()


class Client:
    """One keep-alive HTTP connection that times every request."""

    def __init__(self, port: int) -> None:
        self.address = ("127.0.0.1", port)
        self.connection = http.client.HTTPConnection(*self.address, timeout=60)

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, bytes, float]:
        """Send one request; a GET on a keep-alive connection the server closed is resent
        once on a new connection (as browsers and urllib3 do). A POST is never resent."""
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
        except (ConnectionResetError, http.client.RemoteDisconnected):
            if method != "GET":
                raise
            self.connection.close()
            self.connection = http.client.HTTPConnection(*self.address, timeout=60)
            self.connection.request(method, path, body=body, headers=headers or {})
            response = self.connection.getresponse()
        data = response.read()
        return response.status, data, time.perf_counter() - started


def _multipart(fields: dict[str, str]) -> tuple[bytes, dict[str, str]]:
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

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds)


def _fault(data: bytes) -> str:
    """The error message of a JSON error body or an HTML error page, shortened."""
    start = data.find(b"<main>")
    return repr(data[start:start + 400] if start >= 0 else data[:400])


def _read_path(load: Load, rng: random.Random, roll: float) -> tuple[str, str]:
    """A (path, kind) to GET: pages 0-0.39, API reads 0.39-0.70, the baseline up to 0.74."""
    word = quote(rng.choice(WORDS))
    sort = rng.choice(["number", "-expiry"])
    table = [
        (0.15, f"/patents?q={word}&page={rng.randint(1, 3)}&sort={sort}", "page"),
        (0.25, "/patents/JP7533889B2", "page"),
        (0.32, f"/charts/{load.chart}", "page"),
        (0.39, f"/campaigns/{load.campaign}", "page"),
        (0.54, f"/api/patents?q={word}&per_page=50", "api"),
        (0.62, "/api/patents/US8930553B2", "api"),
        (0.70, f"/api/campaigns/{load.campaign}", "api"),
    ]
    return next(((path, kind) for limit, path, kind in table if roll < limit),
                ("/api/health", "baseline"))


def _review(client: Client, load: Load, rng: random.Random, name: str,
            versions: dict[str, int]) -> None:
    element = rng.choice(load.elements)
    note = f"{name}-{rng.getrandbits(40):x}"
    body = json.dumps({"element": element, "action": "note", "value": note, "who": name,
                       "version": versions.get(element, 0)}).encode()
    status, data, seconds = client.request("POST", f"/api/charts/{load.chart}/review", body,
                                           {"Content-Type": "application/json"})
    load.record("write", seconds)
    if status == 200:
        versions.update(json.loads(data)["versions"])
        with load.lock:
            load.notes.append(note)
    elif status == 409:
        with load.lock:
            load.conflicts += 1
        versions.update(json.loads(client.request("GET", f"/api/charts/{load.chart}")[1])
                        ["versions"])
    else:
        load.errors.append(f"review {status}: {_fault(data)}")


def _log(client: Client, load: Load, rng: random.Random, name: str) -> None:
    summary = f"{name} {rng.getrandbits(40):x}"
    body, headers = _multipart({"summary": summary, "kind": "note"})
    status, data, seconds = client.request("POST", f"/api/campaigns/{load.campaign}/log",
                                           body, headers)
    load.record("write", seconds)
    if status == 201:
        with load.lock:
            load.entries.append(summary)
    else:
        load.errors.append(f"log {status}: {_fault(data)}")


def _step(client: Client, load: Load, rng: random.Random, name: str,
          versions: dict[str, int]) -> None:
    roll = rng.random()
    if roll >= 0.88:
        _log(client, load, rng, name)
    elif roll >= 0.74:
        _review(client, load, rng, name, versions)
    else:
        path, kind = _read_path(load, rng, roll)
        status, data, seconds = client.request("GET", path)
        load.record(kind, seconds)
        if status != 200:
            load.errors.append(f"GET {path} {status}: {_fault(data)}")


def client_loop(port: int, load: Load, name: str, until: float, seed: int) -> None:
    """Send requests until ``until`` (a perf_counter time)."""
    rng, client = random.Random(seed), Client(port)
    versions: dict[str, int] = {}
    while time.perf_counter() < until:
        try:
            _step(client, load, rng, name, versions)
        except (OSError, http.client.HTTPException) as exc:
            load.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            client = Client(port)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def _setup_subjects(port: int) -> tuple[int, int, list[str]]:
    client = Client(port)
    body = json.dumps({"patent": "JP7533889B2", "claim": 1, "product": "MID-3000",
                       "method": "bm25"}).encode()
    status, data, _ = client.request("POST", "/api/charts", body,
                                     {"Content-Type": "application/json"})
    assert status == 201, data
    chart = json.loads(data)
    body = json.dumps({"licensee": "例示電機株式会社", "patents": ["JP7533889B2"]}).encode()
    status, data, _ = client.request("POST", "/api/campaigns", body,
                                     {"Content-Type": "application/json"})
    assert status == 201, data
    return chart["id"], json.loads(data)["id"], [e["id"] for e in chart["elements"]]


def _lost(port: int, load: Load) -> list[str]:
    client = Client(port)
    chart = json.loads(client.request("GET", f"/api/charts/{load.chart}")[1])
    noted = {e["value"] for e in chart["history"]}
    record = json.loads(client.request("GET", f"/api/campaigns/{load.campaign}")[1])["record"]
    logged = {e["summary"] for e in record}
    verify = json.loads(client.request("GET", f"/api/campaigns/{load.campaign}/verify")[1])
    lost = [f"review note {n}" for n in load.notes if n not in noted]
    lost += [f"log entry {s}" for s in load.entries if s not in logged]
    if not verify.get("ok"):
        lost.append(f"campaign record does not verify: {verify}")
    return lost


def _serve(url: str, folder: Path) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "KIZUNA_DATABASE_URL": url,
           "KIZUNA_CACHE_DIR": str(folder / "cache")}
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "kizuna.cli", "serve", "--port", str(port)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            if Client(port).request("GET", "/api/health")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"server did not start; see {folder / 'server.log'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patents", type=int, default=2000, help="portfolio size (3..100000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (1..100)")
    parser.add_argument("--seconds", type=float, default=15, help="load duration (1..600)")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (an empty database); "
                        "default a fresh SQLite file")
    args = parser.parse_args()
    if not (3 <= args.patents <= 100_000 and 1 <= args.clients <= 100
            and 1 <= args.seconds <= 600):
        parser.error("--patents 3..100000, --clients 1..100, --seconds 1..600")
    with tempfile.TemporaryDirectory(prefix="kizuna-web-bench-") as tmp:
        folder = Path(tmp)
        url = args.database_url or f"sqlite:///{folder / 'kizuna.db'}"
        started = time.perf_counter()
        build_portfolio(url, args.patents)
        print(f"portfolio of {args.patents} patents ready in {time.perf_counter() - started:.1f} s"
              f" on {url.split(':')[0]}")
        server, port = _serve(url, folder)
        try:
            chart, campaign, elements = _setup_subjects(port)
            load = Load(chart, campaign, elements)
            Client(port).request("GET", "/patents?q=warm")  # first search: index already fresh
            until = time.perf_counter() + args.seconds
            threads = [threading.Thread(target=client_loop,
                                        args=(port, load, f"client{i}", until, i))
                       for i in range(args.clients)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            lost = _lost(port, load)
        finally:
            server.terminate()
            server.wait(timeout=30)
    report(load, lost, args)
    return 1 if load.errors or lost else 0


def report(load: Load, lost: list[str], args: argparse.Namespace) -> None:
    """Print the latency table, the write tally and the verdict."""
    base = _percentile(load.latency["baseline"], 0.95) or 1.0
    print(f"\n{args.clients} clients, {args.seconds:g} s, {args.patents} patents")
    print(f"{'kind':>9} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/base':>9}")
    for kind in ("baseline", "page", "api", "write"):
        values = load.latency[kind]
        p95 = _percentile(values, 0.95)
        print(f"{kind:>9} {len(values):>9} {_percentile(values, 0.5):>8.1f} {p95:>8.1f} "
              f"{_percentile(values, 1.0):>8.1f} {p95 / base:>8.1f}x")
    print(f"writes accepted: {len(load.notes)} review notes, {len(load.entries)} log entries; "
          f"{load.conflicts} review conflicts (409, expected)")
    print(f"errors: {len(load.errors)}; lost writes: {len(lost)}")
    for line in (load.errors + lost)[:10]:
        print("  " + line)


if __name__ == "__main__":
    sys.exit(main())
