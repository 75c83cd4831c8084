"""``kizuna campaign anchor`` and ``kizuna campaign verify``: the record's external anchors
and its full check (docs/cli/campaign.md). Registered on the ``campaign`` app."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from kizuna.cli.common import console, err_console, print_json, state
from kizuna.domain.record_chain import ChainVerification
from kizuna.errors import InputError, SourceError
from kizuna.services.campaigns import verify_campaign
from kizuna.services.records.anchors import MAX_TOKEN, anchor_record, read_anchors

__all__ = ["anchor_command", "print_verification", "verify_command"]

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]


def _signing_line(signing: dict[str, object]) -> str:
    status = signing.get("status", "empty")
    keys: Any = signing.get("keys") or []
    named = ", ".join(f"{k['key_id']} ({k['source']})" for k in keys)
    return f"signatures: {status}" + (f"; keys {named}" if named else "")


def print_verification(label: str, result: ChainVerification) -> None:
    """The verdict, the signatures, every anchor and every problem, one line each."""
    signing = dict(result.signing)
    if result.ok:
        console.print(
            f"{label}: record intact, {result.entries} entries, head {result.head}", markup=False
        )
        if signing:
            console.print(f"  {_signing_line(signing)}", markup=False)
        for anchor in result.anchors:
            console.print(
                f"  anchor ({anchor['source']}) of {anchor['at']}: entry {anchor['entry']} matches",
                markup=False,
            )
        return
    err_console.print(f"{label}: record BROKEN at entry {result.break_at}", markup=False)
    for problem in result.problems:
        err_console.print(f"  {problem.kind}: {problem.message}", markup=False)
    if signing:
        err_console.print(f"  {_signing_line(signing)}", markup=False)


def anchor_command(
    ctx: typer.Context,
    campaign_id: Annotated[int, typer.Argument(help="Campaign id (see `kizuna campaign list`).")],
    token: Annotated[
        Path | None,
        typer.Option("--token", help="RFC 3161 timestamp token (.tsr) for the current head."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Anchor the record's current head; keep the printed line somewhere else."""
    data = None
    if token is not None:
        try:
            with token.open("rb") as handle:
                data = handle.read(MAX_TOKEN + 1)
        except OSError as exc:
            raise SourceError(token, f"cannot read: {exc.strerror or exc}") from None
    report = anchor_record(
        state(ctx).database(), campaign_id, token=data, token_name=token.name if token else "token"
    )
    if as_json:
        print_json(report.to_json())
        return
    typer.echo(report.line)  # one unwrapped line, to copy
    if report.token is not None:
        console.print(
            f"timestamp token: imprint matches the head; TSA time {report.token.gen_time} "
            "(TSA signature not checked: use openssl ts -verify)",
            markup=False,
        )
    console.print(
        "Keep this line outside Kizuna (print it, e-mail it to yourself); "
        "`kizuna campaign verify ID --anchor LINE` checks the record still holds it.",
        style="dim",
        markup=False,
    )


def verify_command(
    ctx: typer.Context,
    campaign_id: Annotated[
        int | None, typer.Argument(help="Campaign id (or use --file).", show_default=False)
    ] = None,
    file: Annotated[
        Path | None, typer.Option("--file", help="An exported record JSON to check offline.")
    ] = None,
    head: Annotated[
        str | None, typer.Option("--head", help="Head hash kept apart, to compare with.")
    ] = None,
    anchor: Annotated[
        list[str] | None, typer.Option("--anchor", help="An anchor line kept apart (repeatable).")
    ] = None,
    anchors: Annotated[
        list[Path] | None, typer.Option("--anchors", help="A file of anchor lines (repeatable).")
    ] = None,
    key: Annotated[
        list[str] | None,
        typer.Option("--key", help="With --file: trust only this key id (repeatable)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Check a record: hashes, signatures, head, anchors, attachments (exit 1 if broken)."""
    if (campaign_id is None) == (file is None):
        raise InputError("give a campaign ID or --file record.json (one of them)")
    given = read_anchors(anchor or (), anchors or ())
    if file is not None:
        from kizuna.services.campaign_record import verify_record_file

        check = verify_record_file(file, head=head, anchors=given, trust=key or ())
        result, label, body = check.verification, file.name, check.to_json()
    else:
        assert campaign_id is not None
        if key:
            raise InputError(
                "--key applies to --file; the database is checked with this installation's keys"
            )
        result = verify_campaign(state(ctx).database(), campaign_id, head=head, anchors=given)
        label, body = f"Campaign {campaign_id}", {"campaign_id": campaign_id, **result.to_json()}
    if as_json:
        print_json(body)
    else:
        print_verification(label, result)
    if not result.ok:
        raise typer.Exit(1)
