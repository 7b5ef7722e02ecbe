"""``lookalike bench``: build a synthetic universe at scale and measure every stage of the service.

Speed figures are stated against a reference measured in the same run (exact brute-force search over
the same vectors, for the same queries), since absolute timings on shared machines are noisy.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import numpy as np
import sqlalchemy as sa

from lookalike.bench.http_load import LoadResult, peak_rss_bytes, run_load, running_server
from lookalike.bench.latency import Comparison, FollowUp, compare, follow_up_pages, seed_sets
from lookalike.domain import EntityKind, Filters
from lookalike.engine.build import COMPANY_STAGES, CONTACT_STAGES, build_index
from lookalike.engine.filters import filter_mask
from lookalike.engine.generation import load_generation
from lookalike.engine.recommender import Recommender
from lookalike.ingest.importer import import_file
from lookalike.settings import Settings
from lookalike.store.accounts import create_account_with_key
from lookalike.store.database import open_store
from lookalike.synthetic.files import write_universe

SELECTIVE_FILTER = Filters(countries=("Spain",))
Say = Callable[[str], None]


@dataclass(frozen=True)
class BenchOptions:
    """What to measure: universe size, query count, and the shape of the HTTP load run."""

    n_companies: int
    n_contacts: int
    queries: int = 200
    http_seconds: float = 15.0
    concurrency: int = 32
    workers: tuple[int, ...] = (1, 2)  # one HTTP series of each page kind per worker count
    load_generator: str = "auto"


@dataclass(frozen=True)
class HttpSeries:
    """One HTTP load run: the server's worker count, which pages, what it measured."""

    workers: int
    pages: str  # "first" (new sessions) or "follow-up" (later pages of open sessions)
    load: LoadResult
    serving_rss_bytes: int


@dataclass
class BenchReport:
    """Every figure of one benchmark run."""

    n_companies: int
    n_contacts: int
    database: str = ""  # the store's SQL dialect: sqlite or postgresql
    import_rows_per_second: float = 0.0
    import_seconds: float = 0.0
    # The same contacts file imported a second time: its titles are kept from the first import
    reimport_rows_per_second: float = 0.0
    index_build_seconds: float = 0.0
    # (stage, seconds) of the index build, in order: where its time goes
    build_stages: list[tuple[str, float]] = field(default_factory=list)
    # What the build's distinct contact titles cost: titles, keys, seconds (its manifest's)
    contact_titles: dict[str, float] = field(default_factory=dict)
    filter_share: dict[str, float] = field(default_factory=dict)
    comparisons: list[Comparison] = field(default_factory=list)
    follow_ups: list[FollowUp] = field(default_factory=list)
    http: list[HttpSeries] = field(default_factory=list)

    def build_estimate_seconds(self, contacts: int, companies: int) -> float | None:
        """The index build time at ``contacts`` / ``companies``, scaled from this run's stages:
        company stages by companies, contact stages (less the distinct titles) by contacts, and
        the distinct titles as in this run (the bench draws titles from a fixed pool, so a larger
        bench universe holds no more of them). None without stage figures."""
        if not self.build_stages or not self.n_contacts or not self.n_companies:
            return None
        company = sum(s for stage, s in self.build_stages if stage in COMPANY_STAGES)
        contact = sum(s for stage, s in self.build_stages if stage in CONTACT_STAGES)
        titles = float(self.contact_titles.get("seconds", 0.0))
        return (
            company * companies / self.n_companies
            + (contact - titles) * contacts / self.n_contacts
            + titles
        )

    @property
    def serving_rss_bytes(self) -> int:
        """The largest peak resident memory of a server over the HTTP series (0: none ran)."""
        return max((series.serving_rss_bytes for series in self.http), default=0)


class StageClock:
    """A build progress callback that notes when each stage starts, to time the stages."""

    def __init__(self) -> None:
        self._starts: list[tuple[str, float]] = []

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self._starts or self._starts[-1][0] != stage:
            self._starts.append((stage, time.perf_counter()))

    def seconds(self, until: float | None = None) -> list[tuple[str, float]]:
        """Each stage and how long it ran (the last one until ``until``, default: now)."""
        end = time.perf_counter() if until is None else until
        ends = [start for _, start in self._starts[1:]] + [end]
        return [
            (stage, stop - start) for (stage, start), stop in zip(self._starts, ends, strict=True)
        ]


