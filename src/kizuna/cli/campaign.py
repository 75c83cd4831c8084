"""``kizuna campaign …``: licensing campaigns and their tamper-evident negotiation record.

Commands: ``new``, ``list``, ``show``, ``contact``, ``log``, ``advance``, ``due``,
``record``, ``limitation``, and (from :mod:`kizuna.cli.campaign_trust`) ``anchor``,
``verify`` (docs/cli/campaign.md). Each calls one service.
"""

from __future__ import annotations

import getpass
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from kizuna.cli.campaign_trust import anchor_command, print_verification, verify_command
from kizuna.cli.common import (
    Column,
    CsvOption,
    console,
    print_json,
    print_listing,
    print_table,
    state,
)
from kizuna.cli.limitation import limitation_command
from kizuna.domain.campaign import Campaign
from kizuna.domain.number_lists import split_numbers
from kizuna.errors import InputError, InvalidValueError
from kizuna.services import campaign_views as views
from kizuna.services.campaigns import (
    NOTICE,
    add_contact,
    advance,
    due_follow_ups,
    get_campaign,
    list_campaigns,
    log_entry,
    new_campaign,
    read_attachment,
    verify_campaign,
)

__all__ = ["app"]

app = typer.Typer(
    help="Licensing campaigns: stages, contacts and the hash-chained negotiation record.",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
CampaignId = Annotated[int, typer.Argument(help="Campaign id (see `kizuna campaign list`).")]
DateOption = Annotated[
    str | None, typer.Option("--date", help="When it happened, YYYY-MM-DD (default today).")
]


def _actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in containers without a passwd entry
        return "unknown"


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidValueError(f"{option} {value!r}: not a date (YYYY-MM-DD)") from None


def _stage_line(campaign: Campaign) -> str:
    shown = views.labels(campaign)
    line = f"{shown['stage_label']['en']} / {shown['stage_label']['ja']}"
    if shown["escalation_label"]:
        escalation = shown["escalation_label"]
        line += f"; escalated: {escalation['en']} / {escalation['ja']}"
    return line + (" (closed)" if campaign.closed else "")


@app.command("new")
def new_command(
    ctx: typer.Context,
    licensee: Annotated[str, typer.Option("--licensee", help="Company name or id.")],
    patents: Annotated[list[str], typer.Option(
        "--patents", "--patent",
        help="A stored patent number; repeat for several (a list N1;N2 or N1,N2 works too).")],
    track: Annotated[str, typer.Option("--track", help="relationship or sep.")] = "relationship",
    on: Annotated[
        str | None, typer.Option("--date", help="Opening date, YYYY-MM-DD (default today).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Open a campaign with a licensee over stored patents."""
    campaign = new_campaign(
        state(ctx).database(),
        licensee=licensee,
        patents=[number for value in patents for number in split_numbers(value)],
        track=track.strip().lower(),
        opened_on=_day(on, "--date"),
        actor=_actor(),
    )
    if as_json:
        print_json(views.campaign_summary_json(campaign))
        return
    company = f" (company {campaign.company_id})" if campaign.company_id else " (as given)"
    console.print(
        f"Campaign {campaign.id} opened with {campaign.licensee}{company} on the "
        f"{campaign.track} track over {', '.join(campaign.patents)}; "
        f"stage: {_stage_line(campaign)}",
        markup=False,
    )


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False,
                 as_csv: CsvOption = False) -> None:
    """List campaigns with their stage and record size."""
    campaigns = list_campaigns(state(ctx).database())
    if as_json:
        print_json([views.campaign_summary_json(c) for c in campaigns])
        return
    rows = [{"id": c.id, "licensee": c.licensee, "track": c.track, "stage": _stage_line(c),
             "patents": list(c.patents), "entries": row["entries"],
             "patents_shown": _first_of(c.patents),
             "last_entry": row["last_entry_on"] or ""}
            for c, row in ((c, views.campaign_summary_json(c)) for c in campaigns)]
    print_listing(rows, (Column("id", fixed=True, right=True), Column("licensee"),
                         Column("track", fixed=True), Column("stage"),
                         Column("patents_shown", "patents", fixed=True),
                         Column("entries", fixed=True, right=True),
                         Column("last_entry", "last entry", fixed=True)),
                  as_csv=as_csv, title=f"{len(campaigns)} campaign(s)",
                  csv_columns=("id", "licensee", "track", "stage", "patents", "entries",
                               "last_entry"))


def _first_of(numbers: Sequence[str]) -> str:
    """The first number whole and how many more (a number is never cut in a table)."""
    return f"{numbers[0]} +{len(numbers) - 1}" if len(numbers) > 1 else "".join(numbers)


def _print_record(campaign: Campaign) -> None:
    corrected = {e.corrects: e.seq for e in campaign.entries if e.corrects}
    rows = []
    for e in campaign.entries:
        note = f" (corrected by #{corrected[e.seq]})" if e.seq in corrected else ""
        note += f" (corrects #{e.corrects})" if e.corrects else ""
        rows.append({"seq": e.seq, "date": e.occurred_on.isoformat(), "kind": e.kind,
                     "summary": e.summary + note,
                     "attachments": ", ".join(f"{a.name} ({a.sha256[:12]}…)"
                                              for a in e.attachments),
                     "hash": e.hash[:12] + "…"})
    print_table(rows, (Column("seq", "#", fixed=True, right=True), Column("date", fixed=True),
                       Column("kind", fixed=True), Column("summary"), Column("attachments"),
                       Column("hash", fixed=True)),
                title="Record (append-only, hash-chained)")


@app.command("show")
def show_command(ctx: typer.Context, campaign_id: CampaignId, as_json: JsonOption = False) -> None:
    """Show a campaign: stages, contacts, the record and its verification."""
    database = state(ctx).database()
    campaign = get_campaign(database, campaign_id)
    verification = verify_campaign(database, campaign_id)
    if as_json:
        print_json(views.campaign_json(campaign, verification))
        return
    console.print(
        f"Campaign {campaign.id}: {campaign.licensee} — {campaign.track} track, opened "
        f"{campaign.opened_on.isoformat()}; patents {', '.join(campaign.patents)}",
        markup=False,
    )
    marks = {"done": "✓", "current": "●", "ahead": "○"}
    timeline = " → ".join(f"{marks[s['state']]} {s['en']}" for s in views.stages_json(campaign))
    console.print(f"Stages: {timeline}", markup=False)
    console.print(f"Now: {_stage_line(campaign)}", markup=False)
    for contact in campaign.contacts:
        details = ", ".join(x for x in (contact.organisation, contact.email) if x)
        console.print(
            f"  contact: {contact.name} ({contact.role}){' — ' + details if details else ''}",
            markup=False,
        )
    _print_record(campaign)
    print_verification(f"Campaign {campaign.id}", verification)
    console.print(NOTICE, style="dim", markup=False)


@app.command("contact")
def contact_command(
    ctx: typer.Context,
    campaign_id: CampaignId,
    name: Annotated[str, typer.Option("--name", help="The person's name.")],
    role: Annotated[
        str,
        typer.Option(
            "--role",
            help="ip-department, business-unit, legal, intermediary, executive, or sender "
            "(the licensor's own signatory).",
        ),
    ],
    org: Annotated[str | None, typer.Option("--org", help="Organisation or department.")] = None,
    email: Annotated[str | None, typer.Option("--email", help="E-mail address.")] = None,
    title: Annotated[str | None, typer.Option("--title", help="Job title, e.g. 部長.")] = None,
    romanised: Annotated[
        str | None, typer.Option("--romanised", help="Name in Latin letters, e.g. 'Mika Suzuki'.")
    ] = None,
    honorific: Annotated[
        str | None, typer.Option("--honorific", help="Mr., Ms., Mx., Dr. or Prof.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Add a contact (with a role) to a campaign."""
    campaign = add_contact(
        state(ctx).database(),
        campaign_id,
        name=name,
        role=role.strip().lower(),
        organisation=org,
        email=email,
        title=title,
        romanised=romanised,
        honorific=honorific,
    )
    if as_json:
        print_json([views.contact_json(c) for c in campaign.contacts])
        return
    console.print(
        f"Campaign {campaign.id}: {len(campaign.contacts)} contact(s); added {name} ({role})",
        markup=False,
    )


BackdateReason = Annotated[
    str | None,
    typer.Option(
        "--backdate-reason",
        help="Why an entry is dated before the campaign opened (required then).",
    ),
]


@app.command("log")
def log_command(
    ctx: typer.Context,
    campaign_id: CampaignId,
    summary: Annotated[str, typer.Option("--summary", help="What happened.")],
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="meeting, letter, call, email, offer, counteroffer, nda, evidence-shared, note.",
        ),
    ] = None,
    on: DateOption = None,
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", help="File to attach (repeatable).")
    ] = None,
    corrects: Annotated[
        int | None, typer.Option("--corrects", help="Seq of the entry this one corrects.")
    ] = None,
    backdate_reason: BackdateReason = None,
    as_json: JsonOption = False,
) -> None:
    """Append an entry to the record (attachments are hashed and stored)."""
    app_state = state(ctx)
    if kind is None and corrects is None:
        raise InputError("--kind: required (unless --corrects is given)")
    limit = app_state.settings.max_attachment_bytes
    files = [read_attachment(path, max_bytes=limit) for path in attach or ()]
    entry = log_entry(
        app_state.database(),
        campaign_id,
        kind=kind.strip().lower() if kind else None,
        summary=summary,
        occurred_on=_day(on, "--date"),
        attachments=files,
        corrects=corrects,
        actor=_actor(),
        backdate_reason=backdate_reason,
    )
    if as_json:
        print_json(views.entry_json(entry))
        return
    attached = f", {len(entry.attachments)} attachment(s)" if entry.attachments else ""
    console.print(
        f"Campaign {campaign_id}: entry {entry.seq} ({entry.kind}{attached}) recorded; "
        f"hash {entry.hash}",
        markup=False,
    )


@app.command("advance")
def advance_command(
    ctx: typer.Context,
    campaign_id: CampaignId,
    to: Annotated[str, typer.Option("--to", help="Next stage, or an escalation path.")],
    reason: Annotated[
        str | None, typer.Option("--reason", help="Why (required to skip or go back).")
    ] = None,
    on: DateOption = None,
    backdate_reason: BackdateReason = None,
    as_json: JsonOption = False,
) -> None:
    """Move a campaign to a stage or escalate it; the move is logged in the record."""
    report = advance(
        state(ctx).database(),
        campaign_id,
        to=to,
        reason=reason,
        occurred_on=_day(on, "--date"),
        actor=_actor(),
        backdate_reason=backdate_reason,
    )
    if as_json:
        print_json(views.advance_json(report))
        return
    console.print(
        f"Campaign {campaign_id}: {report.entry.summary} (entry {report.entry.seq})", markup=False
    )


@app.command("due")
def due_command(
    ctx: typer.Context,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Date to compute for (default today).")
    ] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Follow-ups due, from each stage's expected response period since the last entry."""
    from kizuna.adapters.campaign_data import response_periods

    app_state = state(ctx)
    periods = response_periods(app_state.settings.campaign_periods)
    report = due_follow_ups(app_state.database(), as_of=_day(as_of, "--as-of"), periods=periods)
    if as_json:
        print_json(views.due_json(report))
        return
    rows = [{"id": c.id, "licensee": c.licensee, "stage": _stage_line(c),
             "last_entry": f.last_entry_on.isoformat(), "period": f"{f.period_days} days",
             "due_on": f.due_on.isoformat() if f.due_on else "",
             "overdue": f"{f.days_overdue} days"} for c, f in report.due]
    print_listing(rows, (Column("id", fixed=True, right=True), Column("licensee"),
                         Column("stage"), Column("last_entry", "last entry", fixed=True),
                         Column("period", fixed=True), Column("due_on", "due on", fixed=True),
                         Column("overdue", fixed=True, right=True)),
                  as_csv=as_csv, title=f"Follow-ups due as of {report.as_of.isoformat()}")
    if as_csv:
        return
    console.print(views.due_json(report)["notice"], style="dim", markup=False)


@app.command("record")
def record_command(
    ctx: typer.Context,
    campaign_id: CampaignId,
    export: Annotated[str, typer.Option("--export", help="pdf or json.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write.")],
) -> None:
    """Export the negotiation record (PDF chronology, or JSON verifiable offline)."""
    database = state(ctx).database()
    fmt = export.strip().lower()
    if fmt == "json":
        from kizuna.services.campaign_record import write_record_json

        write_record_json(database, campaign_id, output)
    elif fmt == "pdf":
        from kizuna.services.documents import write_record_pdf

        write_record_pdf(database, campaign_id, output)
    else:
        raise InvalidValueError(f"--export {export!r}: not one of pdf, json")
    result = verify_campaign(database, campaign_id)
    status = "intact" if result.ok else f"BROKEN at entry {result.break_at}"
    console.print(
        f"Wrote {output} ({result.entries} entries, head {result.head}; record {status})",
        markup=False,
    )


app.command("anchor")(anchor_command)
app.command("verify")(verify_command)
app.command("limitation")(limitation_command)
