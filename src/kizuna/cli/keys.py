"""``kizuna keys …``: the installation's record-signing key (docs/cli/campaign.md#keys).

``show`` prints the key folder, the current key id and every public key;
``rotate`` replaces the key, writing a rotation entry signed by the old key into
every campaign's record. Each calls one service.
"""

from __future__ import annotations

import getpass
from typing import Annotated

import typer

from kizuna.cli.common import console, print_json, state
from kizuna.services.records.keys import key_summary, rotate_key

__all__ = ["app"]

app = typer.Typer(
    help="The Ed25519 key that signs negotiation records (kept outside the database).",
    no_args_is_help=True,
)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]


def _actor() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no user name in containers without a passwd entry
        return "unknown"


@app.command("show")
def show_command(as_json: JsonOption = False) -> None:
    """Show the key folder, the current key id and the public keys (a key is made if none)."""
    summary = key_summary()
    if as_json:
        print_json(summary)
        return
    console.print(f"Key folder: {summary['key_dir']}", markup=False)
    console.print(f"Current key id: {summary['current']}", markup=False)
    for key in summary["keys"]:
        retired = f", retired {key['retired_at']}" if key.get("retired_at") else ""
        console.print(
            f"  {key['key_id']}  Ed25519 {key['public_key']}  created {key['created_at']}{retired}",
            markup=False,
        )


@app.command("rotate")
def rotate_command(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Replace the signing key; every campaign's record gets a rotation entry (old key signs)."""
    report = rotate_key(state(ctx).database(), actor=_actor())
    if as_json:
        print_json(report.to_json())
        return
    console.print(
        f"Signing key rotated: {report.old_key_id} → {report.new_key_id}; rotation entry "
        f"written to {len(report.campaigns)} campaign record(s)",
        markup=False,
    )