def run_benchmark(data_dir: Path, options: BenchOptions, say: Say = print) -> BenchReport:
    """Run every stage in ``data_dir`` (which should be empty) and return the figures."""
    n_companies, n_contacts = options.n_companies, options.n_contacts
    report = BenchReport(n_companies, n_contacts)
    settings = Settings(data_dir=data_dir)
    say(f"Writing a synthetic universe: {n_companies:,} companies, {n_contacts:,} contacts")
    files = write_universe(data_dir / "files", n_companies, n_contacts)
    engine = open_store(settings)
    report.database = engine.dialect.name
    say("Importing through the normal import path")
    started = time.perf_counter()
    for kind, path in (
        (EntityKind.COMPANIES, files.companies),
        (EntityKind.CONTACTS, files.contacts),
    ):
        import_file(engine, kind, path)
    report.import_seconds = time.perf_counter() - started
    report.import_rows_per_second = (n_companies + n_contacts) / report.import_seconds
    say("Importing the contacts again (a refresh: every title classified before)")
    started = time.perf_counter()
    import_file(engine, EntityKind.CONTACTS, files.contacts)
    report.reimport_rows_per_second = n_contacts / (time.perf_counter() - started)
    say("Building the index")
    started = time.perf_counter()
    stages = StageClock()
    generation = build_index(settings, engine, stages)
    report.index_build_seconds = time.perf_counter() - started
    report.build_stages = stages.seconds()
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    report.contact_titles = manifest.get("contact_titles", {})
    _engine_latency(settings, report, options.queries, say)
    _http(settings, engine, report, options, say)
    engine.dispose()
    return report


def _engine_latency(settings: Settings, report: BenchReport, queries: int, say: Say) -> None:
    say("Timing the engine: ANN index against exact brute force, same queries")
    ann = load_generation(settings.index_dir, "faiss")
    exact = load_generation(settings.index_dir, "exact")
    for kind in (EntityKind.CONTACTS, EntityKind.COMPANIES):
        seeds = seed_sets(ann, kind, min(queries, 1000))
        mask = filter_mask(ann, kind, SELECTIVE_FILTER)
        report.filter_share[kind.value] = float(np.mean(mask)) if mask is not None else 1.0
        report.comparisons.append(compare(f"{kind.value}, 5 seeds", ann, exact, kind, seeds))
        report.comparisons.append(
            compare(f"{kind.value}, 5 seeds, filter", ann, exact, kind, seeds, SELECTIVE_FILTER)
        )
        sessions = Recommender(settings, ann)
        report.follow_ups.append(follow_up_pages(f"{kind.value}, 5 seeds", sessions, kind, seeds))


def _http(
    settings: Settings, engine: sa.Engine, report: BenchReport, options: BenchOptions, say: Say
) -> None:
    concurrency, seconds = options.concurrency, options.http_seconds
    _, api_key = create_account_with_key(engine, "bench", "bench", 10**12)
    ann = load_generation(settings.index_dir, "faiss")
    bodies: list[dict[str, object]] = [
        {"contacts": [{"personId": p} for p in seeds], "limit": 25}
        for seeds in seed_sets(ann, EntityKind.CONTACTS, 200, seed=23)
    ]
    del ann
    for workers in options.workers:
        with running_server(settings.data_dir, workers) as (base_url, process):
            run_load(base_url, api_key, bodies[:10], concurrency, 2, generator="httpx")  # warm-up
            for pages in ("first", "follow-up"):
                say(
                    f"HTTP load, {pages} pages, {workers} worker(s): {concurrency} clients for "
                    f"{seconds:.0f} s on 127.0.0.1"
                )
                # Follow-up pages continue sessions opened just before, 200 of them round-robin.
                sent = bodies if pages == "first" else open_sessions(base_url, api_key, bodies)
                load = run_load(
                    base_url, api_key, sent, concurrency, seconds, generator=options.load_generator
                )
                rss = peak_rss_bytes(process.pid)
                report.http.append(HttpSeries(workers, pages, load, rss))


def open_sessions(
    base_url: str, api_key: str, bodies: list[dict[str, object]]
) -> list[dict[str, object]]:
    """Start one session per body; the bodies of their next pages (``requestId`` only)."""
    follow_ups: list[dict[str, object]] = []
    with httpx.Client(base_url=base_url, headers={"api_key": api_key}, timeout=60) as client:
        for body in bodies:
            response = client.post("/api/recommendations/contacts", json=body)
            response.raise_for_status()
            follow_ups.append({"requestId": response.json()["requestId"], "limit": body["limit"]})
    return follow_ups
