"""``kizuna matters …`` and ``kizuna audit …`` (docs/cli/users.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from kizuna.cli.common import Column, CsvOption, console, print_json, print_listing, state
from kizuna.errors import InvalidValueError
from kizuna.services.accounts import audit as audit_service
from kizuna.services.accounts import matters as service

__all__ = ["app", "audit_app"]

app = typer.Typer(help="Matters: who sees which campaigns and charts.", no_args_is_help=True)
audit_app = typer.Typer(help="The audit log: view and export.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
MatterArg = Annotated[str, typer.Argument(help="Matter id or name.")]


def _show(matter: service.Matter, as_json: bool) -> None:
    if as_json:
        print_json(matter.to_json())
    else:
        members = ", ".join(matter.members) or "no members"
        console.print(f"matter {matter.id} {matter.name}: {members}", markup=False)


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument()],
    description: Annotated[str, typer.Option("--description")] = "",
    as_json: JsonOption = False,
) -> None:
    """Create a matter."""
    st = state(ctx)
    _show(service.create_matter(st.database(create=True), name, description=description,
                                actor=st.actor()), as_json)


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False,
                 as_csv: CsvOption = False) -> None:
    """List matters and their members."""
    matters = service.list_matters(state(ctx).database())
    if as_json:
        print_json([m.to_json() for m in matters])
        return
    rows = [{"id": m.id, "name": m.name, "members": ", ".join(m.members)} for m in matters]
    print_listing(rows, (Column("id", fixed=True, right=True), Column("name"),
                         Column("members")), as_csv=as_csv)


@app.command("add-member")
def add_member(ctx: typer.Context, matter: MatterArg, username: str,
               as_json: JsonOption = False) -> None:
    """Make a user a member of a matter."""
    st = state(ctx)
    _show(service.add_member(st.database(), matter, username, actor=st.actor()), as_json)


@app.command("remove-member")
def remove_member(ctx: typer.Context, matter: MatterArg, username: str,
                  as_json: JsonOption = False) -> None:
    """Remove a user from a matter."""
    st = state(ctx)
    _show(service.remove_member(st.database(), matter, username, actor=st.actor()), as_json)


@app.command("assign")
def assign(
    ctx: typer.Context,
    matter: MatterArg,
    campaign: Annotated[int | None, typer.Option("--campaign", help="Campaign id.")] = None,
    chart: Annotated[int | None, typer.Option("--chart", help="Chart id.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Move a campaign (with its record, attachments, documents) or a chart to a matter."""
    if (campaign is None) == (chart is None):
        raise InvalidValueError("give exactly one of --campaign ID or --chart ID")
    kind, item = ("campaign", campaign) if campaign is not None else ("chart", chart)
    st = state(ctx)
    assert item is not None
    _show(service.assign(st.database(), kind, item, matter, actor=st.actor()), as_json)


@audit_app.command("list")
def audit_list(
    ctx: typer.Context,
    limit: Annotated[int, typer.Option("--limit", min=1, max=10_000)] = 50,
    actor: Annotated[str | None, typer.Option("--actor", help="Only this user.")] = None,
    action: Annotated[str | None, typer.Option("--action", help="Actions starting so.")] = None,
    as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """Newest audit events first."""
    events = audit_service.events(state(ctx).database(), limit=limit, actor=actor, action=action)
    if as_json:
        print_json([e.to_json() for e in events])
        return
    rows = [{"id": e.id, "at": e.at.strftime("%Y-%m-%d %H:%M:%S"), "actor": e.actor,
             "via": e.via, "action": e.action, "target": e.target, "ip": e.ip or ""}
            for e in events]
    print_listing(rows, (Column("id", fixed=True, right=True),
                         Column("at", "at (UTC)", fixed=True), Column("actor"),
                         Column("via", fixed=True), Column("action", fixed=True),
                         Column("target")),
                  as_csv=as_csv, csv_columns=("id", "at", "actor", "via", "action", "target", "ip"))


@audit_app.command("export")
def audit_export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="CSV file to write.")],
    since: Annotated[str | None, typer.Option("--since", help="YYYY-MM-DD")] = None,
) -> None:
    """Write the audit log (up to 10,000 newest events) as CSV (UTF-8 with BOM)."""
    start = None
    if since:
        try:
            start = datetime.fromisoformat(since).replace(tzinfo=UTC)
        except ValueError as exc:
            raise InvalidValueError(f"--since {since!r} is not a date (YYYY-MM-DD)") from exc
    rows = audit_service.events(state(ctx).database(), limit=10_000, since=start)
    text = audit_service.export_csv(rows)
    tmp = out.with_name(out.name + ".tmp")
    tmp.write_text(text, encoding="utf-8", newline="")
    tmp.replace(out)
    console.print(f"{out}: {len(rows)} events", markup=False)
