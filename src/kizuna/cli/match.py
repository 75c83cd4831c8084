"""``kizuna match``: open patents (開放特許) matched to SMEs for a regional coordinator."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kizuna.cli.common import (
    Column,
    CsvOption,
    console,
    print_csv,
    print_json,
    print_listing,
    print_table,
    state,
)

if TYPE_CHECKING:
    from kizuna.domain.matching.scoring import OpenPatent, SmeProfile
    from kizuna.domain.matching.workflow import MatchCase

__all__ = ["app"]

app = typer.Typer(
    help="SME IP matching: open patents to small manufacturers, and the coordinator's cases.",
    no_args_is_help=True,
)


@app.callback()
def group() -> None:
    """SME IP matching: an open-patent catalogue against SME profiles, explained shortlists."""


@app.command("run")
def run_command(
    ctx: typer.Context,
    catalogue: Annotated[
        Path | None, typer.Option("--catalogue", help="Open patents, CSV or JSONL.")
    ] = None,
    smes: Annotated[
        Path | None, typer.Option("--smes", help="SME profiles, CSV or JSONL (ja/en headers).")
    ] = None,
    programme: Annotated[
        str,
        typer.Option(
            "--programme",
            help="Use this stored programme (a file given as well replaces its part).",
        ),
    ] = "",
    dense: Annotated[
        bool, typer.Option("--dense/--no-dense", help="Add the multilingual embedding score.")
    ] = True,
    region: Annotated[
        str, typer.Option("--region", help="Only SMEs in this prefecture or city.")
    ] = "",
    top: Annotated[int, typer.Option("--top", min=1, max=100, help="Candidates per patent.")] = 10,
    on: Annotated[
        str | None, typer.Option("--as-of", help="Date for remaining life (default today).")
    ] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Folder for shortlist.json.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: CsvOption = False,
) -> None:
    """Score every patent × SME pair; print each patent's shortlist with the reasons."""
    from kizuna.adapters.exports.pdf import write_atomic
    from kizuna.jsonable import to_jsonable
    from kizuna.services.matching.run import match, shortlist_json
    from kizuna.services.royalty_inputs import parse_day

    day = parse_day(on, "--as-of") or date.today()
    patents, profiles = _inputs(ctx, catalogue, smes, programme)
    shortlists = match(
        patents=patents, smes=profiles, on=day, region=region, top=top, dense=dense
    )
    document = shortlist_json(shortlists)
    if out is not None:
        text = json.dumps(to_jsonable(document), ensure_ascii=False, indent=2) + "\n"
        write_atomic(out / "shortlist.json", text.encode())
    if as_json:
        print_json(document)
        return
    if as_csv:
        print_csv([{"patent": s.patent.number, "owner": s.patent.owner, "sme": p.sme,
                    "score": f"{p.score:.2f}", "why": p.explanation}
                   for s in shortlists for p in s.pairs],
                  ("patent", "owner", "sme", "score", "why"))
        return
    for s in shortlists:
        print_table([{"sme": p.sme, "score": f"{p.score:.2f}", "why": p.explanation}
                     for p in s.pairs],
                    (Column("sme", "SME"), Column("score", fixed=True, right=True),
                     Column("why", wrap=True)),
                    title=f"{s.patent.number} {s.patent.title} ({s.patent.owner})")
    console.print(document["notice"], markup=False)


def _inputs(
    ctx: typer.Context, catalogue: Path | None, smes: Path | None, programme: str
) -> tuple[list[OpenPatent], list[SmeProfile]]:
    """The catalogue and profiles from files, the stored programme, or both."""
    from kizuna.errors import InvalidValueError
    from kizuna.services.matching.files import read_catalogue, read_smes

    if not programme and (catalogue is None or smes is None):
        raise InvalidValueError("give --catalogue and --smes, or --programme for a stored one")
    stored: tuple[list[OpenPatent], list[SmeProfile]] = ([], [])
    if programme and (catalogue is None or smes is None):
        from kizuna.services.matching.programmes import load_programme

        stored = load_programme(state(ctx).database(), programme)
    return (
        read_catalogue(catalogue) if catalogue is not None else stored[0],
        read_smes(smes) if smes is not None else stored[1],
    )


