"""``kizuna royalty comparables|import|benchmark|frand``: royalty rates with their sources."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from kizuna.adapters.exports.money import format_both
from kizuna.adapters.storage.royalty import SqlComparableStore
from kizuna.cli.common import (
    Column,
    CsvOption,
    console,
    err_console,
    print_json,
    print_listing,
    print_table,
    state,
)
from kizuna.domain.money import format_percent
from kizuna.domain.royalty import (
    BenchmarkQuery,
    RateBase,
    RateStatistics,
    parse_kind,
)
from kizuna.services import royalty_views as views
from kizuna.services.royalty import benchmark_rates, import_comparables, list_comparables
from kizuna.services.royalty_inputs import frand_from_text, parse_adjustment

__all__ = ["app", "footer", "text_box_plot"]

app = typer.Typer(help="Royalty comparables, benchmarks and FRAND top-down.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
FieldOption = Annotated[
    str | None, typer.Option("--field", help="WIPO technology field or sector, e.g. Chemistry.")
]
TerritoryOption = Annotated[
    str | None, typer.Option("--territory", help="JP, US, GB, WW (worldwide), ROW…")
]
BaseOption = Annotated[
    RateBase, typer.Option("--base", help="net_sales (default), aggregate or per_unit.")
]


def footer(data_version: str, disclaimer: str) -> None:
    """The closing lines of every human output: disclaimer and data version."""
    console.print(f"{disclaimer} Data: {data_version}.", style="dim", markup=False)


def _store(ctx: typer.Context) -> SqlComparableStore:
    return SqlComparableStore(state(ctx).database(create=True))


@app.command("comparables")
def comparables_command(
    ctx: typer.Context,
    field: FieldOption = None,
    territory: TerritoryOption = None,
    base: Annotated[
        RateBase | None, typer.Option("--base", help="Only this base (default: all).")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List the comparables (shipped and imported) with their sources and provenance."""
    query = BenchmarkQuery(field=field, territory=territory, base=base)
    listing = list_comparables(store=_store(ctx), query=query)
    if as_json:
        print_json(views.comparables_json(listing))
        return
    rows = [{"id": c.id, "figure": c.shown, "base": c.base.value, "kind": c.kind.value,
             "territory": c.territory, "year": c.year or "",
             "fields": "; ".join((*c.fields, *c.sectors)), "source": c.source,
             "source_date": c.source_date or "undated", "provenance": c.provenance,
             "source_shown": f"{c.source} ({c.source_date or 'undated'})"}
            for c in listing.comparables]
    print_listing(rows, (Column("id", fixed=True), Column("figure"), Column("kind"),
                         Column("territory", "terr.", fixed=True), Column("year", fixed=True),
                         Column("source_shown", "source")),
                  as_csv=as_csv, title=f"{len(listing.comparables)} comparables",
                  csv_columns=("id", "figure", "base", "kind", "territory", "year", "fields",
                               "source", "source_date", "provenance"))
    if as_csv:
        return
    footer(listing.data_version, listing.disclaimer)


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV with the comparables.csv columns.")],
    as_json: JsonOption = False,
) -> None:
    """Import your own comparables; bad rows are listed, valid rows stored together."""
    report = import_comparables(path=file, store=_store(ctx))
    if as_json:
        print_json(views.import_json(report))
    else:
        replaced = (
            f" (replacing {report.replaced} from an earlier import)" if report.replaced else ""
        )
        console.print(
            f"{report.file}: stored {report.stored} row(s){replaced} as {report.provenance}",
            markup=False,
        )
        for error in report.errors:
            err_console.print(f"{report.file} line {error.line}: {error.message}", markup=False)
    if report.errors:
        raise typer.Exit(1)


def text_box_plot(stats: RateStatistics, values: list[Decimal], width: int = 50) -> str:
    """A one-line plot: ``·`` figures, ``[`` ``]`` quartiles, ``M`` median, on min..max."""
    low, high = stats.minimum, stats.maximum
    span = (high - low) or Decimal(1)
    line = [" "] * (width + 1)

    def mark(value: Decimal, char: str) -> None:
        line[int((value - low) / span * width)] = char

    for value in values:
        mark(value, "·")
    mark(stats.lower_quartile, "[")
    mark(stats.upper_quartile, "]")
    mark(stats.median, "M")
    return f"{format_percent(low)} |{''.join(line)}| {format_percent(high)}"


