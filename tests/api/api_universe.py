"""Test helpers of the API tests: the small universe, keys, an in-process client, a live server."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import httpx
import sqlalchemy as sa
import uvicorn
from fastapi import FastAPI

from lookalike.domain import Department, Seniority
from lookalike.settings import PlanSettings, Settings
from lookalike.store.accounts import create_account_with_key
from lookalike.store.database import open_store
from lookalike.store.entities import bump_universe_version, upsert_companies, upsert_contacts

INDUSTRIES = (
    ("513210", "Software Publishers", ("Python", "AWS", "Kubernetes")),
    ("522110", "Commercial Banking", ("Oracle", "SAP", "Java")),
    ("622110", "General Medical and Surgical Hospitals", ("Epic", "Azure")),
    ("336111", "Automobile Manufacturing", ("SAP", "Siemens NX")),
)
COUNTRIES = (("United States", "Austin"), ("Germany", "Berlin"), ("United Kingdom", "London"))
ROLES = (
    ("VP Sales", Seniority.VICE_PRESIDENT, (Department.SALES,)),
    ("Sales Manager", Seniority.MANAGER, (Department.SALES,)),
    ("Chief Financial Officer", Seniority.C_SUITE, (Department.FINANCE,)),
    ("Software Engineer", Seniority.ENTRY, (Department.ENGINEERING,)),
    ("Director of Marketing", Seniority.DIRECTOR, (Department.MARKETING,)),
    ("HR Business Partner", Seniority.SENIOR, (Department.HUMAN_RESOURCES,)),
)
N_COMPANIES = 48
PLANS = {
    "basic": PlanSettings(),
    "pricey": PlanSettings(credits_per_result=2),
    "slow": PlanSettings(per_second=1, per_minute=1000, per_hour=1000, per_day=1000),
    "hourly": PlanSettings(per_hour=2),
    "data-only": PlanSettings(recommendations=False),
    "bulk": PlanSettings(per_second=10_000, per_minute=10_000, per_hour=10_000, per_day=10_000),
}


def company_rows() -> list[dict[str, Any]]:
    """Companies c000.. spread over four industries, three countries and every size band; the
    last one, c047, has no domain and no description (a record with gaps, as real data has)."""
    rows = []
    for i in range(N_COMPANIES):
        naics, industry, technologies = INDUSTRIES[i % len(INDUSTRIES)]
        country, city = COUNTRIES[(i // 4) % len(COUNTRIES)]
        rows.append(
            {
                "company_id": f"c{i:03d}",
                "name": f"{industry.split()[0]} Co {i}",
                "domain": f"company{i}.example.com",
                "description": f"A {industry.lower()} company.",
                "industry": industry,
                "naics": naics,
                "employees": 5 * (3 ** (i % 8)),
                "employees_estimated": False,
                "revenue": 2_000_000 * (i % 8 + 1) ** 3,
                "country": country,
                "state": "Texas" if country == "United States" else None,
                "city": city,
                "founded_year": 1950 + i,
                "technologies": "|".join(technologies),
                "keywords": industry.lower().replace(" ", "|"),
                "linkedin_url": f"linkedin.com/company/company{i}",
            }
        )
    rows[-1] = {**rows[-1], "domain": None, "description": None}
    return rows


def contact_rows() -> list[dict[str, Any]]:
    """Six contacts per company, one per role: p000-0 .. p047-5 (First0 Last0 ..., with e-mail
    addresses first0.last0@company0.example.com and LinkedIn URLs linkedin.com/in/first0-last0)."""
    rows = []
    for company in company_rows():
        index = int(company["company_id"][1:])
        for r, (title, seniority, departments) in enumerate(ROLES):
            rows.append(
                {
                    "person_id": f"p{index:03d}-{r}",
                    "company_id": company["company_id"],
                    "first_name": f"First{index}",
                    "last_name": f"Last{r}",
                    "job_title": title,
                    "country": company["country"],
                    "state": company["state"],
                    "city": company["city"],
                    "seniority": int(seniority),
                    "departments": "|".join(d.value for d in departments),
                    "composed": True,
                    "email": f"first{index}.last{r}@company{index}.example.com",
                    "linkedin_url": f"linkedin.com/in/first{index}-last{r}",
                }
            )
    return rows


def fill_universe(engine: sa.Engine) -> None:
    """Load the test companies and contacts into a migrated store."""
    with engine.begin() as conn:
        upsert_companies(conn, company_rows())
        upsert_contacts(conn, contact_rows())
        bump_universe_version(conn)


@dataclass(frozen=True)
class Universe:
    """Settings of a store holding the test universe and its built index."""

    settings: Settings
    database: str


def build_universe(settings: Settings, database: str) -> Universe:
    from lookalike.engine.build import build_index

    engine = open_store(settings)
    try:
        fill_universe(engine)
        build_index(settings, engine)
    finally:
        engine.dispose()
    return Universe(settings, database)


KeyFactory = Callable[..., str]


def key_factory(app: FastAPI) -> KeyFactory:
    """Make a fresh account and return its plain key."""

    def make(credits: int = 1000, plan: str = "basic") -> str:
        _, plain_key = create_account_with_key(app.state.services.store, "test", plan, credits)
        return plain_key

    return make


def asgi_client(app: FastAPI) -> httpx.AsyncClient:
    """An httpx client talking to the app in process (server faults become 500s)."""
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://lookalike.test")


@contextmanager
def live_server(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` with uvicorn on a free 127.0.0.1 port in a thread; yields the base URL."""
    config = uvicorn.Config(
        app, host="127.0.0.1", port=0, lifespan="off", ws="none", log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
