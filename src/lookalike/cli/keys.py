"""``lookalike keys``: issue, list and revoke API keys, grant credits, show the demo key."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Annotated

import typer
from rich import box
from rich.table import Table

from lookalike.cli.context import console, render_table, settings_from
from lookalike.cli.demo import demo_key_path, read_demo_key_or_none
from lookalike.errors import OperatorError
from lookalike.store.account_admin import change_plan, rotate_key
from lookalike.store.accounts import (
    check_plan,
    create_account_with_key,
    find_key_or_none,
    grant_credits,
    list_keys,
    revoke_key,
)
from lookalike.store.database import open_store

app = typer.Typer(
    help="Issue, list and revoke API keys; grant credits; show the demo key.", no_args_is_help=True
)


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
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
    for heading in ("KEY", "PREFIX", "ACCOUNT", "NAME", "PLAN", "BALANCE", "USED", "STATUS"):
        numeric = heading in ("KEY", "ACCOUNT", "BALANCE", "USED")
        table.add_column(heading, justify="right" if numeric else "left", overflow="fold")
    for summary in summaries:
        table.add_row(
            str(summary.key_id),
            summary.prefix + "…",
            str(summary.account_id),
            summary.account_name,
            summary.plan,
            str(summary.balance),
            str(summary.used),
            key_status(summary.revoked_at),
        )
    lines = [line.rstrip() for line in render_table(table).splitlines()]
    typer.echo("\n".join(lines).strip("\n"))


def key_status(revoked_at: datetime | None) -> str:
    """``active``, ``revoked``, or ``until HH:MM`` (UTC) for a key in a rotation's grace."""
    if revoked_at is None:
        return "active"
    ends = revoked_at if revoked_at.tzinfo is not None else revoked_at.replace(tzinfo=UTC)
    return "revoked" if ends <= datetime.now(UTC) else f"until {ends:%m-%d %H:%M}"


@app.command("revoke")
def revoke(
    ctx: typer.Context,
    key: Annotated[
        str,
        typer.Argument(
            help="The key id or prefix as `keys list` shows them, the whole key, or an account "
            "name; matched exactly."
        ),
    ],
) -> None:
    """Revoke one key: requests with it get 403 from now on.

    Blank input, and input that names no key or more than one (an account with two keys, a name
    two accounts share), is refused with the keys it names; give the key id to be exact.
    """
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


@app.command("demo")
def demo(ctx: typer.Context) -> None:
    """Show the demo API key again, alone on stdout.

    `lookalike serve` makes the demo key on a store without accounts and prints it that once. The
    store keeps only its hash, like every key; the key itself is kept in demo-api-key.txt in the
    data directory, readable by its owner only. Its status in the store goes to stderr.
    """
    settings = settings_from(ctx)
    key = read_demo_key_or_none(settings)
    if key is None:
        raise OperatorError(
            f"There is no demo API key in {demo_key_path(settings)}: `lookalike serve` makes one "
            "only on a store without accounts. Create a key with `lookalike keys create`."
        )
    engine = open_store(settings)
    try:
        with engine.connect() as conn:
            record = find_key_or_none(conn, key)
    finally:
        engine.dispose()
    if record is None:
        console.print("This key is not in the store (was the database replaced?).")
    else:
        status = "revoked" if record.revoked_at else "active"
        console.print(f"Demo key {record.key_id} of account {record.account_id}: {status}.")
    typer.echo(key)


@app.command("plan")
def plan(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="The account id, or its exact name.")],
    plan_name: Annotated[str, typer.Argument(metavar="PLAN", help="A plan of the settings.")],
) -> None:
    """Move an account to another plan; its keys follow within a second."""
    settings = settings_from(ctx)
    engine = open_store(settings)
    try:
        account_id, previous = change_plan(engine, account, plan_name, settings.plans)
    finally:
        engine.dispose()
    console.print(f"Account {account_id} moved from plan {previous} to {plan_name}.")


@app.command("rotate")
def rotate(
    ctx: typer.Context,
    account: Annotated[str, typer.Argument(help="The account id, or its exact name.")],
    grace_minutes: Annotated[
        int,
        typer.Option(
            "--grace-minutes",
            min=0,
            help="Minutes the old keys keep working, so clients can switch [default: 0, at once].",
        ),
    ] = 0,
) -> None:
    """Issue an account a new key and revoke its old ones, at once or after a grace period.

    The new key is printed once, alone on the last line of stdout.
    """
    engine = open_store(settings_from(ctx))
    try:
        rotation = rotate_key(engine, account, timedelta(minutes=grace_minutes))
    finally:
        engine.dispose()
    old = ", ".join(str(key_id) for key_id in rotation.old_key_ids) or "none"
    when = "now" if grace_minutes == 0 else f"at {rotation.old_keys_end_at:%Y-%m-%d %H:%M} UTC"
    console.print(
        f"New key {rotation.key_id} for account {rotation.account_id}; old keys ({old}) stop "
        f"working {when}. Store the new key now: it is not shown again."
    )
    typer.echo(rotation.plain_key)
