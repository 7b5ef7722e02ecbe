"""Prometheus metrics of the API, scraped at ``GET /metrics``.

With several uvicorn workers, set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory writable by
every worker (emptied before each start) in the environment of the server: each worker then writes
its samples there and a scrape, whichever worker answers it, adds all of them up. Without it, each
worker reports only its own requests.

The index gauges are set by the worker answering the scrape, from the generation it has loaded,
and kept in ``mostrecent`` mode across workers.
"""

from __future__ import annotations

import calendar
import os
import time
from collections.abc import Mapping
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)

from lookalike.api.recommenders import RecommenderLike, RecommenderProvider
from lookalike.domain import RecommendationPage, RecommendationQuery
from lookalike.settings import Settings

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
CONTENT_TYPE = CONTENT_TYPE_LATEST
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

REQUESTS = Counter(
    "lookalike_http_requests", "HTTP requests answered.", ["method", "route", "status"]
)
REQUEST_SECONDS = Histogram(
    "lookalike_http_request_duration_seconds",
    "Time from a request's arrival to the end of its response.",
    ["method", "route"],
    buckets=_LATENCY_BUCKETS,
)
ENGINE_SECONDS = Histogram(
    "lookalike_engine_duration_seconds",
    "Time the recommendation engine took for one page.",
    ["kind"],
    buckets=_LATENCY_BUCKETS,
)
RESULTS = Counter("lookalike_results_returned", "Results returned (and charged).", ["kind"])
CREDITS = Counter("lookalike_credits_charged", "Credits debited for results.", ["kind"])
RATE_LIMITED = Counter("lookalike_rate_limited", "Calls refused with a 429.", ["route"])
INDEX_UNIVERSE = Gauge(
    "lookalike_index_universe_version",
    "The universe version of the loaded index generation.",
    multiprocess_mode="mostrecent",
)
INDEX_AGE = Gauge(
    "lookalike_index_age_seconds",
    "Seconds since the loaded index generation was built.",
    multiprocess_mode="mostrecent",
)


INDEX_BUILD_SECONDS = Gauge(
    "lookalike_index_build_duration_seconds",
    "How long the build of the loaded index generation took (from its manifest).",
    multiprocess_mode="mostrecent",
)


def observe_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request and its latency (``route``: the template, not the path)."""
    REQUESTS.labels(method, route, str(status)).inc()
    REQUEST_SECONDS.labels(method, route).observe(seconds)
    if status == 429:
        RATE_LIMITED.labels(route).inc()


def record_page(kind: str, results: int, credits: int) -> None:
    """Count the results of one charged page and the credits they cost."""
    RESULTS.labels(kind).inc(results)
    CREDITS.labels(kind).inc(credits)


def observe_index(manifest: Mapping[str, Any], now: float | None = None) -> None:
    """Set the index gauges from a loaded generation's manifest."""
    INDEX_UNIVERSE.set(int(manifest["universe_version"]))
    build_seconds = manifest.get("build_seconds")
    if isinstance(build_seconds, int | float):
        INDEX_BUILD_SECONDS.set(float(build_seconds))
    built_at = manifest.get("built_at")
    if isinstance(built_at, str):
        built = calendar.timegm(time.strptime(built_at, "%Y-%m-%dT%H:%M:%SZ"))
        INDEX_AGE.set(max(0.0, (time.time() if now is None else now) - built))


def scrape() -> bytes:
    """Every metric in the Prometheus text format, from all workers in multiprocess mode."""
    if os.environ.get(MULTIPROCESS_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)


class TimedRecommender:
    """A recommender whose every page is timed into ``lookalike_engine_duration_seconds``."""

    def __init__(self, inner: RecommenderLike) -> None:
        self.inner = inner

    def recommend(self, query: RecommendationQuery) -> RecommendationPage:
        """The inner recommender's page, timed."""
        started = time.perf_counter()
        try:
            return self.inner.recommend(query)
        finally:
            ENGINE_SECONDS.labels(query.kind.value).observe(time.perf_counter() - started)

    def refresh_if_changed(self) -> bool:
        """Reload the inner recommender's index when a newer one was published."""
        return self.inner.refresh_if_changed()


class MeteredRecommenderProvider(RecommenderProvider):
    """A :class:`RecommenderProvider` whose recommender is a :class:`TimedRecommender`."""

    def __init__(self, settings: Settings, recommender: RecommenderLike | None = None) -> None:
        super().__init__(settings, None if recommender is None else TimedRecommender(recommender))

    def _open(self) -> RecommenderLike:
        return TimedRecommender(super()._open())
