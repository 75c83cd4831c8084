"""``kizuna patents list|show``: the stored patent record."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from kizuna.cli.common import Column, CsvOption, console, print_csv, print_json, print_table, state
from kizuna.services.patent_status import import_fee_events, patents_with_status

__all__ = ["app"]

app = typer.Typer(help="List and show stored patents.", no_args_is_help=True)

LIST_COLUMNS = ("number", "display", "title", "country", "status", "legal_status",
                "legal_status_label", "expiry", "as_of", "filing", "claims", "sources")
_TABLE = (Column("number", fixed=True), Column("title"),
          Column("legal_status", "status", fixed=True),
          Column("expiry_shown", "expiry", fixed=True), Column("claims", fixed=True, right=True))
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
AsOfOption = Annotated[
    str | None,
    typer.Option("--as-of", help="Date for the remaining term (YYYY-MM-DD; default today)."),
]


def _as_of(value: str | None) -> date:
    from kizuna.errors import InvalidValueError

    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidValueError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from exc


@app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Date of the legal status (YYYY-MM-DD; default today).")] = None,
) -> None:
    """List stored patents with their legal status and expiry as of a date."""
    day = _as_of(as_of)
    summaries = patents_with_status(state(ctx).database(), as_of=day)
    rows = [s.to_json() for s in summaries]
    if as_json:
        print_json(rows)
        return
    if as_csv:
        print_csv(rows, LIST_COLUMNS)
        return
    for row in rows:
        row["expiry_shown"] = row["expiry"] or "unknown"
    print_table(rows, _TABLE, title=f"{len(summaries)} patents, status as of {day}",
                note="Status from the stored record and the computed term; check the register "
                     "before relying on it. Full data: --json or --csv.")


@app.command("import-fees")
def import_fees_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        help="USPTO maintenance-fee event file (MaintFeeEvents_YYYYMMDD.txt).")],
    as_json: JsonOption = False,
) -> None:
    """Load US maintenance-fee events; refused lines are reported by number (exit 1)."""
    report = import_fee_events(state(ctx).database(create=True), file)
    if as_json:
        print_json(report.to_json())
    else:
        console.print(f"{report.file}: {report.events} events for {len(report.patents)} "
                      f"patents, {report.added} new, {len(report.failed)} lines refused",
                      markup=False, soft_wrap=True)
        for failure in report.failed:
            console.print(f"  line {failure.line}: {failure.error}", markup=False,
                          soft_wrap=True)
    if report.failed:
        raise typer.Exit(1)


@app.command("show")
def show_command(
    ctx: typer.Context,
    number: Annotated[
        str, typer.Argument(help="Any common form: US8930553B2, 特許第7533889号, 特願2020-123456…")
    ],
    as_json: JsonOption = False,
    as_of: AsOfOption = None,
) -> None:
    """Show one patent: numbers, dates, expiry and its basis, parties, fields, claims."""
    from kizuna.adapters.reference import field_concordance
    from kizuna.services.patent_status import fee_events
    from kizuna.services.patent_view import patent_to_json
    from kizuna.services.patents import get_patent
    from kizuna.services.portfolio import family_members

    database = state(ctx).database()
    patent = get_patent(database=database, number=number)
    view = patent_to_json(patent, as_of=_as_of(as_of), concordance=field_concordance(),
                          fee_events=fee_events(database, patent))
    view["family_members"] = [m.to_json() for m in family_members(
        database=database, patent=patent, as_of=view["expiry"]["remaining"]["as_of"])]
    from kizuna.services.pools.pledges import commitment_json, commitments_for

    view["commitments"] = [commitment_json(c)
                           for c in commitments_for(database, [patent.number.compact])]
    if as_json:
        print_json(view)
        return
    _print_patent(view)
    for item in view["commitments"]:
        console.print(f"{item['kind']}: {item['name']} (field: {item['field'] or 'every field'}; "
                      f"source: {item['source']}, {item['source_date']})", markup=False)


def _print_patent(view: dict[str, Any]) -> None:
    from rich.text import Text
    from rich.tree import Tree

    console.rule(f"{view['number']}  {view['title'] or ''}")
    console.print("numbers: " + ", ".join(n["display"] for n in view["numbers"]), markup=False)
    dates = view["dates"]
    console.print("dates: " + (", ".join(f"{k} {v}" for k, v in dates.items() if v)
                               or "none recorded"), markup=False)
    expiry = view["expiry"]
    remaining = expiry["remaining"]
    legal = view["legal_status"]
    console.print(f"status: {legal['label']} (as of {legal['as_of']}; recorded "
                  f"{view['status']})", markup=False)
    if remaining["days"] is None:
        console.print(f"expiry: {remaining['note']}", markup=False)
    else:
        console.print(f"expiry: {expiry['date']} ({remaining['days']} days remaining as of "
                      f"{remaining['as_of']})", markup=False)
    for step in expiry["basis"]:
        console.print(f"  - {step['rule']} [{step['citation']}]: {step['detail']}", markup=False)
    for caveat in expiry["caveats"]:
        console.print(f"  ! {caveat}", markup=False)
    fees = view["maintenance_fees"]
    if fees:
        console.print(f"US maintenance fees [{fees['citation']}]: {fees['note']}", markup=False,
                      soft_wrap=True)
        for w in fees["windows"]:
            paid = f" on {w['paid_on']}" if w["paid_on"] else ""
            console.print(f"  - {w['fee']}: payable from {w['opens']}, due {w['due']}, "
                          f"grace to {w['grace_end']}: {w['state']}{paid}", markup=False,
                          soft_wrap=True)
    for party in view["parties"]:
        console.print(f"{party['role']}: {party['name']}", markup=False)
    if view["classifications"]:
        console.print(
            "classifications: "
            + ", ".join(f"{c['scheme']} {c['code']}" for c in view["classifications"]),
            markup=False,
        )
    if view["fields"]:
        console.print(
            "technology fields: " + ", ".join(f["name"] for f in view["fields"]), markup=False
        )
    tree = Tree("claims")
    for claim in view["claims"]:
        dep = (
            "independent"
            if claim["independent"]
            else "depends on " + ", ".join(map(str, claim["depends_on"]))
        )
        node = tree.add(
            Text(f"[{claim['lang']}] claim {claim['number']} ({claim['category']}, {dep})")
        )
        for element in claim["elements"]:
            node.add(Text(f"{element['id']}: {element['text']}"))
    console.print(tree)
    console.print(view["notice"], style="dim", markup=False)
