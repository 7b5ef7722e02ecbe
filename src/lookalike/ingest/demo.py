"""Build the demo universe: real companies, composed contacts, loaded like any import.

Companies come from :mod:`lookalike.synthetic.companies`, contacts from
:mod:`lookalike.synthetic.contacts`; both go through :class:`lookalike.store.bulk.BulkUpserter`
in one transaction that also bumps the universe version. The same package version and seed give
the same ids and rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from time import perf_counter

import sqlalchemy as sa
from more_itertools import chunked

from lookalike.domain import EntityKind
from lookalike.ingest.importer import ProgressCallback, gc_paused
from lookalike.settings import Settings
from lookalike.store.bulk import BulkUpserter
from lookalike.store.entities import bump_universe_version
from lookalike.synthetic.companies import DemoCompany, demo_companies
from lookalike.synthetic.contacts import compose_contacts

_BATCH = 20_000


@dataclass(frozen=True, slots=True)
class DemoReport:
    """What a demo load wrote."""

    companies: int
    contacts: int
    seconds: float
    universe_version: int

    def summary(self) -> str:
        """One line for the end of ``lookalike demo load``."""
        return (
            f"Loaded the demo universe: {self.companies:,} companies and {self.contacts:,} "
            f"composed contacts in {self.seconds:.1f} s; universe version {self.universe_version}."
        )


def build_demo_universe(
    engine: sa.Engine,
    settings: Settings,
    progress: ProgressCallback | None = None,
    *,
    contacts: int | None = None,
    seed: int | None = None,
) -> DemoReport:
    """Load the demo companies and ``settings.demo.contacts`` composed contacts into the store."""
    started = perf_counter()
    total_contacts = settings.demo.contacts if contacts is None else contacts
    companies = demo_companies()
    total = len(companies) + total_contacts
    with engine.begin() as conn, gc_paused():
        company_writer = BulkUpserter(conn, EntityKind.COMPANIES)
        for chunk in chunked(companies, _BATCH):
            company_writer.write([company.row() for company in chunk])
        company_writer.finish()
        if progress is not None:
            progress(len(companies), total)
        written = _write_contacts(conn, companies, total_contacts, seed, settings, progress, total)
        version = bump_universe_version(conn)
    return DemoReport(len(companies), written, perf_counter() - started, version)


def _write_contacts(
    conn: sa.Connection,
    companies: Sequence[DemoCompany],
    total_contacts: int,
    seed: int | None,
    settings: Settings,
    progress: ProgressCallback | None,
    total: int,
) -> int:
    writer = BulkUpserter(conn, EntityKind.CONTACTS)
    batch: list[tuple[object, ...]] = []
    written = 0
    chosen_seed = settings.demo.seed if seed is None else seed
    for rows in compose_contacts(companies, total_contacts, chosen_seed):
        batch.extend(rows)
        if len(batch) >= _BATCH:
            writer.write(batch)
            written += len(batch)
            batch = []
            if progress is not None:
                progress(len(companies) + written, total)
    writer.write(batch)
    written += len(batch)
    writer.finish()
    return written
