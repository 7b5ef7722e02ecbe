"""``GET /metrics``: requests, latencies, results, credits, 429s and the index (Prometheus)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import httpx
import pytest
from api_universe import KeyFactory
from prometheus_client.parser import text_string_to_metric_families

pytestmark = pytest.mark.anyio
COMPANIES = "/api/recommendations/companies"
BODY = {"companies": [{"companyId": "c000"}], "limit": 5}
Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


def samples_of(text: str) -> Samples:
    """Every sample of a scrape by (name, labels)."""
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


async def scrape(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return samples_of(response.text)


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


async def test_a_scrape_counts_requests_results_credits_and_engine_calls(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=1000, plan="pricey")
    before = await scrape(client)
    pages = [(await client.post(COMPANIES, json=BODY, headers={"api_key": key})) for _ in range(2)]
    after = await scrape(client)
    assert [page.status_code for page in pages] == [200, 200]
    results = sum(page.json()["count"] for page in pages)
    credits = sum(page.json()["creditsCharged"] for page in pages)
    assert results > 0 and credits == 2 * results

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    route = {"method": "POST", "route": COMPANIES}
    assert delta("lookalike_http_requests_total", **route, status="200") == 2
    assert delta("lookalike_http_request_duration_seconds_count", **route) == 2
    assert delta("lookalike_engine_duration_seconds_count", kind="companies") == 2
    assert delta("lookalike_results_returned_total", kind="companies") == results
    assert delta("lookalike_credits_charged_total", kind="companies") == credits


async def test_a_scrape_counts_rate_limit_refusals_and_shows_the_index(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(plan="hourly")
    before = await scrape(client)
    statuses = [
        (await client.post(COMPANIES, json=BODY, headers={"api_key": key})).status_code
        for _ in range(3)
    ]
    after = await scrape(client)
    assert statuses == [200, 200, 429]
    name = "lookalike_rate_limited_total"
    assert value(after, name, route=COMPANIES) - value(before, name, route=COMPANIES) == 1
    version = (await client.get("/version")).json()["indexUniverseVersion"]
    assert value(after, "lookalike_index_universe_version") == version
    assert value(after, "lookalike_index_age_seconds") >= 0
    assert value(after, "lookalike_index_build_duration_seconds") > 0


async def test_unknown_paths_are_counted_under_one_label(client: httpx.AsyncClient) -> None:
    await client.get("/no/such/path/123")
    samples = await scrape(client)
    labels = {dict(labels).get("route") for name, labels in samples if "http_requests" in name}
    assert "unmatched" in labels
    assert "/no/such/path/123" not in labels


WORKER = textwrap.dedent(
    """
    import sys
    from lookalike.api import metrics
    if sys.argv[1] == "scrape":
        sys.stdout.write(metrics.scrape().decode())
    else:
        metrics.observe_request("GET", "/livez", 200, 0.01)
    """
)


def test_multiprocess_mode_adds_up_the_workers(tmp_path: Path) -> None:
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}

    def run(mode: str) -> str:
        command = [sys.executable, "-c", WORKER, mode]
        return subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout

    run("observe")
    run("observe")
    samples = samples_of(run("scrape"))
    labels = {"method": "GET", "route": "/livez", "status": "200"}
    assert value(samples, "lookalike_http_requests_total", **labels) == 2
