"""``kizuna pool create|list|show|founder|member|contribute|leave|report|invoice|collect|ledger``:
pools stored in the database, every change an entry of the pool's signed ledger."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kizuna.cli.common import console, print_json, state

__all__ = ["register"]

founder_app = typer.Typer(help="Founders of a stored pool.", no_args_is_help=True)
member_app = typer.Typer(help="Members (licensees) of a stored pool.", no_args_is_help=True)
report_app = typer.Typer(help="Member royalty reports of a stored pool.", no_args_is_help=True)
ledger_app = typer.Typer(help="The pool's append-only, signed ledger.", no_args_is_help=True)

PoolArg = Annotated[str, typer.Argument(help="Stored pool: its name or id (`pool list`).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _day(value: str | None, option: str) -> date | None:
    from kizuna.services.royalty_inputs import parse_day

    return parse_day(value, option)


def _done(ctx: typer.Context, view: Any, what: str, as_json: bool) -> None:
    if as_json:
        print_json(view.to_json())
        return
    console.print(
        f"{what} — pool {view.pool.name} (id {view.id}); ledger entry {view.stored.entry_count}, "
        f"head {view.stored.head_hash[:16]}",
        markup=False,
    )


def create_command(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Pool definition, TOML or JSON (docs/pools.md).")],
    as_json: JsonOpt = False,
) -> None:
    """Import a pool definition file into the database (the ledger's first entry)."""
    from kizuna.services.pools.stored import create_pool

    st = state(ctx)
    view = create_pool(st.database(create=True), path=file, actor=st.actor())
    _done(ctx, view, "created", as_json)


def list_command(ctx: typer.Context, as_json: JsonOpt = False) -> None:
    """Stored pools with their ledger length."""
    from kizuna.services.pools.stored import list_pools

    pools = list_pools(state(ctx).database())
    if as_json:
        print_json({"pools": pools})
        return
    table = Table(title="Stored pools")
    for column in ("id", "name", "ledger entries", "created"):
        table.add_column(column)
    for p in pools:
        table.add_row(str(p["id"]), p["name"], str(p["entries"]), p["created_at"][:10])
    console.print(table)


def show_command(ctx: typer.Context, pool: PoolArg, as_json: JsonOpt = False) -> None:
    """A stored pool: terms, founders, contributions (with their limits), members, periods."""
    from kizuna.services.pools.stored import load_pool

    view = load_pool(state(ctx).database(), pool)
    if as_json:
        print_json(view.to_json())
        return
    p = view.pool
    console.print(f"{p.name} (id {view.id}) — {p.standard}", markup=False)
    console.print(
        f"administrator {p.administrator}; fee {p.fee_rate * 100:g}%; fields "
        f"{', '.join(p.fields) or 'all'}; territories {', '.join(p.territories) or 'all'}",
        markup=False,
    )
    table = Table(title="Contributed patents")
    for column in ("patent", "founder", "expires", "left", "limits", "assessment"):
        table.add_column(column)
    for c in p.contributions:
        limits = "; ".join(
            x for x in (", ".join(c.fields), ", ".join(c.territories),
                        f"until {c.until}" if c.until else "") if x
        )  # fmt: skip
        a = c.assessment
        table.add_row(
            c.patent, c.founder, str(c.expires or "—"),
            f"{c.left} ({c.left_reason})" if c.left else "—", limits or "—",
            f"{a.kind} {a.by} {a.on} {'essential' if a.essential else 'not essential'}"
            if a else "none",
        )  # fmt: skip
    console.print(table)
    for m in p.members:
        console.print(f"member: {m.name} ({m.tier}, from {m.effective})", markup=False)
    console.print(
        f"reports {len(view.state.reports)} line(s); invoiced {sorted(view.state.invoices)}; "
        f"distributed {sorted(view.state.distributions)}; ledger {view.stored.entry_count} "
        f"entries, head {view.stored.head_hash[:16]}",
        markup=False,
    )


@founder_app.command("add")
def founder_add(
    ctx: typer.Context,
    pool: PoolArg,
    name: Annotated[str, typer.Argument(help="The founder's name.")],
    as_json: JsonOpt = False,
) -> None:
    """Add a founder to a stored pool."""
    from kizuna.services.pools.stored import add_founder

    st = state(ctx)
    _done(ctx, add_founder(st.database(), pool=pool, name=name, actor=st.actor()),
          f"founder added: {name}", as_json)  # fmt: skip


@member_app.command("add")
def member_add(
    ctx: typer.Context,
    pool: PoolArg,
    name: Annotated[str, typer.Argument(help="The member's name.")],
    tier: Annotated[str, typer.Option("--tier", help="A tier of the pool's standard terms.")],
    effective: Annotated[str, typer.Option("--effective", help="Licence start (2026-04-01).")],
    ends: Annotated[str | None, typer.Option("--ends", help="Licence end, if any.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add a member licensed at the tier's standard terms from the effective date."""
    from kizuna.services.pools.stored import add_member

    st = state(ctx)
    start = _day(effective, "--effective")
    assert start is not None
    view = add_member(st.database(), pool=pool, name=name, tier=tier, effective=start,
                      ends=_day(ends, "--ends"), actor=st.actor())  # fmt: skip
    _done(ctx, view, f"member added: {name}", as_json)


def contribute_command(
    ctx: typer.Context,
    pool: PoolArg,
    patent: Annotated[str, typer.Argument(help="Patent number (stored or not).")],
    founder: Annotated[str, typer.Option("--founder", help="The contributing founder.")],
    joined: Annotated[str, typer.Option("--joined", help="Day it joins the pool.")],
    assessed_by: Annotated[str, typer.Option("--assessed-by", help="Evaluator or chart id.")],
    assessed_on: Annotated[str, typer.Option("--assessed-on", help="Date of the assessment.")],
    assessment: Annotated[str, typer.Option("--assessment", help="evaluator or chart.")] = (
        "evaluator"
    ),
    not_essential: Annotated[
        bool, typer.Option("--not-essential", help="The assessment found it not essential.")
    ] = False,
    reference: Annotated[str, typer.Option("--reference", help="Opinion/chart ref.")] = "",
    country: Annotated[str | None, typer.Option("--country", help="For unstored.")] = None,
    expires: Annotated[str | None, typer.Option("--expires", help="For unstored.")] = None,
    field: Annotated[list[str] | None, typer.Option("--field", help="Field limit.")] = None,
    territory: Annotated[
        list[str] | None, typer.Option("--territory", help="Territory limit (JP, US…).")
    ] = None,
    until: Annotated[str | None, typer.Option("--until", help="Term limit of the right.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Contribute a founder's licensing right to a patent, with limits and its assessment."""
    from kizuna.services.pools.stored import contribute

    st = state(ctx)
    row: dict[str, Any] = {
        "founder": founder, "patent": patent, "country": (country or "").upper() or None,
        "joined": _day(joined, "--joined"), "expires": _day(expires, "--expires"),
        "until": _day(until, "--until"), "fields": list(field or []),
        "territories": [t.upper() for t in territory or []],
        "assessment": {"kind": assessment, "by": assessed_by,
                       "on": _day(assessed_on, "--assessed-on"),
                       "essential": not not_essential, "reference": reference},
    }  # fmt: skip
    row = {k: v for k, v in row.items() if v is not None}
    if not reference:
        del row["assessment"]["reference"]
    view = contribute(st.database(), pool=pool, contribution=row, actor=st.actor())
    _done(ctx, view, f"contributed: {patent}", as_json)


def leave_command(
    ctx: typer.Context,
    pool: PoolArg,
    patent: Annotated[str, typer.Argument(help="A contributed patent.")],
    on: Annotated[str, typer.Option("--on", help="The day it left.")],
    reason: Annotated[str, typer.Option("--reason", help="expired|invalidated|withdrawn|lapsed")],
    basis: Annotated[str, typer.Option("--basis", help="The decision or record.")] = "",
    as_json: JsonOpt = False,
) -> None:
    """Record that a contributed patent left the pool (invalidated, withdrawn, …)."""
    from kizuna.services.pools.stored import leave

    st = state(ctx)
    left = _day(on, "--on")
    assert left is not None
    view = leave(st.database(), pool=pool, patent=patent, left=left, reason=reason,
                 basis=basis, actor=st.actor())  # fmt: skip
    _done(ctx, view, f"left: {patent} on {left} ({reason})", as_json)


@report_app.command("import")
def report_import(
    ctx: typer.Context,
    pool: PoolArg,
    file: Annotated[Path, typer.Argument(help="Member report, CSV or XLSX (docs/pools.md).")],
    as_json: JsonOpt = False,
) -> None:
    """Import a member royalty report (all rows or none)."""
    from kizuna.services.pools.periods import import_report

    st = state(ctx)
    view = import_report(st.database(), pool=pool, path=file, actor=st.actor())
    _done(ctx, view, f"report imported: {file.name}", as_json)


def collect_command(
    ctx: typer.Context,
    pool: PoolArg,
    file: Annotated[Path, typer.Argument(help="Payments received, CSV or XLSX.")],
    as_json: JsonOpt = False,
) -> None:
    """Record payments received from members (all rows or none)."""
    from kizuna.services.pools.periods import collect

    st = state(ctx)
    _done(ctx, collect(st.database(), pool=pool, path=file, actor=st.actor()),
          f"collections recorded: {file.name}", as_json)  # fmt: skip


def invoice_command(
    ctx: typer.Context,
    pool: PoolArg,
    period: Annotated[str, typer.Option("--period", help="Quarter (2026-Q1) or year.")],
    as_json: JsonOpt = False,
) -> None:
    """Invoice every member for a period from the stored reports (recorded in the ledger)."""
    from kizuna.services.pools.periods import invoice

    st = state(ctx)
    result = invoice(st.database(), pool=pool, period=period, actor=st.actor())
    rows = [{"member": i.member, "tier": i.tier, "amount": str(i.amount), "steps": list(i.steps)}
            for i in result.distribution.invoices]  # fmt: skip
    if as_json:
        print_json({"period": result.distribution.period.label,
                    "currency": result.pool.currency, "invoices": rows})  # fmt: skip
        return
    for r in rows:
        console.print(f"{r['member']} ({r['tier']}): {r['amount']} {result.pool.currency}",
                      markup=False)  # fmt: skip


@ledger_app.command("verify")
def ledger_verify(
    ctx: typer.Context,
    pool: PoolArg,
    head: Annotated[str | None, typer.Option("--head", help="A head hash kept elsewhere.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check the ledger's hashes, signatures and signed head; exit 1 when it was tampered with."""
    from kizuna.services.pools.verify import ledger_json, verify_pool_ledger

    result = verify_pool_ledger(state(ctx).database(), pool, head=head)
    document = ledger_json(pool, result)
    if as_json:
        print_json(document)
    elif result.ok:
        console.print(f"ledger intact: {result.entries} entries, head {result.head}, "
                      f"signatures {result.signing.get('status')}", markup=False)  # fmt: skip
    else:
        for problem in result.problems:
            console.print(f"entry {problem.seq}: {problem.kind}: {problem.message}", markup=False)
    if not result.ok:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the stored-pool commands to ``kizuna pool``."""
    app.command("create")(create_command)
    app.command("list")(list_command)
    app.command("show")(show_command)
    app.command("contribute")(contribute_command)
    app.command("leave")(leave_command)
    app.command("collect")(collect_command)
    app.command("invoice")(invoice_command)
    app.add_typer(founder_app, name="founder")
    app.add_typer(member_app, name="member")
    app.add_typer(report_app, name="report")
    app.add_typer(ledger_app, name="ledger")
