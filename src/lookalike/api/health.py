"""Liveness, readiness and version: what an orchestrator or an operator asks of a worker.

Readiness runs three checks, each answering ``"ok"`` or a sentence saying what failed: the
database answers a query, the rate-limit store answers (Redis, when configured; in-process
counters always do) and an index is loaded whose universe version is the store's.
"""

from __future__ import annotations

from typing import Literal

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from lookalike import __version__
from lookalike.api.metrics import TimedRecommender
from lookalike.api.recommenders import RecommenderLike
from lookalike.api.services import AppServices
from lookalike.engine.generation import Generation
from lookalike.errors import LookalikeError
from lookalike.store.entities import universe_version

OK = "ok"


class _Wire(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)


class LiveResponse(_Wire):
    """The process is up and serving HTTP."""

    status: Literal["alive"] = "alive"


class ReadyChecks(_Wire):
    """Each check: ``"ok"``, or why it failed."""

    database: str
    rate_limit_store: str
    index: str


class ReadyResponse(_Wire):
    """Whether this worker can answer API calls (200) or not (503), and why."""

    status: Literal["ready", "not ready"]
    checks: ReadyChecks


class VersionResponse(_Wire):
    """What is running: the package, the store's schema and the loaded index."""

    version: str = Field(description="The lookalike package version.")
    schema_revision: str | None = Field(description="The store's Alembic revision.")
    index_generation: str | None = Field(description="The loaded index generation, if any.")
    index_universe_version: int | None = Field(
        description="The universe version the loaded index was built from."
    )
    store_universe_version: int | None = Field(
        description="The universe version of the store's data."
    )


def readiness(services: AppServices) -> ReadyResponse:
    """Run every readiness check (blocking: call it from a worker thread)."""
    store_version, database = _store_version(services.reader)
    checks = ReadyChecks(
        database=database,
        rate_limit_store=_rate_limit_store(services),
        index=_index(services, store_version),
    )
    ready = all(value == OK for value in checks.model_dump().values())
    return ReadyResponse(status="ready" if ready else "not ready", checks=checks)


def version_info(services: AppServices) -> VersionResponse:
    """The running versions; what cannot be read right now is null."""
    generation = _generation_or_none(services)
    try:
        with services.reader.connect() as conn:
            revision = MigrationContext.configure(conn).get_current_revision()
            store_version: int | None = universe_version(conn)
    except sa.exc.SQLAlchemyError:
        revision, store_version = None, None
    return VersionResponse(
        version=__version__,
        schema_revision=revision,
        index_generation=generation.path.name if generation else None,
        index_universe_version=generation.universe_version if generation else None,
        store_universe_version=store_version,
    )


def _store_version(reader: sa.Engine) -> tuple[int | None, str]:
    try:
        with reader.connect() as conn:
            return universe_version(conn), OK
    except sa.exc.SQLAlchemyError as error:
        return None, f"The database cannot be queried: {type(error).__name__}."


def _rate_limit_store(services: AppServices) -> str:
    try:
        reachable = services.limiter.store_reachable()
    except Exception as error:  # a broken store may raise anything; readiness only reports it
        return f"The rate-limit store cannot be reached: {type(error).__name__}."
    return OK if reachable else "The rate-limit store cannot be reached."


def _index(services: AppServices, store_version: int | None) -> str:
    try:
        recommender = services.recommenders.get()
    except LookalikeError as error:
        return error.message
    generation = generation_of_or_none(recommender)
    if generation is None or store_version is None:
        return OK  # a recommender given to the app, or no store to compare with (see database)
    if generation.universe_version != store_version:
        return (
            f"The loaded index was built from universe version {generation.universe_version}, "
            f"the store is at {store_version}. Run `lookalike index build`."
        )
    return OK


def _generation_or_none(services: AppServices) -> Generation | None:
    try:
        return generation_of_or_none(services.recommenders.get())
    except LookalikeError:
        return None


def generation_of_or_none(recommender: RecommenderLike) -> Generation | None:
    """The index generation a recommender serves from, when it is the engine's."""
    from lookalike.engine.recommender import Recommender

    inner = recommender.inner if isinstance(recommender, TimedRecommender) else recommender
    return inner.generation if isinstance(inner, Recommender) else None
