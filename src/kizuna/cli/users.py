"""``kizuna users add|list|disable|reset-password|role|token``: accounts (docs/cli/users.md).

Run locally, these need no login: whoever can run the CLI on the server owns the
database. Each change is in the audit log under the OS user (or ``--as``).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kizuna.cli.common import Column, CsvOption, console, print_json, print_listing, state
from kizuna.domain.access.roles import ROLES
from kizuna.errors import InvalidValueError
from kizuna.services.accounts import users as service

__all__ = ["app", "token_app"]

app = typer.Typer(help="Add, list, disable users; reset passwords; API tokens.",
                  no_args_is_help=True)
token_app = typer.Typer(help="Create, list and revoke API tokens.", no_args_is_help=True)
app.add_typer(token_app, name="token")

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON (a documented interface).")]
StdinOption = Annotated[
    bool,
    typer.Option("--password-stdin", help="Read the password from stdin (else one is generated)."),
]
ROLE_HELP = f"Role: {', '.join(ROLES)}."


def _stdin_password(enabled: bool) -> str | None:
    if not enabled:
        return None
    line = sys.stdin.readline(1100).rstrip("\r\n")
    if not line:
        raise InvalidValueError("--password-stdin: no password on stdin")
    return line


def _show_once(password: str | None) -> None:
    if password is not None:
        console.print(f"one-time password (shown once, change it): {password}", markup=False)


@app.command("add")
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Login name (letters, digits, . _ @ -).")],
    role: Annotated[str, typer.Option("--role", help=ROLE_HELP)] = "viewer",
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    password_stdin: StdinOption = False,
    as_json: JsonOption = False,
) -> None:
    """Add a user; without --password-stdin a random password is printed once."""
    st = state(ctx)
    user, generated = service.add_user(
        st.database(create=True), username, role=role, display_name=name,
        password=_stdin_password(password_stdin), actor=st.actor(),
    )
    if as_json:
        print_json({**user.to_json(), "password": generated})
        return
    console.print(f"added {user.username} ({user.role})", markup=False)
    _show_once(generated)


@app.command("list")
def list_command(ctx: typer.Context, as_json: JsonOption = False,
                 as_csv: CsvOption = False) -> None:
    """List users with role and state."""
    users = service.list_users(state(ctx).database())
    if as_json:
        print_json([u.to_json() for u in users])
        return
    rows = [{"username": u.username, "name": u.display_name, "role": u.role,
             "active": "yes" if u.active else "no", "created": u.created_at.date().isoformat()}
            for u in users]
    print_listing(rows, (Column("username", fixed=True), Column("name"),
                         Column("role", fixed=True), Column("active", fixed=True),
                         Column("created", fixed=True)), as_csv=as_csv)


@app.command("disable")
def disable(ctx: typer.Context, username: Annotated[str, typer.Argument()]) -> None:
    """Disable a user: login refused, sessions ended, API tokens revoked."""
    st = state(ctx)
    service.disable_user(st.database(), username, actor=st.actor())
    console.print(f"disabled {username}", markup=False)


@app.command("reset-password")
def reset_password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    password_stdin: StdinOption = False,
) -> None:
    """Set a new password (random and printed once unless --password-stdin); ends sessions."""
    st = state(ctx)
    generated = service.reset_password(st.database(), username, actor=st.actor(),
                                       password=_stdin_password(password_stdin))
    console.print(f"password of {username} reset", markup=False)
    _show_once(generated)


@app.command("role")
def role_command(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help=ROLE_HELP)],
) -> None:
    """Change a user's role (recorded in the audit log)."""
    st = state(ctx)
    user = service.set_role(st.database(), username, role, actor=st.actor())
    console.print(f"{user.username} is now {user.role}", markup=False)


@token_app.command("create")
def token_create(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument()],
    name: Annotated[str, typer.Option("--name", help="What the token is for.")] = "script",
    scope: Annotated[str, typer.Option("--scope", help="read or write.")] = "read",
    as_json: JsonOption = False,
) -> None:
    """Create an API token; it is printed once (send it as Authorization: Bearer …)."""
    st = state(ctx)
    token = service.create_token(st.database(), username, name=name, scope=scope,
                                 actor=st.actor())
    if as_json:
        print_json({"id": token.id, "username": token.username, "name": token.name,
                    "scope": token.scope, "token": token.secret})
        return
    console.print(f"token {token.id} ({token.scope}) for {token.username}, shown once:",
                  markup=False)
    console.print(token.secret, markup=False, highlight=False)


@token_app.command("list")
def token_list(
    ctx: typer.Context, username: Annotated[str, typer.Argument()], as_json: JsonOption = False,
    as_csv: CsvOption = False,
) -> None:
    """List a user's tokens (never their secrets)."""
    tokens = service.list_tokens(state(ctx).database(), username)
    if as_json:
        print_json(tokens)
        return
    rows = [{"id": t["id"], "name": t["name"], "scope": t["scope"],
             "created": t["created_at"][:10], "last_used": (t["last_used_at"] or "—")[:16],
             "revoked": "yes" if t["revoked"] else "no"} for t in tokens]
    print_listing(rows, (Column("id", fixed=True, right=True), Column("name"),
                         Column("scope", fixed=True), Column("created", fixed=True),
                         Column("last_used", "last used", fixed=True),
                         Column("revoked", fixed=True)), as_csv=as_csv)


@token_app.command("revoke")
def token_revoke(ctx: typer.Context, token_id: Annotated[int, typer.Argument()]) -> None:
    """Revoke a token at once."""
    st = state(ctx)
    service.revoke_token(st.database(), token_id, actor=st.actor())
    console.print(f"revoked token {token_id}", markup=False)
