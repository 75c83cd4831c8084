"""Web workbench under load: 20 logged-in reviewers and loggers against a live server on loopback.

    .venv/bin/python benchmarks/web.py                       # 2,000 patents, 8 users, 15 s
    .venv/bin/python benchmarks/web.py --patents 10000 --clients 20 --seconds 60
    .venv/bin/python benchmarks/web.py --database-url postgresql+psycopg://…/kizuna_bench

Builds a portfolio of N patents (copies of the real US, EP and JP samples, each with its own
numbers, priorities and source hash, so each copy is its own family) in a fresh database,
indexes it for search, adds the MID-3000 evidence and C users (role analyst, members of the
default matter), then starts ``kizuna serve`` on a free loopback port (its default worker count).
Every client logs in as its own user (session cookie, CSRF token on writes). Three phases:

1. service times: one client sends each request kind 20 times in turn (ms per request; the
   figures least sensitive to other load on the machine);
2. load: C users for S seconds, each waiting a think time drawn uniformly from 0..2×T seconds
   (``--think``, mean T = 1 s: a reviewer reads a page before the next click) between requests;
3. saturation: the same C users with no think time for ``--saturation-seconds`` (throughput
   and queueing when every client fires back to back).

Requests, drawn at random:

- pages: the portfolio searched and paged, one patent (family, claim tree), the chart, the
  campaign;
- API reads: ``GET /api/patents`` searched and paged, one patent, the campaign;
- writes: a chart review note sent with the element version last seen (200, or 409 when
  another client got there first: expected, counted, not an error), and a campaign log entry.

Afterwards it checks that nothing was lost: every accepted review note is in the chart's history
and every accepted log entry is in the campaign record, whose hash chain verifies. An error is
any 5xx, any unexpected status or a failed connection. Latency baseline: ``GET /api/health`` in
the same phase (framework and loopback only); each p95 is also given as a multiple of it.
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
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
from web_clients import Client, Load, add_users, fault, multipart  # noqa: E402

DATA = ROOT / "tests" / "data"
SAMPLES = [DATA / "uspto" / "US08930553.xml", DATA / "epo" / "grant-v1-5-B1.xml",
           DATA / "jpo" / "2020123456-progress.json",
           DATA / "jpo" / "2020123456-A523-amendment.xml"]
EVIDENCE = DATA / "charts" / "mid3000-datasheet-ja.md"
COMPANIES = DATA / "charts" / "companies.csv"
SERVICE_REPEATS = 20
WORDS = ["立体配線", "配線", "session initiation", "battery", "turbine", "メイショウ", "rotor",
         "導電", "protocol", "8930553"]


def build_portfolio(url: str, count: int) -> None:
    """Store ``count`` patents copied from the samples, index them, add evidence and a chart."""
    from kizuna.adapters.storage.db import open_database
    from kizuna.domain.ids import PatentNumber
    from kizuna.services.company_import import import_companies
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
        # Each copy is its own family: its own priority and linked numbers (a copy that
        # kept the sample's priority would put all N/3 copies in one family).
        priorities = tuple(replace(p, number=f"8{i:07d}{k}")
                           for k, p in enumerate(base.priorities))
        family = tuple(replace(f, number=replace(f.number, number=f"7{i:07d}{k}"))
                       for k, f in enumerate(base.family))
        copies.append(replace(base, number=canonical, numbers=numbers, sources=sources,
                              priorities=priorities, family=family))
    store = as_store(database)
    for start in range(0, len(copies), 500):
        with store.unit_of_work() as uow:
            uow.patents.add_many(copies[start:start + 500])
            uow.commit()
    started = time.perf_counter()
    indexed = refresh_index(database=database)
    print(f"indexed {indexed} patents for search in {time.perf_counter() - started:.1f} s")
    import_companies(database, COMPANIES)
    add_evidence(database, [EVIDENCE], product="MID-3000", company="Example Moulding K.K.")
    database.dispose()


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
        load.errors.append(f"review {status}: {fault(data)}")


def _log(client: Client, load: Load, rng: random.Random, name: str) -> None:
    summary = f"{name} {rng.getrandbits(40):x}"
    body, headers = multipart({"summary": summary, "kind": "note"})
    status, data, seconds = client.request("POST", f"/api/campaigns/{load.campaign}/log",
                                           body, headers)
    load.record("write", seconds)
    if status == 201:
        with load.lock:
            load.entries.append(summary)
    else:
        load.errors.append(f"log {status}: {fault(data)}")


def _step(client: Client, load: Load, rng: random.Random, name: str,
          versions: dict[str, int], roll: float | None = None) -> None:
    roll = rng.random() if roll is None else roll
    if roll >= 0.88:
        _log(client, load, rng, name)
    elif roll >= 0.74:
        _review(client, load, rng, name, versions)
    else:
        path, kind = _read_path(load, rng, roll)
        status, data, seconds = client.request("GET", path)
        load.record(kind, seconds)
        if status != 200:
            load.errors.append(f"GET {path} {status}: {fault(data)}")


def client_loop(clients: list[Client], index: int, load: Load, until: float,
                think: float) -> None:
    """Send requests as user ``reviewer{index}`` (logged in on ``clients[index]``) until
    ``until`` (a perf_counter time), waiting a think time drawn uniformly from 0..2×``think``
    seconds after each. A failed connection is an error; the user then logs in anew."""
    rng, versions, name = random.Random(index), {}, f"reviewer{index}"
    while time.perf_counter() < until:
        try:
            _step(clients[index], load, rng, name, versions)
        except (OSError, http.client.HTTPException) as exc:
            load.errors.append(f"{name}: {type(exc).__name__}: {exc}")
            clients[index] = Client(clients[index].address[1], name)
        if think:
            time.sleep(min(rng.uniform(0, 2 * think), max(0.0, until - time.perf_counter())))


#: Request kinds of the service-time phase: (label, the roll of ``_step`` that picks it).
SERVICE_KINDS = [("GET /api/health", 0.72), ("page /patents?q=", 0.10),
                 ("page /patents/JP7533889B2", 0.20), ("page /charts/N", 0.30),
                 ("page /campaigns/N", 0.35), ("api /api/patents?q=", 0.50),
                 ("api /api/patents/US8930553B2", 0.60), ("api /api/campaigns/N", 0.65),
                 ("write chart review", 0.80), ("write campaign log", 0.90)]


def service_times(port: int, load: Load) -> list[tuple[str, list[float]]]:
    """One user sends each request kind SERVICE_REPEATS times in turn: ms per request."""
    client, rng, versions = Client(port, "reviewer0"), random.Random(0), {}
    measured = []
    for label, roll in SERVICE_KINDS:
        single = load.fresh()
        for _ in range(SERVICE_REPEATS):
            _step(client, single, rng, "reviewer0", versions, roll)
        measured.append((label, [t for times in single.latency.values() for t in times]))
    return measured


def run_phase(clients: list[Client], load: Load, seconds: float, think: float) -> None:
    """The logged-in ``clients`` looping for ``seconds`` (see :func:`client_loop`)."""
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=client_loop, args=(clients, i, load, until, think))
               for i in range(len(clients))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000 if ordered else 0.0


def _setup_subjects(port: int) -> tuple[int, int, list[str]]:
    client = Client(port, "reviewer0")
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
    client = Client(port, "reviewer0")
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


def _serve(url: str, folder: Path, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "KIZUNA_DATABASE_URL": url,
           "KIZUNA_CACHE_DIR": str(folder / "cache")}
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen([sys.executable, "-m", "kizuna.cli", "serve", "--port", str(port),
                               "--workers", str(workers)],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(600):
        try:
            if Client(port).request("GET", "/api/health")[0] == 200:
                return server, port
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise SystemExit(f"server did not start; see {folder / 'server.log'}")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--patents", type=int, default=2000, help="portfolio size (3..100000)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent users (1..100)")
    parser.add_argument("--seconds", type=float, default=15, help="load duration (1..600)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean think time between a user's requests, seconds (0..10)")
    parser.add_argument("--saturation-seconds", type=float, default=15,
                        help="no-think-time phase, seconds (0 skips it; ..600)")
    parser.add_argument("--workers", type=int, default=0,
                        help="kizuna serve --workers (0: its default, one per core up to 4)")
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (an empty database); "
                        "default a fresh SQLite file")
    args = parser.parse_args()
    if not (3 <= args.patents <= 100_000 and 1 <= args.clients <= 100
            and 1 <= args.seconds <= 600 and 0 <= args.think <= 10
            and 0 <= args.saturation_seconds <= 600 and 0 <= args.workers <= 64):
        parser.error("--patents 3..100000, --clients 1..100, --seconds 1..600, --think 0..10, "
                     "--saturation-seconds 0..600, --workers 0..64")
    return args


def main() -> int:
    args = _arguments()
    with tempfile.TemporaryDirectory(prefix="kizuna-web-bench-") as tmp:
        folder = Path(tmp)
        url = args.database_url or f"sqlite:///{folder / 'kizuna.db'}"
        started = time.perf_counter()
        build_portfolio(url, args.patents)
        add_users(url, args.clients)
        print(f"portfolio of {args.patents} patents and {args.clients} users ready in "
              f"{time.perf_counter() - started:.1f} s on {url.split(':')[0]}")
        server, port = _serve(url, folder, args.workers)
        try:
            chart, campaign, elements = _setup_subjects(port)
            load = Load(chart, campaign, elements)
            Client(port, "reviewer0").request("GET", "/patents?q=warm")  # first search
            print(f"load average before: {_load_average()}")
            service_report(service_times(port, load))
            clients = [Client(port, f"reviewer{i}") for i in range(args.clients)]
            run_phase(clients, load, args.seconds, args.think)
            report(load, f"{args.clients} users, think time uniform 0..{2 * args.think:g} s "
                   f"(mean {args.think:g} s), {args.seconds:g} s", args.seconds)
            if args.saturation_seconds:
                busy = load.fresh()
                run_phase(clients, busy, args.saturation_seconds, 0.0)
                report(busy, f"saturation: {args.clients} users, no think time, "
                       f"{args.saturation_seconds:g} s", args.saturation_seconds)
            lost = _lost(port, load)
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"\n{args.patents} patents, {_workers_line(folder)}; load average after: "
              f"{_load_average()}")
    print(f"writes accepted: {len(load.notes)} review notes, {len(load.entries)} log entries")
    print(f"errors: {len(load.errors)}; lost writes: {len(lost)}")
    for line in (load.errors + lost)[:10]:
        print("  " + line)
    return 1 if load.errors or lost else 0


def _load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def _workers_line(folder: Path) -> str:
    log = (folder / "server.log").read_text(encoding="utf-8", errors="replace")
    start = log.find(" with ")
    return "server" + log[start:log.find("(", start)].rstrip() if start >= 0 else "server"


def service_report(measured: list[tuple[str, list[float]]]) -> None:
    """Print the service-time table (one user, no think time)."""
    print(f"\nservice times: one user, each kind {SERVICE_REPEATS} times in turn")
    print(f"{'request':>30} {'p50 ms':>8} {'p95 ms':>8}")
    for label, values in measured:
        print(f"{label:>30} {_percentile(values, 0.5):>8.1f} {_percentile(values, 0.95):>8.1f}")


def report(load: Load, title: str, seconds: float) -> None:
    """Print the latency table of one phase and its write tally."""
    base = _percentile(load.latency["baseline"], 0.95) or 1.0
    total = sum(len(v) for v in load.latency.values())
    print(f"\n{title}: {total / seconds:.1f} requests/s")
    print(f"{'kind':>9} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} {'p95/base':>9}")
    for kind in ("baseline", "page", "api", "write"):
        values = load.latency[kind]
        p95 = _percentile(values, 0.95)
        print(f"{kind:>9} {len(values):>9} {_percentile(values, 0.5):>8.1f} {p95:>8.1f} "
              f"{_percentile(values, 1.0):>8.1f} {p95 / base:>8.1f}x")
    print(f"review conflicts (409, expected): {load.conflicts}")


if __name__ == "__main__":
    sys.exit(main())
