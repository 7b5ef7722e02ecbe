"""title classes kept between imports

A table of each distinct job title's department and seniority, with the fingerprint of the
classifier that produced them, so a re-import classifies only titles it has not seen. Nothing else
changes; dropping it loses only the cache.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "title_classes",
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("seniority", sa.SmallInteger(), nullable=False),
        sa.Column("departments", sa.Text(), nullable=False),
        sa.Column("rules", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("title"),
    )


def downgrade() -> None:
    op.drop_table("title_classes")
