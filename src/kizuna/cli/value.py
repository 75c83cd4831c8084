"""``kizuna value FILE.toml``: a patent's value for IP-backed lending, with its report."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from kizuna.cli.common import console, print_json, state

if TYPE_CHECKING:
    from kizuna.domain.royalty import Comparable

__all__ = ["value"]


def _comparables(ctx: typer.Context) -> tuple[Comparable, ...]:
    """Shipped plus imported comparables (shipped only where no database exists yet)."""
    from kizuna.errors import NotFoundError

    try:
        database = state(ctx).database()
    except NotFoundError:
        from kizuna.adapters.royalty_data import shipped_comparables

        return shipped_comparables()
    from kizuna.adapters.storage.royalty import SqlComparableStore
    from kizuna.services.royalty import all_comparables

    return all_comparables(SqlComparableStore(database))


def value(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Valuation inputs in TOML (docs/valuation.md).")],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder for the report (PDF, DOCX), valuation.json and the inputs."
        ),
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="Report language: ja, en or both.")] = "both",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Value a patent for IP-backed lending (relief from royalty, Monte Carlo, lender's view);
    estimates only."""
    from kizuna.adapters.exports.pdf import write_atomic
    from kizuna.errors import InvalidValueError
    from kizuna.jsonable import to_jsonable
    from kizuna.services.valuation.run import DISCLAIMER, valuation_json, value_case
    from kizuna.services.valuation.value_file import read_valuation

    if lang not in ("ja", "en", "both"):
        raise InvalidValueError(f"--lang {lang!r}: ja, en or both")
    result = value_case(read_valuation(file, comparables=lambda: _comparables(ctx)))
    document = valuation_json(result)
    if out is not None:
        from kizuna.adapters.exports.valuation.report import write_docx, write_pdf

        stem = f"valuation-{result.case.inputs.valuation_date.isoformat()}"
        for language in ("ja", "en") if lang == "both" else (lang,):
            write_pdf(result, out / f"{stem}-{language}.pdf", language)
            write_docx(result, out / f"{stem}-{language}.docx", language)
        text = json.dumps(to_jsonable(document), ensure_ascii=False, indent=2) + "\n"
        write_atomic(out / f"{stem}.json", text.encode())
        write_atomic(out / f"{stem}-inputs.toml", file.read_bytes())  # re-run at the next review
    if as_json:
        print_json(document)
        return
    lender = result.lender
    table = Table(
        title=f"{result.case.name} ({result.case.patent}) on {result.case.inputs.valuation_date}"
    )
    table.add_column("figure")
    table.add_column(result.case.inputs.currency, justify="right", no_wrap=True)
    for label, amount in (
        ("DCF (relief from royalty)", lender.base),
        ("Monte Carlo P10", result.simulation.p10),
        ("Monte Carlo P50", result.simulation.p50),
        ("Monte Carlo P90", result.simulation.p90),
        ("Suggested maximum loan", lender.suggested_maximum),
    ):
        table.add_row(label, f"{amount:,}")
    console.print(table)
    console.print(
        f"haircut {lender.haircut * 100:.1f}% · loan-to-value {lender.loan_to_value * 100:.1f}%"
    )
    if out is not None:
        console.print(f"wrote the report and inputs to {out}/", markup=False)
    console.print(DISCLAIMER, markup=False)
