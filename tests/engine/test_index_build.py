"""Index generations: build from either database, staleness, atomic swap while serving."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa

from lookalike.domain import EntityKind, RecommendationQuery
from lookalike.engine.build import (
    COMPANY_STAGES,
    CONTACT_STAGES,
    PUBLISHED,
    build_index,
    index_is_current,
)
from lookalike.engine.columns import department_mask, title_key
from lookalike.engine.contact_batches import VectorSink
from lookalike.engine.features import contact_vector
from lookalike.engine.generation import CURRENT_FILE, load_generation
from lookalike.engine.recommender import Recommender
from lookalike.errors import IndexUnavailableError
from lookalike.settings import Settings
from lookalike.store import entities
from lookalike.synthetic.segments import build_synthetic_universe


def settings_for(path: Path) -> Settings:
    return Settings(data_dir=path).model_copy(
        update={"index": Settings().index.model_copy(update={"reload_check_seconds": 0.0})}
    )


def test_build_reads_the_store_and_index_is_current_until_the_universe_changes(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path)
    assert not index_is_current(settings, store_engine)
    build_synthetic_universe(store_engine, companies=40, contacts_per_company=3)
    path = build_index(settings, store_engine)
    assert (settings.index_dir / CURRENT_FILE).read_text() == path.name
    assert index_is_current(settings, store_engine)
    recommender = Recommender.open(settings)
    assert recommender.universe_version == 1
    assert recommender.generation.contacts.size == 120
    with store_engine.begin() as conn:
        entities.bump_universe_version(conn)
    assert not index_is_current(settings, store_engine)


def test_the_manifest_counts_the_distinct_contact_titles_the_build_encoded(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    build_synthetic_universe(store_engine, companies=30, contacts_per_company=4)
    with store_engine.connect() as conn:
        titles, keys = conn.execute(
            sa.text(
                "SELECT COUNT(DISTINCT job_title), "
                "COUNT(DISTINCT job_title || '/' || departments || '/' || seniority) FROM contacts"
            )
        ).one()
    path = build_index(settings_for(tmp_path), store_engine)
    work = json.loads((path / "manifest.json").read_text(encoding="utf-8"))["contact_titles"]
    assert (work["titles"], work["keys"]) == (titles, keys)
    assert 0 < work["seconds"] <= json.loads((path / "manifest.json").read_text())["build_seconds"]


def test_a_build_reports_exactly_its_company_then_contact_stages_then_publishing(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    """``lookalike bench`` scales each stage by its kind's count: none may go unclassified."""
    build_synthetic_universe(store_engine, companies=10, contacts_per_company=2)
    stages: list[str] = []

    def note(stage: str, done: int, total: int) -> None:
        if not stages or stages[-1] != stage:
            stages.append(stage)

    build_index(settings_for(tmp_path), store_engine, note)

    assert stages == [*COMPANY_STAGES, *CONTACT_STAGES, PUBLISHED]


def test_an_index_of_an_older_format_is_not_current_so_serve_rebuilds_it(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path)
    build_synthetic_universe(store_engine, companies=20, contacts_per_company=2)
    path = build_index(settings, store_engine)
    manifest_path = path / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.write_text(json.dumps({**manifest, "format_version": 1}), encoding="utf-8")
    assert not index_is_current(settings, store_engine)
    with pytest.raises(IndexUnavailableError, match="lookalike index build"):
        Recommender.open(settings)


def test_opening_without_an_index_says_how_to_build_one(tmp_path: Path) -> None:
    with pytest.raises(IndexUnavailableError, match="lookalike index build"):
        Recommender.open(settings_for(tmp_path))


def test_an_empty_store_builds_an_index_that_returns_nothing(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path)
    build_index(settings, store_engine)
    page = Recommender.open(settings).recommend(
        RecommendationQuery(kind=EntityKind.CONTACTS, seed_ids=("p1",))
    )
    assert page.items == () and not page.has_more


def test_queries_keep_answering_while_a_rebuild_swaps_in(tmp_path: Path) -> None:
    settings = settings_for(tmp_path)
    from lookalike.store.database import create_store_engine, upgrade_database

    engine = create_store_engine(settings.resolved_database_url)
    upgrade_database(engine)
    build_synthetic_universe(engine, companies=60, contacts_per_company=5)
    build_index(settings, engine)
    recommender = Recommender.open(settings)
    query = RecommendationQuery(kind=EntityKind.CONTACTS, seed_ids=("p0000001", "p0000002"))
    before = recommender.recommend(query)
    errors: list[BaseException] = []
    answered: list[int] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                recommender.refresh_if_changed()
                answered.append(len(recommender.recommend(query).items))
            except BaseException as error:
                errors.append(error)
                return

    workers = [threading.Thread(target=serve) for _ in range(2)]
    for worker in workers:
        worker.start()
    with engine.begin() as conn:
        entities.bump_universe_version(conn)
    for _ in range(3):
        build_index(settings, engine)
    stop.set()
    for worker in workers:
        worker.join()
    engine.dispose()
    assert not errors
    assert answered and set(answered) == {25}
    assert recommender.refresh_if_changed() or recommender.universe_version == 2
    assert recommender.universe_version == 2
    assert [i.entity_id for i in recommender.recommend(query).items] == [
        i.entity_id for i in before.items
    ]
    assert len(list(settings.index_dir.glob("gen-*"))) == 2  # older generations deleted


def test_built_contact_vectors_and_columns_match_encoding_each_contact_alone(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    settings = settings_for(tmp_path)
    build_synthetic_universe(store_engine, companies=30, contacts_per_company=4)
    path = build_index(settings, store_engine)
    generation = load_generation(settings.index_dir, "exact")
    assert generation.path == path
    with store_engine.connect() as conn:
        companies = {
            c.company_id: c
            for batch in entities.iter_company_rows(store_engine)
            for c in (entities.company_from_row(row._mapping) for row in batch)
        }
        assert entities.count_entities(conn)[1] == generation.contacts.size
    vocab = generation.vocab
    vectors = generation.contacts.index.vectors()
    columns = generation.contacts.columns
    for batch in entities.iter_contact_rows(store_engine):
        for row in batch:
            contact = entities.contact_from_row(row._mapping)
            position = int(generation.contacts.rows_of([contact.person_id])[0])
            expected = contact_vector(contact, companies.get(contact.company_id))
            np.testing.assert_allclose(vectors[position], expected, atol=1e-6)
            assert columns["title_key"][position] == title_key(contact.job_title)
            assert columns["seniority"][position] == int(contact.seniority)
            assert columns["departments"][position] == department_mask(contact.departments)
            country = contact.country or companies[contact.company_id].country
            assert vocab["country"][columns["country"][position]] == country


def test_vector_sink_keeps_every_row_when_the_count_was_wrong(tmp_path: Path) -> None:
    rows = np.arange(70, dtype=np.float32).reshape(10, 7)
    for expected in (3, 10, 25):
        sink = VectorSink(tmp_path / f"v{expected}.npy", expected, 7)
        for start in range(0, 10, 4):
            sink.append(rows[start : start + 4])
        np.testing.assert_array_equal(sink.finish(), rows)
        np.testing.assert_array_equal(np.load(tmp_path / f"v{expected}.npy"), rows)
