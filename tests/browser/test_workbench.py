"""The web workbench at ``/``: served from the package, and driven in a real headless Chromium.

The browser test uses Debian's ``chromium`` (``/usr/bin/chromium``) through Playwright, never a
browser Playwright downloads; where either is missing it is skipped with one line saying so. Each
state of the page is saved as a screenshot under the test's ``tmp_path``.
"""

from __future__ import annotations

import csv
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from api.api_universe import PLANS, asgi_client, build_universe, live_server
from lookalike.api.app import create_app
from lookalike.cli.crm_formats import CONTACT_COLUMNS
from lookalike.cli.demo import demo_key_path
from lookalike.settings import Settings
from lookalike.store.accounts import create_account_with_key

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def workbench_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """The app over a SQLite universe of its own, in demo mode (a demo key file is there)."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("workbench"), plans=PLANS, index={"kind": "exact"}
    )
    build_universe(settings, "sqlite")
    app = create_app(settings)
    _, demo_key = create_account_with_key(app.state.services.store, "demo", "basic", 1000)
    demo_key_path(settings).write_text(demo_key + "\n", encoding="utf-8")
    app.state.demo_key = demo_key
    yield app
    app.state.services.store.dispose()


async def get(app: FastAPI, url: str, headers: dict[str, str] | None = None) -> httpx.Response:
    async with asgi_client(app) as client:
        return await client.get(url, headers=headers)


@pytest.mark.anyio
async def test_the_page_and_its_assets_come_from_the_package(workbench_app: FastAPI) -> None:
    page = await get(workbench_app, "http://lookalike.test/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["cache-control"] == "no-store"
    assert "//" not in page.text.split("<body>")[0].replace("<!doctype html>", "")  # no CDN
    for asset, kind in (("app.js", "javascript"), ("csv.js", "javascript"), ("app.css", "css")):
        response = await get(workbench_app, f"http://lookalike.test/workbench/{asset}")
        assert response.status_code == 200
        assert kind in response.headers["content-type"]


@pytest.mark.anyio
async def test_the_demo_key_is_filled_in_only_on_this_machine(workbench_app: FastAPI) -> None:
    key = workbench_app.state.demo_key
    assert key in (await get(workbench_app, "http://127.0.0.1:8000/")).text
    assert key in (await get(workbench_app, "http://localhost/")).text
    assert key not in (await get(workbench_app, "http://lookalike.test/")).text
    proxied = await get(workbench_app, "http://127.0.0.1/", {"X-Forwarded-For": "203.0.113.9"})
    assert key not in proxied.text
    assert 'value=""' in proxied.text


@pytest.fixture
def browser_page(tmp_path: Path) -> Iterator[Any]:
    """A page of Debian's headless Chromium driven by Playwright; skips where either is missing."""
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(
            accept_downloads=True, viewport={"width": 1280, "height": 900}
        )
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def shoot(page: Any, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def shown_ids(page: Any) -> list[str]:
    ids: list[str] = page.locator("#results tbody tr").evaluate_all(
        "rows => rows.map(row => row.dataset.id)"
    )
    return ids


def test_a_session_from_search_to_csv(
    workbench_app: FastAPI, browser_page: Any, tmp_path: Path
) -> None:
    page = browser_page
    key = workbench_app.state.demo_key
    with live_server(workbench_app) as base_url:
        page.goto(base_url + "/")
        assert page.get_by_label("API key").input_value() == key
        page.get_by_label("API key").fill("not-a-key")
        page.get_by_label("Find a seed by name").fill("first7")
        page.get_by_role("button", name="Search", exact=True).click()
        assert "api_key" in page.get_by_role("alert").inner_text() or "key" in (
            page.get_by_role("alert").inner_text()
        )
        shoot(page, tmp_path, "01-error")

        page.get_by_label("API key").fill(key)
        page.get_by_role("button", name="Search", exact=True).click()
        page.get_by_role("button", name="Add seed First7 Last0").click()
        page.get_by_role("button", name="Add seed First7 Last1").click()
        assert page.locator("#seed-count").inner_text() == "2"
        assert page.get_by_role("alert").is_hidden()
        shoot(page, tmp_path, "02-seeds")

        page.get_by_label("Results per page").fill("5")
        page.get_by_role("button", name="Find lookalikes").click()
        page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 5")
        status = page.get_by_role("status").inner_text()
        assert "costing 5 credits; 995 credits left" in status
        assert page.locator("#results .chips li").count() > 0
        shoot(page, tmp_path, "03-first-page")

        first_page = shown_ids(page)
        page.get_by_role("button", name="More").click()
        page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 10")
        assert "990 credits left" in page.get_by_role("status").inner_text()
        shoot(page, tmp_path, "04-more")

        excluded = shown_ids(page)[6]
        page.locator("#results tbody tr").nth(6).get_by_role("button", name="Exclude").click()
        assert excluded not in shown_ids(page)
        assert len(shown_ids(page)) == 9
        shoot(page, tmp_path, "05-excluded")

        with page.expect_request("**/api/recommendations/contacts") as sent:
            page.get_by_role("button", name="More").click()
        assert excluded in (sent.value.post_data_json or {})["exclude"]
        page.wait_for_function("document.querySelectorAll('#results tbody tr').length === 14")
        shown = shown_ids(page)
        assert excluded not in shown
        assert shown[:5] == first_page
        assert len(set(shown)) == len(shown)
        shoot(page, tmp_path, "06-after-exclude")

        with page.expect_download() as download:
            page.get_by_role("button", name="Download CSV").click()
        saved = tmp_path / "lookalikes.csv"
        download.value.save_as(str(saved))
    with saved.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == CONTACT_COLUMNS
    assert [row["personId"] for row in rows] == shown
    assert all(row["reasons"] and "of 2 seeds" in row["reasons"] for row in rows)
    assert all(0 < float(row["score"]) <= 1 for row in rows)
    assert all(row["nearestSeed"] in ("p007-0", "p007-1") for row in rows)