@app.command("import")
def import_command(
    ctx: typer.Context,
    programme: Annotated[str, typer.Option("--programme", help="The programme to store into.")],
    catalogue: Annotated[
        Path | None, typer.Option("--catalogue", help="Open patents, CSV or JSONL.")
    ] = None,
    smes: Annotated[
        Path | None, typer.Option("--smes", help="SME profiles, CSV or JSONL (ja/en headers).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would change; store nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Store a programme's open-patent catalogue and SME profiles (all or nothing)."""
    import dataclasses

    from kizuna.services.matching.files import read_catalogue, read_smes
    from kizuna.services.matching.programmes import import_programme

    report = import_programme(
        state(ctx).database(create=not dry_run),
        programme,
        catalogue=read_catalogue(catalogue) if catalogue is not None else (),
        smes=read_smes(smes) if smes is not None else (),
        dry_run=dry_run,
    )
    if as_json:
        print_json(dataclasses.asdict(report))
        return
    verb = "would store" if dry_run else "stored"
    console.print(
        f"{report.programme}: {verb} {len(report.added)} new, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged",
        markup=False,
    )
    for label, keys in (("new", report.added), ("updated", report.updated)):
        if keys:
            console.print(f"  {label}: " + ", ".join(keys), markup=False)


@app.command("programmes")
def programmes_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: CsvOption = False,
) -> None:
    """Stored matching programmes with their open patents and SME profiles."""
    from kizuna.services.matching.programmes import list_programmes

    rows = list_programmes(state(ctx).database())
    if as_json:
        print_json({"programmes": rows})
        return
    print_listing(
        rows,
        [Column("programme"), Column("open_patents", "open patents", fixed=True, right=True),
         Column("smes", "SMEs", fixed=True, right=True)],
        as_csv=as_csv,
    )  # fmt: skip


@app.command("smes")
def smes_command(
    ctx: typer.Context,
    programme: Annotated[str, typer.Option("--programme", help="The stored programme.")],
    region: Annotated[
        str, typer.Option("--region", help="Only SMEs in this prefecture or city.")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: CsvOption = False,
) -> None:
    """A stored programme's SME profiles."""
    from kizuna.services.matching.programmes import load_programme, sme_record

    profiles = [
        s for s in load_programme(state(ctx).database(), programme)[1]
        if not region or region in (s.prefecture, s.city, f"{s.prefecture}{s.city}")
    ]
    if as_json:
        print_json({"programme": programme, "smes": [sme_record(s) for s in profiles]})
        return
    rows = [
        {**sme_record(s), "region": f"{s.prefecture}{s.city}",
         "processes": "、".join(s.processes), "products": "、".join(s.products)}
        for s in profiles
    ]  # fmt: skip
    print_listing(
        rows,
        [Column("name", "SME"), Column("region"), Column("jsic", "JSIC", fixed=True),
         Column("processes")],
        as_csv=as_csv,
        title=programme,
        csv_columns=["name", "corporate_number", "jsic", "prefecture", "city", "employees",
                     "processes", "products", "coordinator"],
    )  # fmt: skip

def _case_json(case: MatchCase) -> dict[str, object]:
    import dataclasses

    data = dataclasses.asdict(case)
    data["stage"] = case.stage
    return data


def _show(case: MatchCase, as_json: bool) -> None:
    from kizuna.domain.matching.workflow import STAGE_JA

    if as_json:
        print_json(_case_json(case))
        return
    c = case
    console.print(
        f"case {c.id}: {c.patent} × {c.sme} ({c.programme}, {c.coordinator})",
        markup=False,
    )
    for e in c.events:
        step = f" — next: {e.next_step}" if e.next_step else ""
        console.print(f"  {e.on} {e.stage} {STAGE_JA[e.stage]}: {e.note}{step}", markup=False)


@app.command("propose")
def propose_command(
    ctx: typer.Context,
    programme: Annotated[
        str, typer.Option("--programme", help="Matching programme, e.g. 川崎市知的財産交流事業.")
    ],
    patent: Annotated[str, typer.Option("--patent", help="The open patent's number.")],
    sme: Annotated[str, typer.Option("--sme", help="The SME's name.")],
    coordinator: Annotated[str, typer.Option("--coordinator", help="Who follows the case.")],
    on: Annotated[str | None, typer.Option("--date", help="Date (default today).")] = None,
    note: Annotated[str, typer.Option("--note", help="Why this match.")] = "",
    next_step: Annotated[str, typer.Option("--next", help="The next step.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Open a matching case at the stage ``proposed``."""
    from kizuna.services.matching.workflow import open_case
    from kizuna.services.royalty_inputs import parse_day

    case = open_case(
        state(ctx).database(create=True),
        programme=programme,
        patent=patent,
        sme=sme,
        coordinator=coordinator,
        on=parse_day(on, "--date") or date.today(),
        note=note,
        next_step=next_step,
    )
    _show(case, as_json)


@app.command("advance")
def advance_command(
    ctx: typer.Context,
    case_id: Annotated[int, typer.Argument(help="The case id.")],
    to: Annotated[
        str, typer.Option("--to", help="introduced, meeting, trial, licence, launched or closed.")
    ],
    on: Annotated[str | None, typer.Option("--date", help="Date (default today).")] = None,
    note: Annotated[
        str, typer.Option("--note", help="What happened (who introduced; why closed).")
    ] = "",
    next_step: Annotated[str, typer.Option("--next", help="The next step.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Move a case forward (never back), or close it with the reason."""
    from kizuna.services.matching.workflow import advance_case
    from kizuna.services.royalty_inputs import parse_day

    case = advance_case(
        state(ctx).database(),
        case_id,
        to=to,
        on=parse_day(on, "--date") or date.today(),
        note=note,
        next_step=next_step,
    )
    _show(case, as_json)


@app.command("cases")
def cases_command(
    ctx: typer.Context,
    programme: Annotated[str, typer.Option("--programme", help="Only this programme.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: CsvOption = False,
) -> None:
    """Every matching case with its stage and history."""
    from kizuna.services.matching.workflow import list_cases

    cases = list_cases(state(ctx).database(), programme)
    if as_json:
        print_json({"cases": [_case_json(c) for c in cases]})
        return
    if as_csv:
        print_csv([{"id": c.id, "programme": c.programme, "patent": c.patent, "sme": c.sme,
                    "coordinator": c.coordinator, "stage": c.stage, "since": c.events[-1].on,
                    "next_step": c.events[-1].next_step} for c in cases],
                  ("id", "programme", "patent", "sme", "coordinator", "stage", "since",
                   "next_step"))
        return
    for case in cases:
        _show(case, False)


@app.command("stats")
def stats_command(
    ctx: typer.Context,
    programme: Annotated[str, typer.Option("--programme", help="The programme.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How many cases reached each stage: introductions, licences, products launched."""
    import dataclasses

    from kizuna.domain.matching.workflow import STAGE_JA
    from kizuna.services.matching.workflow import stats

    result = stats(state(ctx).database(), programme)
    if as_json:
        print_json(dataclasses.asdict(result))
        return
    print_table([{"stage": f"{stage} {STAGE_JA[stage]}", "count": count}
                 for stage, count in result.reached.items()],
                (Column("stage", fixed=True), Column("count", "cases reaching it", fixed=True,
                                                     right=True)),
                title=f"{programme}: {result.cases} cases, {result.closed} closed")
