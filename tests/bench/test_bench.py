"""``lookalike bench``: every stage runs end to end at a tiny scale (no timing is asserted)."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from lookalike.bench.http_load import parse_wrk_output
from lookalike.bench.run import BenchOptions, BenchReport, StageClock, run_benchmark
from lookalike.bench.table import render_table

WRK_OUTPUT = """Running 1s test @ http://127.0.0.1:8099/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.68ms    1.24ms   7.68ms   87.45%
  Latency Distribution
     50%  950.00us
     75%    1.99ms
     90%    3.33ms
     99%    6.48ms
  1076 requests in 1.01s, 3.69MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   1069.76
"""


def test_wrk_output_is_read_into_requests_failures_and_percentiles() -> None:
    result = parse_wrk_output(WRK_OUTPUT)
    assert (result.requests, result.failures) == (1076, 3)
    assert math.isclose(result.p50_ms, 0.95) and math.isclose(result.p99_ms, 6.48)
    assert math.isclose(result.per_second, 1076 / 1.01)


@pytest.mark.slow
@pytest.mark.parametrize(("generator", "concurrency"), [("httpx", 32), ("wrk", 1)])
def test_bench_measures_every_stage_on_a_tiny_universe(
    tmp_path: Path, generator: str, concurrency: int
) -> None:
    """wrk with one client: it refuses more threads than connections, so the bench asks for one."""
    if generator == "wrk" and shutil.which("wrk") is None:
        pytest.skip("wrk is not installed (apt-get install wrk)")
    options = BenchOptions(
        300,
        3000,
        queries=10,
        http_seconds=1,
        concurrency=concurrency,
        load_generator=generator,
    )
    report = run_benchmark(tmp_path, options, say=lambda _: None)
    assert report.import_rows_per_second > 0 and report.index_build_seconds > 0
    assert report.reimport_rows_per_second > 0
    assert report.database == "sqlite"
    stages = dict(report.build_stages)
    assert {"companies", "contacts", "company activities", "title occupations"} <= set(stages)
    assert 0 < sum(stages.values()) <= report.index_build_seconds
    assert {c.label for c in report.comparisons} == {
        "contacts, 5 seeds",
        "contacts, 5 seeds, filter",
        "companies, 5 seeds",
        "companies, 5 seeds, filter",
    }
    assert all(0 <= c.recall <= 1 for c in report.comparisons)
    assert [f.label for f in report.follow_ups] == ["contacts, 5 seeds", "companies, 5 seeds"]
    assert all(f.follow_up.p50_ms > 0 and f.first.p50_ms > 0 for f in report.follow_ups)
    assert [(series.workers, series.pages) for series in report.http] == [
        (1, "first"),
        (1, "follow-up"),
        (2, "first"),
        (2, "follow-up"),
    ]
    for series in report.http:
        assert series.load.requests > 0 and series.load.failures == 0, series
        assert 0 < series.load.generator_share <= 1 and series.serving_rss_bytes > 0, series
    assert report.serving_rss_bytes > 0
    assert 0 < report.contact_titles["seconds"] <= stages["contacts"]
    table = render_table(report)
    assert table.row_count >= 10 and str(table.title).endswith("contacts on SQLite")


def test_the_stage_clock_times_each_stage_once_in_order() -> None:
    clock = StageClock()
    for stage in ("companies", "companies", "company text", "contacts", "contacts"):
        clock(stage, 0, 1)
    timed = clock.seconds()
    assert [stage for stage, _ in timed] == ["companies", "company text", "contacts"]
    assert all(seconds >= 0 for _, seconds in timed)


def test_the_10m_build_estimate_scales_stages_by_their_kind_and_counts_titles_once() -> None:
    report = BenchReport(100, 1000)
    report.build_stages = [
        ("companies", 1.0),
        ("company text", 2.0),
        ("contact setup", 0.5),
        ("contacts", 6.0),
        ("contact index", 1.5),
        ("published", 9.0),
    ]
    report.contact_titles = {"titles": 40, "keys": 50, "seconds": 4.0}
    # companies x 10, contacts (8.0 s less 4.0 s of titles) x 100, the titles once
    assert report.build_estimate_seconds(100_000, 1000) == pytest.approx(30 + 400 + 4)
    assert BenchReport(100, 1000).build_estimate_seconds(100_000, 1000) is None
