"""Alembic environment: runs on the connection handed in by ``upgrade_database`` or on the URL."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from lookalike.store.schema import metadata

config = context.config
connection = config.attributes.get("connection")

if connection is None:
    engine = sa.create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as connection:
        context.configure(connection=connection, target_metadata=metadata)
        context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=metadata)
    context.run_migrations()
