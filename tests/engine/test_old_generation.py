"""An index generation committed from an older build loads and answers, in the engine and over HTTP.

The generation in ``tests/data/index-format2-b8562e3`` is format 2 as lookalike wrote it before the
titles' occupation votes, the companies' activity votes, the inverted lists and the manifest's
``build_seconds`` existed (see the README there). Each test works on a copy of it.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from lookalike.api.app import create_app
from lookalike.domain import EntityKind, RecommendationPage, RecommendationQuery
from lookalike.engine.build import index_is_current
from lookalike.engine.generation import FORMAT_VERSION, load_generation
from lookalike.engine.recommender import Recommender
from lookalike.ingest.importer import import_file
from lookalike.settings import Settings
from lookalike.store.accounts import create_account_with_key

OLD_GENERATION = Path(__file__).parent.parent / "data" / "index-format2-b8562e3"
VP_SALES = {f"p0{company}-0" for company in range(1, 9)}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings of a data directory whose index is a copy of the committed old generation."""
    shutil.copytree(OLD_GENERATION / "index", tmp_path / "index")
    return Settings(data_dir=tmp_path, index={"kind": "exact"})


def ask(settings: Settings, kind: EntityKind, *seeds: str) -> RecommendationPage:
    query = RecommendationQuery(kind=kind, seed_ids=seeds, limit=6)
    return Recommender.open(settings).recommend(query)


def test_the_committed_generation_lacks_what_later_builds_add(settings: Settings) -> None:
    generation = load_generation(settings.index_dir, settings.index.kind)
    assert generation.manifest["format_version"] == FORMAT_VERSION
    assert "build_seconds" not in generation.manifest
    assert generation.contacts.occupations is None and generation.companies.activities is None
    assert generation.contacts.postings == {} and generation.companies.postings == {}
    assert generation.companies.terms is not None and generation.contacts.terms is not None
    assert (generation.companies.size, generation.contacts.size) == (8, 32)


def test_contacts_of_the_seeds_role_are_found_without_occupation_votes(
    settings: Settings,
) -> None:
    page = ask(settings, EntityKind.CONTACTS, "p01-0", "p04-0")
    assert {item.entity_id for item in page.items} == VP_SALES - {"p01-0", "p04-0"}
    assert all(item.nearest_seed in {"p01-0", "p04-0"} for item in page.items)
    assert ("title", "Sales Managers") in {(r.type, r.value) for r in page.items[0].reasons}
    nurse = ask(settings, EntityKind.CONTACTS, "p07-3")
    assert nurse.items[0].entity_id == "p08-3"


def test_companies_of_the_seeds_industry_are_found_without_activity_votes(
    settings: Settings,
) -> None:
    assert ask(settings, EntityKind.COMPANIES, "c01", "c02").items[0].entity_id == "c03"
    banks = ask(settings, EntityKind.COMPANIES, "c04").items
    assert {item.entity_id for item in banks[:2]} == {"c05", "c06"}


@pytest.fixture
def anyio_backend() -> str:
    """The HTTP test runs on asyncio."""
    return "asyncio"


@pytest.fixture
async def client_and_key(settings: Settings) -> AsyncIterator[tuple[httpx.AsyncClient, str]]:
    """The app over a store holding the generation's rows, and a key of a fresh account."""
    app = create_app(settings)
    store = app.state.services.store
    import_file(store, "companies", OLD_GENERATION / "companies.csv")
    import_file(store, "contacts", OLD_GENERATION / "contacts.csv")
    # The two imports bring the store to the universe version the generation was built from.
    assert index_is_current(settings, store)
    _, key = create_account_with_key(store, "old generation", "basic", 100)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://lookalike.test") as client:
        yield client, key
    store.dispose()


@pytest.mark.anyio
async def test_the_api_serves_the_old_generation_as_it_is(
    client_and_key: tuple[httpx.AsyncClient, str],
) -> None:
    client, key = client_and_key
    seeds = [{"personId": "p01-0"}, {"personId": "p04-0"}]
    response = await client.post(
        "/api/recommendations/contacts",
        json={"contacts": seeds, "limit": 6},
        headers={"api_key": key},
    )
    assert response.status_code == 200, response.text
    found = response.json()["contacts"]
    assert {contact["personId"] for contact in found} == VP_SALES - {"p01-0", "p04-0"}
    assert {contact["jobTitle"] for contact in found} == {"VP of Sales"}
    # Its manifest has no build duration: the index gauges are set without it.
    assert (await client.get("/metrics")).status_code == 200
