"""Loading the demo universe: every company and composed contact, in one versioned transaction."""

from __future__ import annotations

import sqlalchemy as sa

from lookalike.ingest.demo import build_demo_universe
from lookalike.settings import Settings
from lookalike.store.entities import count_entities, universe_version
from lookalike.store.schema import companies, contacts
from lookalike.synthetic.companies import demo_companies


def test_demo_load_fills_the_store_and_bumps_the_version(store_engine: sa.Engine) -> None:
    report = build_demo_universe(store_engine, Settings(), contacts=2_000, seed=3)

    with store_engine.connect() as conn:
        assert count_entities(conn) == (len(demo_companies()), 2_000)
        assert universe_version(conn) == report.universe_version == 1
        orphans = conn.execute(
            sa.select(sa.func.count())
            .select_from(
                contacts.outerjoin(companies, contacts.c.company_id == companies.c.company_id)
            )
            .where(companies.c.company_id.is_(None))
        ).scalar_one()
        composed = conn.execute(
            sa.select(sa.func.count()).where(contacts.c.composed.is_(True))
        ).scalar_one()
    assert orphans == 0
    assert composed == 2_000
