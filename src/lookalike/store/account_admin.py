"""Operator changes to accounts: move one to another plan, rotate its key, see plans in use.

Accounts are named exactly, by id or by name; blank or ambiguous input is an
:class:`OperatorError` that says how to be exact.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from lookalike.errors import OperatorError
from lookalike.settings import PlanSettings
from lookalike.store.accounts import check_plan, insert_key
from lookalike.store.schema import accounts, api_keys


@dataclass(frozen=True, slots=True)
class Rotation:
    """A new key of an account, and when its old keys stop working."""

    account_id: int
    key_id: int
    plain_key: str
    old_key_ids: tuple[int, ...]
    old_keys_end_at: datetime


def plans_in_use(conn: sa.Connection) -> dict[str, int]:
    """How many accounts have each plan."""
    query = sa.select(accounts.c.plan, sa.func.count()).group_by(accounts.c.plan)
    return {str(plan): int(count) for plan, count in conn.execute(query)}


def account_id_for(conn: sa.Connection, account_ref: str) -> int:
    """The one account ``account_ref`` names: its id, or its exact name."""
    text = account_ref.strip()
    if not text:
        raise OperatorError("No account given. Name one by its id, as `lookalike keys list` shows.")
    condition = accounts.c.name == text
    if text.isascii() and text.isdigit() and len(text) <= 18:
        condition = sa.or_(condition, accounts.c.account_id == int(text))
    rows = list(conn.execute(sa.select(accounts.c.account_id, accounts.c.name).where(condition)))
    if not rows:
        raise OperatorError(
            f"No account has the id or name {text!r}. Run `lookalike keys list` to see them."
        )
    if len(rows) > 1:
        named = ", ".join(f"{row.account_id} ({row.name!r})" for row in rows)
        raise OperatorError(f"{text!r} names {len(rows)} accounts: {named}. Give the account id.")
    return int(rows[0].account_id)


def change_plan(
    engine: sa.Engine, account_ref: str, plan: str, plans: Mapping[str, PlanSettings]
) -> tuple[int, str]:
    """Move the account to ``plan``; returns ``(account_id, previous plan)``.

    Its keys are priced and limited by the new plan within the API's key cache time (1 s).
    """
    check_plan(plan, plans)
    with engine.begin() as conn:
        account_id = account_id_for(conn, account_ref)
        previous = conn.execute(
            sa.select(accounts.c.plan).where(accounts.c.account_id == account_id)
        ).scalar_one()
        conn.execute(
            sa.update(accounts).where(accounts.c.account_id == account_id).values(plan=plan)
        )
    return account_id, str(previous)


def rotate_key(engine: sa.Engine, account_ref: str, grace: timedelta = timedelta(0)) -> Rotation:
    """Issue the account a new key; its active keys stop working after ``grace`` (0: at once)."""
    if grace < timedelta(0):
        raise OperatorError("The grace period cannot be negative.")
    now = datetime.now(UTC)
    ends_at = now + grace
    with engine.begin() as conn:
        account_id = account_id_for(conn, account_ref)
        # Keys still working: never revoked, or in the grace of an earlier rotation.
        active = (
            api_keys.c.account_id == account_id,
            sa.or_(api_keys.c.revoked_at.is_(None), api_keys.c.revoked_at > now),
        )
        old_ids = tuple(
            int(i) for i in conn.execute(sa.select(api_keys.c.key_id).where(*active)).scalars()
        )
        conn.execute(sa.update(api_keys).where(*active).values(revoked_at=ends_at))
        key_id, plain_key = insert_key(conn, account_id, "rotated", now)
    return Rotation(account_id, key_id, plain_key, old_ids, ends_at)
