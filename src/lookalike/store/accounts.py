"""Accounts and API keys: high-entropy keys, stored only as a SHA-256 hash, compared in constant
time.

A plain key is shown once, when it is created; the store keeps its hash and a short prefix so an
operator can recognise and revoke it without ever seeing it again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from lookalike.errors import OperatorError
from lookalike.settings import PlanSettings
from lookalike.store.credits import grant_credits_in, used_credits_by_account
from lookalike.store.schema import accounts, api_keys

KEY_PREFIX = "lk_"
_DISPLAY_PREFIX_LENGTH = 11  # "lk_" plus eight random characters: enough to recognise a key


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    """The stored facts about one API key, found by its plain value."""

    key_id: int
    account_id: int
    key_hash: str
    plan: str
    revoked_at: datetime | None


@dataclass(frozen=True, slots=True)
class KeySummary:
    """One row of ``lookalike keys list``: never the key itself, only its prefix."""

    key_id: int
    prefix: str
    name: str
    account_id: int
    account_name: str
    plan: str
    balance: int
    used: int
    created_at: datetime
    revoked_at: datetime | None


def hash_key(plain_key: str) -> str:
    """The hex SHA-256 of a plain key: what the store keeps."""
    return hashlib.sha256(plain_key.encode("utf-8")).hexdigest()


def generate_key() -> str:
    """A new plain API key: a recognisable prefix and 256 bits of randomness."""
    return KEY_PREFIX + secrets.token_urlsafe(32)


def check_plan(plan: str, plans: Mapping[str, PlanSettings]) -> None:
    """Raise :class:`OperatorError` naming the configured plans when ``plan`` is unknown."""
    if plan not in plans:
        raise OperatorError(f"Unknown plan {plan!r}. Use one of: {', '.join(sorted(plans))}.")


def create_account_with_key(
    engine: sa.Engine, name: str, plan: str, credits: int
) -> tuple[int, str]:
    """Create an account on ``plan`` with ``credits`` granted (in the ledger) and its first key."""
    now = datetime.now(UTC)
    with engine.begin() as conn:
        account_id = conn.execute(
            sa.insert(accounts)
            .values(name=name, plan=plan, balance=0, created_at=now)
            .returning(accounts.c.account_id)
        ).scalar_one()
        key_id, plain_key = insert_key(conn, int(account_id), name, now)
        if credits:
            grant_credits_in(conn, int(account_id), credits, key_id=key_id)
    return int(account_id), plain_key


def create_key(engine: sa.Engine, account_id: int, name: str) -> tuple[int, str]:
    """Add another key to an existing account; returns ``(key_id, plain_key)``."""
    with engine.begin() as conn:
        return insert_key(conn, account_id, name, datetime.now(UTC))


def insert_key(conn: sa.Connection, account_id: int, name: str, now: datetime) -> tuple[int, str]:
    plain_key = generate_key()
    key_id = conn.execute(
        sa.insert(api_keys)
        .values(
            account_id=account_id,
            name=name,
            key_hash=hash_key(plain_key),
            prefix=plain_key[:_DISPLAY_PREFIX_LENGTH],
            created_at=now,
        )
        .returning(api_keys.c.key_id)
    ).scalar_one()
    return int(key_id), plain_key


def find_key_or_none(conn: sa.Connection, plain_key: str) -> ApiKeyRecord | None:
    """The key whose hash matches ``plain_key`` (revoked keys included), or None."""
    return find_key_by_hash_or_none(conn, hash_key(plain_key))


_KEY_BY_HASH = (
    sa.select(
        api_keys.c.key_id,
        api_keys.c.account_id,
        api_keys.c.key_hash,
        api_keys.c.revoked_at,
        accounts.c.plan,
    )
    .join(accounts, accounts.c.account_id == api_keys.c.account_id)
    .where(api_keys.c.key_hash == sa.bindparam("wanted"))
)


def find_key_by_hash_or_none(conn: sa.Connection, wanted: str) -> ApiKeyRecord | None:
    """The key whose stored hash is ``wanted`` (see :func:`hash_key`), or None."""
    row = conn.execute(_KEY_BY_HASH, {"wanted": wanted}).first()
    # The index lookup finds the row; the constant-time comparison decides.
    if row is None or not hmac.compare_digest(row.key_hash, wanted):
        return None
    return ApiKeyRecord(
        key_id=int(row.key_id),
        account_id=int(row.account_id),
        key_hash=row.key_hash,
        plan=row.plan,
        revoked_at=row.revoked_at,
    )


def list_keys(engine: sa.Engine) -> list[KeySummary]:
    """Every key with its account, plan, balance and credits used, oldest first."""
    query = (
        sa.select(
            api_keys.c.key_id,
            api_keys.c.prefix,
            api_keys.c.name,
            api_keys.c.created_at,
            api_keys.c.revoked_at,
            accounts.c.account_id,
            accounts.c.name.label("account_name"),
            accounts.c.plan,
            accounts.c.balance,
        )
        .join(accounts, accounts.c.account_id == api_keys.c.account_id)
        .order_by(api_keys.c.key_id)
    )
    with engine.connect() as conn:
        rows = list(conn.execute(query))
        used = used_credits_by_account(conn)
    return [
        KeySummary(
            key_id=int(row.key_id),
            prefix=row.prefix,
            name=row.name,
            account_id=int(row.account_id),
            account_name=row.account_name,
            plan=row.plan,
            balance=int(row.balance),
            used=used.get(int(row.account_id), 0),
            created_at=row.created_at,
            revoked_at=row.revoked_at,
        )
        for row in rows
    ]


def revoke_key(engine: sa.Engine, key_ref: str) -> KeySummary:
    """Revoke the one key ``key_ref`` names exactly; returns it as it is now.

    ``key_ref`` is a key id, a key's prefix as ``keys list`` shows it, a whole key, or an account
    name. Blank input, input that names no key and input that names more than one key (say, an
    account with two keys) raise :class:`OperatorError`; nothing is matched by a part of a value.
    """
    now = datetime.now(UTC)
    with engine.begin() as conn:
        key_id = _key_id_for(conn, key_ref)
        conn.execute(
            sa.update(api_keys)
            .where(
                api_keys.c.key_id == key_id,
                # a key still in a rotation's grace period is revoked now too
                sa.or_(api_keys.c.revoked_at.is_(None), api_keys.c.revoked_at > now),
            )
            .values(revoked_at=now)
        )
    return next(summary for summary in list_keys(engine) if summary.key_id == key_id)


_KEY_MATCHES = sa.select(
    api_keys.c.key_id,
    api_keys.c.prefix,
    api_keys.c.revoked_at,
    accounts.c.account_id,
    accounts.c.name,
).join(accounts, accounts.c.account_id == api_keys.c.account_id)


def _key_id_for(conn: sa.Connection, key_ref: str) -> int:
    text = key_ref.strip()
    if not text:
        raise OperatorError(
            "No key given. Name one key by its id or prefix, as `lookalike keys list` shows them."
        )
    conditions = [
        api_keys.c.prefix == text.removesuffix("…"),
        api_keys.c.key_hash == hash_key(text),
        accounts.c.name == text,
    ]
    if text.isascii() and text.isdigit() and len(text) <= 18:
        conditions.append(api_keys.c.key_id == int(text))
    query = _KEY_MATCHES.where(sa.or_(*conditions)).order_by(api_keys.c.key_id)
    matches = list(conn.execute(query))
    if not matches:
        raise OperatorError(
            f"No API key has the id, prefix or account name {text!r}. "
            "Run `lookalike keys list` to see the keys."
        )
    if len(matches) > 1:
        named = ", ".join(_described(row._mapping) for row in matches)
        raise OperatorError(
            f"{text!r} names {len(matches)} keys: {named}. "
            f"Give the one key id, e.g. `lookalike keys revoke {matches[0].key_id}`."
        )
    return int(matches[0].key_id)


def _described(key: sa.RowMapping) -> str:
    account = f"account {key['account_id']} {key['name']!r}"
    revoked = ", revoked" if key["revoked_at"] is not None else ""
    return f"key {key['key_id']} ({key['prefix']}…, {account}{revoked})"


def grant_credits(engine: sa.Engine, account_id: int, amount: int) -> int:
    """Add ``amount`` credits to an account (recorded in the ledger); returns the new balance."""
    with engine.begin() as conn:
        return grant_credits_in(conn, account_id, amount)


def count_accounts(engine: sa.Engine) -> int:
    """How many accounts exist (``serve`` makes a demo account only when there are none)."""
    with engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(accounts)).scalar_one())
