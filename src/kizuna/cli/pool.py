"""``kizuna pool``: patent pools from a pool file: distribute a period, check the terms."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kizuna.cli.common import console, print_json, state
from kizuna.cli.pool_store import register
from kizuna.errors import InvalidValueError

__all__ = ["app"]

app = typer.Typer(
    help="Patent pools: royalty distribution, encumbrances and the JFTC checklist.",
    no_args_is_help=True,
)

NOTICE = "Estimates for the pool administrator's review; not an invoice, not legal advice."


@app.callback()
def group() -> None:
    """Patent pools: invoices, distribution to founders, competition-law checklist."""


register(app)


@app.command("distribute")
def distribute_command(
    ctx: typer.Context,
    pool_file: Annotated[
        str,
        typer.Argument(
            help="Pool definition file (TOML/JSON; needs --reports), or a stored pool's "
            "name or id (distributes from the stored reports and collections)."
        ),
    ],
    period: Annotated[str, typer.Option("--period", help="Quarter (2026-Q1) or year (2026).")],
    reports: Annotated[
        list[Path] | None,
        typer.Option("--reports", help="Member royalty reports, CSV or XLSX (repeatable)."),
    ] = None,
    collections: Annotated[
        list[Path] | None,
        typer.Option("--collections", help="Payments received, CSV or XLSX (repeatable)."),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder for distribution-<period>.json and statements-<period>.xlsx."
        ),
    ] = None,
    pdf: Annotated[
        bool,
        typer.Option("--pdf", help="With --out: PDF statements per founder and member (ja, en)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the distribution JSON.")] = False,
) -> None:
    """Invoice members for a period, take the fee, and split the rest among founders."""
    from kizuna.adapters.exports.pdf import write_atomic
    from kizuna.adapters.exports.pool_xlsx import statement_xlsx_bytes
    from kizuna.services.pools.run import distribution_json, run_period

    if Path(pool_file).is_file():
        if not reports:
            raise InvalidValueError(f"{pool_file}: give --reports for a pool definition file")
        result = run_period(
            pool_path=Path(pool_file), period=period, reports=reports,
            collections=collections or [],
        )  # fmt: skip
    else:
        from kizuna.services.pools.periods import distribute_stored

        if reports or collections:
            raise InvalidValueError(
                f"pool {pool_file!r} is stored: import reports with `pool report import` and "
                "payments with `pool collect` instead of --reports/--collections"
            )
        st = state(ctx)
        result = distribute_stored(st.database(), pool=pool_file, period=period, actor=st.actor())
    d = result.distribution
    document = distribution_json(d)
    if out is not None:
        write_atomic(
            out / f"distribution-{d.period.label}.json",
            (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode(),
        )
        write_atomic(out / f"statements-{d.period.label}.xlsx", statement_xlsx_bytes(result))
        if pdf:
            from kizuna.adapters.exports.pools.statements import write_statements

            for language in ("ja", "en"):
                write_statements(result, out, language)
    if as_json:
        print_json(document)
        return
    table = Table(title=f"{d.pool} — {d.period.label} ({d.currency})")
    for column in ("founder", "weight", "amount"):
        table.add_column(column, no_wrap=column != "founder")
    for p in d.payouts:
        table.add_row(p.founder, f"{float(p.weight):.4f}", f"{p.amount:,}")
    console.print(table)
    console.print(
        f"collected {d.collected:,} · fee {d.fee:,} · distributed {d.net - d.remainder:,} "
        f"· remainder {d.remainder:,} {d.currency}"
    )
    for note in result.notes:
        console.print(f"note: {note}", markup=False)
    if out is not None:
        console.print(
            f"wrote {out}/distribution-{d.period.label}.json and statements-{d.period.label}.xlsx",
            markup=False,
        )
    console.print(NOTICE)


@app.command("check")
def check_command(
    pool_file: Annotated[Path, typer.Argument(help="Pool definition in TOML (docs/pools.md).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The competition-law checklist (JFTC pool guidelines) against the pool's stated terms."""
    from kizuna.domain.pools.checklist import GUIDELINE
    from kizuna.services.pools.run import check_pool_file

    pool, results = check_pool_file(pool_file)
    if as_json:
        items = [dataclasses.asdict(r) for r in results]
        print_json({"pool": pool.name, "source": GUIDELINE, "items": items})
        return
    table = Table(title=f"{pool.name}: JFTC checklist")
    for column in ("item", "status", "evidence"):
        table.add_column(column)
    for r in results:
        table.add_row(f"{r.title_en}\n{r.title_ja}", r.status, r.evidence)
    console.print(table)
    console.print(f"source: {GUIDELINE}", markup=False)
    console.print("A checklist for counsel's review, not a finding of legality.")


@app.command("encumber")
def encumber_command(
    ctx: typer.Context,
    pool_file: Annotated[Path, typer.Argument(help="Pool definition in TOML (docs/pools.md).")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Date (default today).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Record each member's pool licence as an encumbrance, so targets skips those pairs."""
    from datetime import date

    from kizuna.services.pools.encumber import encumber_pool
    from kizuna.services.pools.pool_file import read_pool
    from kizuna.services.royalty_inputs import parse_day

    pool, _ = read_pool(pool_file)
    report = encumber_pool(
        state(ctx).database(), pool, on=parse_day(as_of, "--as-of") or date.today()
    )
    if as_json:
        print_json(
            {
                "pool": pool.name,
                "added": [{"patent": p, "company": c} for p, c in report.added],
                "already": [{"patent": p, "company": c} for p, c in report.already],
                "skipped": list(report.skipped),
            }
        )
        return
    for patent, company in report.added:
        console.print(f"added: {patent} × {company} (licence)", markup=False)
    console.print(
        f"{len(report.added)} added, {len(report.already)} already recorded", markup=False
    )
    for line in report.skipped:
        console.print(f"skipped: {line}", markup=False)
