"""A small universe, the real app over it and a uvicorn server, for the client and CSV CLI tests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI

from lookalike.api.app import create_app
from lookalike.settings import PlanSettings, Settings
from lookalike.store.accounts import create_account_with_key
from lookalike.store.database import open_store
from lookalike.store.entities import bump_universe_version, upsert_companies, upsert_contacts

ROLES = (
    ("VP Sales", 8, "Sales"),
    ("Controller", 6, "Finance"),
    ("Data Engineer", 4, "Engineering & Technical"),
)
PLANS = {
    "basic": PlanSettings(),
    "slow": PlanSettings(per_second=1),
    "hourly": PlanSettings(per_hour=1),
}


def fill_store(settings: Settings) -> None:
    """Twenty companies (c00..c19, acme00.example.com..) with three contacts each (p00-0..)."""
    companies = [
        {
            "company_id": f"c{i:02d}",
            "name": f"Acme {i}",
            "domain": f"acme{i:02d}.example.com",
            "industry": ("Software Publishers", "Commercial Banking")[i % 2],
            "naics": ("513210", "522110")[i % 2],
            "employees": 20 * (i + 1),
            "employees_estimated": False,
            "country": ("United States", "Germany")[i % 2],
            "city": ("Austin", "Berlin")[i % 2],
            "technologies": "Python|AWS",
            "keywords": "",
        }
        for i in range(20)
    ]
    contacts = [
        {
            "person_id": f"p{i:02d}-{r}",
            "company_id": f"c{i:02d}",
            "first_name": f"Ann{i}",
            "last_name": f"Lee{r}",
            "job_title": title,
            "country": companies[i]["country"],
            "city": companies[i]["city"],
            "seniority": seniority,
            "departments": department,
            "composed": True,
        }
        for i in range(20)
        for r, (title, seniority, department) in enumerate(ROLES)
    ]
    engine = open_store(settings)
    try:
        with engine.begin() as conn:
            upsert_companies(conn, companies)
            upsert_contacts(conn, contacts)
            bump_universe_version(conn)
        from lookalike.engine.build import build_index

        build_index(settings, engine)
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def universe_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a SQLite store holding the small universe and its index."""
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("client-universe"), plans=PLANS, index={"kind": "exact"}
    )
    fill_store(settings)
    return settings


@pytest.fixture
def app(universe_settings: Settings) -> Iterator[FastAPI]:
    """The real app over the small universe."""
    app = create_app(universe_settings)
    yield app
    app.state.services.store.dispose()


@pytest.fixture
def new_key(app: FastAPI) -> Callable[..., str]:
    """``new_key(credits=1000, plan="basic")`` -> the plain key of a fresh account."""

    def make(credits: int = 1000, plan: str = "basic") -> str:
        return create_account_with_key(app.state.services.store, "client", plan, credits)[1]

    return make


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free 127.0.0.1 port, in a thread."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, lifespan="off", ws="none", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        assert thread.is_alive(), "uvicorn did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{server.servers[0].sockets[0].getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"


@pytest.fixture
def seeds_csv(tmp_path: Path) -> Callable[[str], Path]:
    """Write a CSV file from text and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "seeds.csv"
        path.write_text(text, encoding="utf-8")
        return path

    return write
