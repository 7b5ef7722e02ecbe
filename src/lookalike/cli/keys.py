"""``lookalike keys``: issue, list and revoke API keys, and grant credits."""

from __future__ import annotations

from typing import Annotated

import typer

from lookalike.cli.context import console, settings_from
from lookalike.store.accounts import (
    KeySummary,
    check_plan,
    create_account_with_key,
    grant_credits,
    list_keys,
    revoke_key,
)
from lookalike.store.database import open_store

app = typer.Typer(help="Issue, list and revoke API keys; grant credits.", no_args_is_help=True)


@app.command("create")
def create(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name", help="Who the key is for (an account name).")],
    credits: Annotated[
        int, typer.Option("--credits", min=0, help="Starting credit balance.")
    ] = 1000,
    plan: Annotated[
        str | None, typer.Option("--plan", help="Plan name from the settings [default: basic].")
    ] = None,
) -> None:
    """Create an account and its first API key.

    The key is printed once, alone on the last line of stdout; only its hash is stored.
    """
    settings = settings_from(ctx)
    plan_name = plan or settings.default_plan
    check_plan(plan_name, settings.plans)
    engine = open_store(settings)
    try:
        account_id, plain_key = create_account_with_key(engine, name, plan_name, credits)
    finally:
        engine.dispose()
    console.print(
        f"Created account {account_id} ({name!r}, plan {plan_name}, {credits} credits). "
        "Store the key now: it is not shown again."
    )
    typer.echo(plain_key)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List keys with their account, plan, balance and credits used.

    Keys are shown by id and prefix only; the keys themselves are never stored.
    """
    engine = open_store(settings_from(ctx))
    try:
        summaries = list_keys(engine)
    finally:
        engine.dispose()
    typer.echo(_row("KEY", "PREFIX", "ACCOUNT", "NAME", "PLAN", "BALANCE", "USED", "STATUS"))
    for summary in summaries:
        typer.echo(_summary_row(summary))


def _summary_row(summary: KeySummary) -> str:
    status = "revoked" if summary.revoked_at else "active"
    return _row(
        str(summary.key_id),
        summary.prefix + "…",
        str(summary.account_id),
        summary.account_name,
        summary.plan,
        str(summary.balance),
        str(summary.used),
        status,
    )


def _row(*cells: str) -> str:
    widths = (5, 14, 8, 24, 10, 10, 10, 8)
    return " ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True)).rstrip()


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The key id or its prefix, as `keys list` shows.")],
) -> None:
    """Revoke a key: requests with it get 403 from now on."""
    engine = open_store(settings_from(ctx))
    try:
        summary = revoke_key(engine, key)
    finally:
        engine.dispose()
    console.print(f"Revoked key {summary.key_id} ({summary.prefix}…) of {summary.account_name!r}.")


@app.command("grant")
def grant(
    ctx: typer.Context,
    account_id: Annotated[int, typer.Argument(help="The account id, as `keys list` shows.")],
    credits: Annotated[int, typer.Argument(min=1, help="How many credits to add.")],
) -> None:
    """Add credits to an account (recorded in the ledger)."""
    engine = open_store(settings_from(ctx))
    try:
        balance = grant_credits(engine, account_id, credits)
    finally:
        engine.dispose()
    console.print(f"Account {account_id} now has {balance} credits.")
