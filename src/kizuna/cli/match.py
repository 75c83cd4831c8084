"""``kizuna match``: open patents (開放特許) matched to SMEs for a regional coordinator."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from kizuna.cli.common import Column, CsvOption, console, print_csv, print_json, print_table, state

if TYPE_CHECKING:
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
    catalogue: Annotated[Path, typer.Option("--catalogue", help="Open patents, CSV or JSONL.")],
    smes: Annotated[
        Path, typer.Option("--smes", help="SME profiles, CSV or JSONL (ja/en headers).")
    ],
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
    from kizuna.services.matching.files import read_catalogue, read_smes
    from kizuna.services.matching.run import match, shortlist_json
    from kizuna.services.royalty_inputs import parse_day

    day = parse_day(on, "--as-of") or date.today()
    shortlists = match(
        patents=read_catalogue(catalogue), smes=read_smes(smes), on=day, region=region, top=top
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
