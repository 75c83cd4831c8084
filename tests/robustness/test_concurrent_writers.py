"""Issue 12.4: two ingests into one database at once both complete, on SQLite and PostgreSQL.

Two processes ingest two different bulk files (distinct patents) into the same
database at the same time. Each must report no failure, and the database must
then hold every patent of both files.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from kizuna.adapters.storage.db import open_database
from kizuna.settings import sqlite_url

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "uspto"
_PUB = re.compile(rb"(<publication-reference>.*?<doc-number>)(\d+)(</doc-number>)", re.S)
_APP = re.compile(rb"(<application-reference[^>]*>.*?<doc-number>)(\d+)(</doc-number>)", re.S)
_REL = re.compile(rb"(<related-publication>.*?<doc-number>)(\d+)(</doc-number>)", re.S)

_INGEST = """
import json, sys
from pathlib import Path
from kizuna.adapters.storage.db import open_database
from kizuna.services.ingest import ingest_paths
database = open_database(sys.argv[2], upgrade=False)
report = ingest_paths(paths=[Path(sys.argv[1])], database=database, workers=1)
print(json.dumps({"ingested": report.ingested, "failed": report.failed}))
"""


def _bulk(path: Path, first: int, count: int) -> None:
    """A bulk file of ``count`` distinct grants, numbered from ``first``."""
    templates = [p.read_bytes().rstrip() + b"\n" for p in sorted(SAMPLES.glob("US0*.xml"))
                 if b"<us-patent-grant" in p.read_bytes()[:3000]]
    docs = []
    for serial in range(first, first + count):
        doc = templates[serial % len(templates)]
        doc = _PUB.sub(lambda m: m[1] + b"%08d" % (90_000_000 + serial) + m[3], doc, count=1)  # noqa: B023
        doc = _APP.sub(lambda m: m[1] + b"%08d" % (80_000_000 + serial) + m[3], doc, count=1)  # noqa: B023
        doc = _REL.sub(lambda m: m[1] + b"2099%07d" % serial + m[3], doc, count=1)  # noqa: B023
        docs.append(doc)
    path.write_bytes(b"".join(docs))


def _two_ingests(url: str, tmp_path: Path) -> None:
    count = 120
    files = [tmp_path / "a.xml", tmp_path / "b.xml"]
    _bulk(files[0], 1, count)
    _bulk(files[1], 100_001, count)
    open_database(url).dispose()  # migrate once, before the two writers start
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    runs = [subprocess.Popen([sys.executable, "-c", _INGEST, str(f), url], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for f in files]
    results = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, results, strict=True):
        assert run.returncode == 0, err
        report = json.loads(out)
        assert report["failed"] == [], report["failed"][:3]
        assert report["ingested"] == count
    database = open_database(url, upgrade=False)
    with database.session() as session:
        stored = session.execute(sa.text("SELECT count(*) FROM patents")).scalar_one()
    database.dispose()
    assert stored == 2 * count


def test_two_ingests_into_one_sqlite_file(tmp_path: Path) -> None:
    _two_ingests(sqlite_url(tmp_path / "shared.db"), tmp_path)


def test_two_ingests_into_one_postgresql_database(
    postgres_schema: tuple[str, str], tmp_path: Path
) -> None:
    from tests.conftest import _fresh_postgres

    _fresh_postgres(*postgres_schema).dispose()  # the session's schema, emptied: count from 0
    _two_ingests(postgres_schema[0], tmp_path)