@app.command("benchmark")
def benchmark_command(
    ctx: typer.Context,
    field: FieldOption = None,
    territory: TerritoryOption = None,
    year_from: Annotated[int | None, typer.Option("--from", help="First year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Last year.")] = None,
    base: BaseOption = RateBase.NET_SALES,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind",
            help="Repeatable: licence_agreement, survey, court_award, rejected_offer, "
            "licence_offer, court_formula, analyst_estimate (default: licence_agreement, survey).",
        ),
    ] = None,
    verified_only: Annotated[bool, typer.Option("--verified-only")] = False,
    adjust: Annotated[
        list[str] | None,
        typer.Option("--adjust", help="FACTOR=REASON, e.g. '1.5=Art. 102(3) uplift'. Repeatable."),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", help="Write a PNG (needs matplotlib).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Rate range for a field: n, quartiles, median, sources and how it was formed."""
    query = BenchmarkQuery(
        field=field,
        territory=territory,
        year_from=year_from,
        year_to=year_to,
        base=base,
        kinds=tuple(parse_kind(k, name="--kind") for k in kind or ()),
        include_unverified=not verified_only,
    )
    report = benchmark_rates(
        store=_store(ctx), query=query, adjustments=[parse_adjustment(a) for a in adjust or ()]
    )
    if plot is not None:
        from kizuna.adapters.exports.royalty_plot import write_benchmark_plot

        write_benchmark_plot(report.benchmark, plot)
    if as_json:
        print_json(views.benchmark_json(report))
        return
    b = report.benchmark
    s = b.statistics
    bands = [("unadjusted", s)] + ([("adjusted", b.adjusted)] if b.adjusted else [])
    if b.court_band:
        bands.append(("court awards (apart)", b.court_band))
    stats = ("minimum", "lower_quartile", "median", "upper_quartile", "maximum")
    print_table([{"band": label, "n": st.n,
                  **{k: format_percent(getattr(st, k)) for k in stats}} for label, st in bands],
                (Column("band", " "), Column("n", fixed=True, right=True),
                 *(Column(k, h, fixed=True, right=True)
                   for k, h in zip(stats, ("min", "Q1", "median", "Q3", "max"), strict=True))),
                title=f"Benchmark: {query.describe()}")
    console.print(text_box_plot(s, [c.rate for c in b.comparables]), markup=False)
    for c in b.comparables:
        console.print(
            f"  {c.shown:>18}  {c.id}: {c.source} ({c.source_date or 'undated'}) "
            f"[{_short(c.provenance)}]",
            markup=False,
        )
    for line in b.explanation:
        console.print(line, markup=False)
    footer(report.data_version, report.disclaimer)


def _short(provenance: str) -> str:
    return "shipped" if provenance.startswith("shipped:") else provenance


@app.command("frand")
def frand_command(
    price: Annotated[str, typer.Option("--price", help="Device price (royalty base).")],
    currency: Annotated[str, typer.Option("--currency", help="ISO 4217 code, e.g. JPY, USD.")],
    aggregate_rate: Annotated[str | None, typer.Option("--aggregate-rate", help="e.g. 8%")] = None,
    holder_patents: Annotated[int | None, typer.Option("--holder-patents")] = None,
    total_patents: Annotated[int | None, typer.Option("--total-patents")] = None,
    contribution: Annotated[str, typer.Option("--contribution", help="Standard's share.")] = "1",
    price_cap: Annotated[str | None, typer.Option("--price-cap")] = None,
    per_unit_cap: Annotated[str | None, typer.Option("--per-unit-cap")] = None,
    units: Annotated[str | None, typer.Option("--units", help="Units sold (for a total).")] = None,
    variant: Annotated[
        list[str] | None, typer.Option("--variant", help="NAME=RATE multimode variant.")
    ] = None,
    preset: Annotated[
        str | None, typer.Option("--preset", help="pantech-asus, apple-samsung, …")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Top-down SEP royalty per unit: price x aggregate rate x holder / total patents."""
    report = frand_from_text(
        price=price,
        currency=currency,
        aggregate_rate=aggregate_rate,
        holder_patents=holder_patents,
        total_patents=total_patents,
        contribution=contribution,
        price_cap=price_cap,
        per_unit_cap=per_unit_cap,
        units=units,
        variants=variant or (),
        preset=preset,
    )
    if as_json:
        print_json(views.frand_json(report))
        return
    if report.preset:
        p = report.preset
        console.print(
            f"Preset {p.name}: {p.label} — {p.source} ({p.source_date}, {p.status})", markup=False
        )
    for result in report.results:
        title = result.inputs.variant or "royalty"
        total = f"; total {format_both(result.total)}" if result.total is not None else ""
        console.print(
            f"{title}: {result.per_unit.amount:.6f} {result.per_unit.currency} per unit "
            f"({format_both(result.per_unit)}){total}",
            markup=False,
        )
        for step in result.steps:
            console.print(f"  {step}", markup=False)
    footer(report.data_version, report.disclaimer)
