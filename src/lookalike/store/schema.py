"""Table definitions (SQLAlchemy Core), shared by SQLite and PostgreSQL.

The Alembic migrations in ``store/migrations`` create exactly these tables; a test compares them.
Columns are only ever appended: bulk loads pass rows as tuples in column order.
"""

from __future__ import annotations

import sqlalchemy as sa

from lookalike.contract import (
    CITY_MAX_LENGTH,
    COUNTRY_MAX_LENGTH,
    DOMAIN_MAX_LENGTH,
    EMAIL_MAX_LENGTH,
    ID_MAX_LENGTH,
    IDEMPOTENCY_KEY_MAX_LENGTH,
    LINKEDIN_URL_MAX_LENGTH,
    STATE_MAX_LENGTH,
)

metadata = sa.MetaData()

companies = sa.Table(
    "companies",
    metadata,
    sa.Column("company_id", sa.String(ID_MAX_LENGTH), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("domain", sa.String(DOMAIN_MAX_LENGTH), index=True),
    sa.Column("description", sa.Text),
    sa.Column("industry", sa.Text),
    sa.Column("naics", sa.String(6)),
    sa.Column("employees", sa.Integer),
    sa.Column("employees_estimated", sa.Boolean, nullable=False, default=False),
    sa.Column("revenue", sa.BigInteger),
    sa.Column("country", sa.String(COUNTRY_MAX_LENGTH)),
    sa.Column("state", sa.String(STATE_MAX_LENGTH)),
    sa.Column("city", sa.String(CITY_MAX_LENGTH)),
    sa.Column("founded_year", sa.Integer),
    sa.Column("technologies", sa.Text, nullable=False, default=""),  # "|"-joined
    sa.Column("keywords", sa.Text, nullable=False, default=""),  # "|"-joined
    # Canonical forms of lookalike.identifiers, so seed lookups are indexed equalities.
    sa.Column(
        "linkedin_url", sa.String(LINKEDIN_URL_MAX_LENGTH), index=True
    ),  # linkedin.com/company/<slug>
)

contacts = sa.Table(
    "contacts",
    metadata,
    sa.Column("person_id", sa.String(ID_MAX_LENGTH), primary_key=True),
    sa.Column("company_id", sa.String(ID_MAX_LENGTH), nullable=False, index=True),
    sa.Column("first_name", sa.Text),
    sa.Column("last_name", sa.Text),
    sa.Column("job_title", sa.Text, nullable=False),
    sa.Column("country", sa.String(COUNTRY_MAX_LENGTH)),
    sa.Column("state", sa.String(STATE_MAX_LENGTH)),
    sa.Column("city", sa.String(CITY_MAX_LENGTH)),
    sa.Column("seniority", sa.SmallInteger, nullable=False),
    sa.Column("departments", sa.Text, nullable=False, default=""),  # "|"-joined names
    sa.Column("composed", sa.Boolean, nullable=False, default=False),
    sa.Column("email", sa.String(EMAIL_MAX_LENGTH), index=True),  # trimmed, lower-cased
    sa.Column(
        "linkedin_url", sa.String(LINKEDIN_URL_MAX_LENGTH), index=True
    ),  # linkedin.com/in/<slug>
)

# Each distinct job title's department and seniority as imports classified them, so a later import
# reuses them (lookalike.store.title_classes); ``rules`` is the fingerprint of the classifier that
# produced the row (lookalike.taxonomy.title_fingerprint): rows of another version are not read.
title_classes = sa.Table(
    "title_classes",
    metadata,
    sa.Column("title", sa.Text, primary_key=True),
    sa.Column("seniority", sa.SmallInteger, nullable=False),
    sa.Column("departments", sa.Text, nullable=False),  # "|"-joined names
    sa.Column("rules", sa.String(32), nullable=False),
)

# One row per data set: bumped by every import so servers know when the index is stale.
universe_meta = sa.Table(
    "universe_meta",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
)

accounts = sa.Table(
    "accounts",
    metadata,
    sa.Column("account_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("plan", sa.String(64), nullable=False),
    sa.Column("balance", sa.BigInteger, nullable=False),  # cache of sum(ledger.amount)
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

api_keys = sa.Table(
    "api_keys",
    metadata,
    sa.Column("key_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "account_id", sa.Integer, sa.ForeignKey("accounts.account_id"), nullable=False, index=True
    ),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("key_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("prefix", sa.String(16), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("revoked_at", sa.DateTime(timezone=True)),
)

ledger = sa.Table(
    "ledger",
    metadata,
    sa.Column("entry_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "account_id", sa.Integer, sa.ForeignKey("accounts.account_id"), nullable=False, index=True
    ),
    sa.Column("key_id", sa.Integer, sa.ForeignKey("api_keys.key_id")),
    sa.Column("kind", sa.String(16), nullable=False),  # "grant" or "debit"
    sa.Column("amount", sa.BigInteger, nullable=False),  # positive grant, negative debit
    sa.Column("session_id", sa.String(64)),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("session_id", sa.String(64), primary_key=True),
    sa.Column(
        "account_id", sa.Integer, sa.ForeignKey("accounts.account_id"), nullable=False, index=True
    ),
    sa.Column("key_id", sa.Integer, sa.ForeignKey("api_keys.key_id"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("seeds", sa.Text, nullable=False),  # JSON
    sa.Column("exclude", sa.Text, nullable=False),  # JSON
    sa.Column("filters", sa.Text, nullable=False),  # JSON
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=False),
)

session_items = sa.Table(
    "session_items",
    metadata,
    sa.Column("session_id", sa.String(64), primary_key=True),
    sa.Column("entity_id", sa.String(ID_MAX_LENGTH), primary_key=True),
    sa.Column("charged", sa.Integer, nullable=False),
)

idempotency = sa.Table(
    "idempotency",
    metadata,
    sa.Column("key_id", sa.Integer, primary_key=True),
    sa.Column("idempotency_key", sa.String(IDEMPOTENCY_KEY_MAX_LENGTH), primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("status_code", sa.Integer, nullable=False),
    sa.Column("response", sa.Text, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)
