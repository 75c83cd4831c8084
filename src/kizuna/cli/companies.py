"""``kizuna companies import|resolve|list|show``: licensees (docs/cli/companies.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kizuna.cli.common import (
    Column,
    CsvOption,
    console,
    print_json,
    print_listing,
    print_table,
    state,
)
from kizuna.services.companies import (
    company_detail,
    import_companies,
    list_companies,
    resolve_company,
)

__all__ = ["app"]

app = typer.Typer(help="Import, resolve, list and show companies (licensees).",
                  no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]


@app.command("import")
def import_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="CSV or JSONL company file (docs/companies.md).")],
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Show what would change (field by field) and store nothing.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Import companies; known ones are merged, never erased; refused rows are reported (exit 1)."""
    report = import_companies(state(ctx).database(create=True), file, dry_run=dry_run)
    if as_json:
        print_json(report.to_json())
    else:
        would = "dry run, nothing stored: would be " if dry_run else ""
        console.print(f"{report.file}: {would}{report.imported} imported, {report.updated} "
                      f"updated, {report.unchanged} unchanged, {len(report.failed)} failed",
                      markup=False, soft_wrap=True)
        for change in report.changes if dry_run else ():
            console.print(f"  line {change.line}: {change.action} {change.company}",
                          markup=False, soft_wrap=True)
            for diff in change.changes:
                console.print(f"    {diff.field}: {_shown(diff.old)} -> {_shown(diff.new)}",
                              markup=False, soft_wrap=True)
        for failure in report.failed:
            console.print(f"  line {failure.line}: {failure.error}", markup=False, soft_wrap=True)
        for warning in report.warnings:
            console.print(f"  warning, line {warning.line}: {warning.error}", markup=False)
    if report.failed:
        raise typer.Exit(1)


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "; ".join(value) or "—"
    return "—" if value is None else str(value)


@app.command("resolve")
def resolve_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name in any form, or a 13-digit 法人番号.")],
    as_json: JsonOption = False,
) -> None:
    """Resolve a name to a stored company; ambiguous names show the candidates."""
    resolution = resolve_company(state(ctx).database(), name)
    if as_json:
        print_json(resolution.to_json())
        return
    if resolution.match is not None:
        console.print(f"match: {resolution.match.display_name} (id {resolution.match.id}, "
                      f"score {resolution.score})", markup=False)
    else:
        console.print(f"no confident match for {name!r} ({resolution.status})", markup=False)
    rows = [{"id": c.company.id, "name": c.company.display_name, "score": f"{c.score:.3f}",
             "matched_name": c.matched_name, "rule": c.rule} for c in resolution.candidates]
    print_table(rows, (Column("id", fixed=True, right=True), Column("name"),
                       Column("score", fixed=True, right=True),
                       Column("matched_name", "matched name"), Column("rule", fixed=True)),
                title="candidates")


_TABLE = (Column("id", fixed=True, right=True), Column("name_ja", "name (ja)"),
          Column("name_en", "name (en)"), Column("corporate_number", "法人番号", fixed=True),
          Column("country", fixed=True), Column("jsic", "JSIC"))


def _row(company: Any) -> dict[str, Any]:
    return {
        "id": company.id,
        "name_ja": company.name_ja,
        "name_en": company.name_en,
        "corporate_number": company.corporate_number,
        "country": company.country,
        "jsic": list(company.jsic),
        "parent_id": company.parent_id,
        "signals": list(company.signals),
    }


@app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List stored companies (the table fits 80 columns; --json or --csv for every field)."""
    companies = list_companies(state(ctx).database())
    rows = [_row(c) for c in companies]
    if as_json:
        print_json(rows)
        return
    print_listing(rows, _TABLE, as_csv=as_csv, title=f"{len(companies)} companies",
                  csv_columns=("id", "name_ja", "name_en", "corporate_number", "country", "jsic",
                               "parent_id", "signals"))


@app.command("show")
def show_command(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Id, 法人番号 or name (resolved).")],
    as_json: JsonOption = False,
) -> None:
    """Show one company: all fields, the exposure assessment and linked patents."""
    view = company_detail(state(ctx).database(), name).to_json()
    if as_json:
        print_json(view)
        return
    for key in ("id", "name_ja", "name_en", "name_kana", "corporate_number", "country", "parent"):
        console.print(f"{key:<17} {view[key] or '—'}", markup=False)
    for key in ("aliases", "former_names", "jsic", "products", "urls", "signals"):
        console.print(f"{key:<17} {'; '.join(view[key]) or '—'}", markup=False)
    revenue = view["japan_revenue"]
    if revenue:
        console.print(f"{'japan_revenue':<17} {revenue['amount']} {revenue['currency']} "
                      f"as of {revenue['as_of']} ({revenue['source'] or 'no source'})",
                      markup=False)
    exposure = view["exposure"]
    console.print(f"exposure          {exposure['level']} ({exposure['score']})", markup=False)
    for factor in exposure["factors"]:
        mark = "x" if factor["present"] else " "
        console.print(f"  [{mark}] {factor['signal']:<16} {factor['weight']:.2f}  "
                      f"{factor['fact']}", markup=False)
    console.print(exposure["caveat"], markup=False)
    console.print(f"patents           {len(view['patents'])}", markup=False)
    for link in view["patents"]:
        console.print(f"  {link['patent']:<16} {link['role']:<10} {link['party_name']}",
                      markup=False)
