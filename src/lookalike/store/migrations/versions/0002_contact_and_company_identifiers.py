"""contact and company identifiers

Contacts gain ``email`` and ``linkedin_url``, companies ``linkedin_url``: nullable, indexed, so
existing rows are kept as they are (with the new columns empty) and seeds can be looked up by them.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("companies", sa.Column("linkedin_url", sa.String(length=255), nullable=True))
    op.create_index(op.f("ix_companies_linkedin_url"), "companies", ["linkedin_url"], unique=False)
    op.add_column("contacts", sa.Column("email", sa.String(length=320), nullable=True))
    op.add_column("contacts", sa.Column("linkedin_url", sa.String(length=255), nullable=True))
    op.create_index(op.f("ix_contacts_email"), "contacts", ["email"], unique=False)
    op.create_index(op.f("ix_contacts_linkedin_url"), "contacts", ["linkedin_url"], unique=False)


def downgrade() -> None:
    # Batch mode: SQLite before 3.35 cannot drop a column, so there the table is copied without it.
    with op.batch_alter_table("contacts") as batch:
        batch.drop_index(batch.f("ix_contacts_linkedin_url"))
        batch.drop_index(batch.f("ix_contacts_email"))
        batch.drop_column("linkedin_url")
        batch.drop_column("email")
    with op.batch_alter_table("companies") as batch:
        batch.drop_index(batch.f("ix_companies_linkedin_url"))
        batch.drop_column("linkedin_url")
