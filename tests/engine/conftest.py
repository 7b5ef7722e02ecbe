"""Engine fixtures: a synthetic universe in a real SQLite store, indexed once per module."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from lookalike.engine.build import build_index
from lookalike.engine.recommender import Recommender
from lookalike.settings import Settings
from lookalike.store.database import create_store_engine, upgrade_database
from lookalike.synthetic.segments import build_synthetic_universe


@pytest.fixture(scope="module")
def universe_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a fresh data directory (SQLite store, index beside it)."""
    return Settings(data_dir=Path(tmp_path_factory.mktemp("universe")))


@pytest.fixture(scope="module")
def universe_engine(universe_settings: Settings) -> Iterator[sa.Engine]:
    """A SQLite store holding 600 synthetic companies with 10 contacts each."""
    engine = create_store_engine(universe_settings.resolved_database_url)
    upgrade_database(engine)
    build_synthetic_universe(engine, companies=600, contacts_per_company=10)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def recommender(universe_settings: Settings, universe_engine: sa.Engine) -> Recommender:
    """A Recommender over an index built from the synthetic store."""
    build_index(universe_settings, universe_engine)
    return Recommender.open(universe_settings)
