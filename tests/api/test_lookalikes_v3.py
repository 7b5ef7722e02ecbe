"""The V3 Lookalike API: requests as Lusha's documentation shows them, sessions, credits, errors.

On SQLite and PostgreSQL (the ``client`` fixture), over the same engine, sessions and ledger as
the Recommendations API.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_universe import KeyFactory
from fastapi import FastAPI

from lookalike.store.credits import ledger_sum

pytestmark = pytest.mark.anyio

CONTACTS = "/v3/contacts/lookalike"
COMPANIES = "/v3/companies/lookalike"
CONTACT_FIELDS = {
    "id", "firstName", "lastName", "jobTitle", "company", "location", "socialLinks", "score",
    "reasons", "nearestSeed",
}  # fmt: skip
COMPANY_FIELDS = {
    "id", "name", "domain", "employeeCount", "industry", "location", "socialLinks", "score",
    "reasons", "nearestSeed",
}  # fmt: skip
PAGE_FIELDS = {
    "dedupeSessionId", "results", "meta", "billing", "unresolvedSeeds", "unresolvedReasons",
}  # fmt: skip
# Five VP Sales seeds, each named another way, as Lusha's first-request example mixes them.
VP_SALES_SEEDS = {
    "linkedinUrls": ["https://www.linkedin.com/in/first0-last0"],
    "emails": ["First4.Last0@company4.example.com"],
    "ids": ["p008-0", "p012-0"],
    "contacts": [
        {"firstName": "first16", "lastName": "LAST0", "companyDomain": "company16.example.com"}
    ],
}
COMPANY_SEEDS = {
    "domains": [
        "company0.example.com",
        "https://www.company4.example.com/",
        "company8.example.com",
    ],
    "linkedinUrls": [
        "https://www.linkedin.com/company/company12",
        "linkedin.com/company/company16/",
    ],
}


async def post(
    client: httpx.AsyncClient, path: str, key: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(path, json=body, headers={"api_key": key})


async def test_contact_lookalikes_as_lusha_documents_them(
    app: FastAPI, client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = await post(
        client,
        CONTACTS,
        key,
        {"seeds": VP_SALES_SEEDS, "exclude": {"emails": ["first20.last0@company20.example.com"]}},
    )
    assert first.status_code == 200, first.text
    body = first.json()
    assert set(body) == PAGE_FIELDS and body["unresolvedSeeds"] == []
    assert body["meta"] == {"returned": 25, "hasMore": True}
    assert body["billing"] == {"creditsCharged": 25, "resultsReturned": 25}
    item = body["results"][0]
    assert set(item) == CONTACT_FIELDS
    assert item["jobTitle"] == {
        "title": "VP Sales",
        "departments": ["Sales"],
        "seniority": "Vice President",
    }
    assert set(item["company"]) == {"id", "name", "domain", "industry"}
    assert item["company"]["domain"].endswith(".example.com") and item["company"]["industry"]
    assert set(item["location"]) == {"country", "state", "city"}
    assert item["socialLinks"]["linkedin"].startswith("https://www.linkedin.com/in/first")
    assert item["nearestSeed"] in {"p000-0", "p004-0", "p008-0", "p012-0", "p016-0"}
    returned = {result["id"] for result in body["results"]}
    assert not returned & {"p000-0", "p004-0", "p008-0", "p012-0", "p016-0", "p020-0"}

    second = await post(
        client,
        CONTACTS,
        key,
        {
            "dedupeSessionId": body["dedupeSessionId"],
            "seeds": {"linkedinUrls": ["https://www.linkedin.com/in/first24-last0"]},
            "limit": 50,
        },
    )
    assert second.status_code == 200, second.text
    more = second.json()
    assert more["dedupeSessionId"] == body["dedupeSessionId"]
    again = {result["id"] for result in more["results"]}
    assert again and not again & returned and "p024-0" not in again
    with app.state.services.store.connect() as conn:
        account = conn.exec_driver_sql(
            "SELECT account_id FROM api_keys ORDER BY key_id DESC LIMIT 1"
        ).scalar_one()
        charged = body["billing"]["creditsCharged"] + more["billing"]["creditsCharged"]
        assert ledger_sum(conn, account) == 1000 - charged


async def test_a_continued_call_without_seeds_reuses_the_sessions_seeds(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = (await post(client, CONTACTS, key, {"seeds": VP_SALES_SEEDS, "limit": 5})).json()
    second = await post(client, CONTACTS, key, {"dedupeSessionId": first["dedupeSessionId"]})
    assert second.status_code == 200, second.text
    titles = {result["jobTitle"]["title"] for result in second.json()["results"][:5]}
    assert titles == {"VP Sales"}


async def test_company_lookalikes_by_domains_and_linkedin_urls(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    seeds = {**COMPANY_SEEDS, "ids": ["nope-1"]}
    response = await post(client, COMPANIES, key, {"seeds": seeds, "limit": 100})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["unresolvedSeeds"] == ["nope-1"]
    assert body["unresolvedReasons"] == {"nope-1": "not in the data universe"}
    item = body["results"][0]
    assert set(item) == COMPANY_FIELDS
    assert set(item["employeeCount"]) == {"exact"} and item["employeeCount"]["exact"] > 0
    assert item["socialLinks"]["linkedin"].startswith("https://www.linkedin.com/company/")
    returned = [result["id"] for result in body["results"]]
    assert len(returned) == len(set(returned)) == body["meta"]["returned"]
    assert not set(returned) & {"c000", "c004", "c008", "c012", "c016"}
    legacy = await post(client, "/v3/lookalike/companies", key, {"seeds": COMPANY_SEEDS})
    assert legacy.status_code == 200 and legacy.json()["results"]


async def test_an_unknown_dedupe_session_is_a_410_with_lushas_code(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    unknown = "58adaa77-7a6e-4c9b-8c2d-820a6538e613"
    response = await post(client, CONTACTS, key, {"dedupeSessionId": unknown, "seeds": {}})
    assert response.status_code == 410
    body = response.json()
    assert body["code"] == "DEDUPE_SESSION_INVALID" and body["statusCode"] == 410
    assert unknown in body["message"]
    v2 = await client.post(
        "/api/recommendations/contacts",
        json={"contacts": [{"personId": "p000-0"}], "limit": 1},
        headers={"api_key": key},
    )
    v2_session = v2.json()["requestId"]
    crossed = await post(client, CONTACTS, key, {"dedupeSessionId": v2_session})
    assert crossed.status_code == 410
    other = (await post(client, CONTACTS, new_key(), {"seeds": VP_SALES_SEEDS})).json()
    foreign = await post(client, CONTACTS, key, {"dedupeSessionId": other["dedupeSessionId"]})
    assert foreign.status_code == 410


@pytest.mark.parametrize(
    ("path", "body", "words"),
    [
        (CONTACTS, {"seeds": {"ids": ["p000-0", "p004-0"]}}, ("'seeds'", "names 2 unique")),
        (CONTACTS, {"seeds": {"ids": ["p000-0"] * 5}}, ("names 1 unique",)),
        (CONTACTS, {}, ("'seeds'", "5 to 100")),
        (CONTACTS, {"seeds": VP_SALES_SEEDS, "limit": 51}, ("'limit'", "1 to 50")),
        (COMPANIES, {"seeds": COMPANY_SEEDS, "limit": 101}, ("'limit'", "1 to 100")),
        (
            CONTACTS,
            {"seeds": {"contacts": [{"firstName": "A", "lastName": "B"}], "ids": ["1", "2"]}},
            ("seeds.contacts[0]", "companyDomain"),
        ),
        (
            COMPANIES,
            {"seeds": COMPANY_SEEDS, "exclude": {"ids": [f"x{i}" for i in range(501)]}},
            ("exclude.ids",),
        ),
    ],
)
async def test_invalid_requests_are_400s_naming_the_field(
    client: httpx.AsyncClient,
    new_key: KeyFactory,
    path: str,
    body: dict[str, Any],
    words: tuple[str, ...],
) -> None:
    response = await post(client, path, new_key(), body)
    assert response.status_code == 400, response.text
    error = response.json()
    assert error["errors"] and error["message"] == error["errors"][0]
    for word in words:
        assert word in error["message"]


async def test_seeds_none_of_which_is_known_are_a_404_naming_them(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    seeds = {"emails": [f"nobody{i}@nowhere.example" for i in range(5)]}
    response = await post(client, CONTACTS, new_key(), {"seeds": seeds})
    assert response.status_code == 404
    assert "nobody0@nowhere.example" in response.json()["message"]


async def test_no_credits_is_a_402_and_costs_nothing(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(credits=3)
    first = await post(client, COMPANIES, key, {"seeds": COMPANY_SEEDS, "limit": 10})
    assert first.status_code == 200 and first.json()["billing"]["creditsCharged"] == 3
    assert first.json()["meta"]["hasMore"] is True
    second = await post(client, COMPANIES, key, {"seeds": COMPANY_SEEDS})
    assert second.status_code == 402 and second.json()["statusCode"] == 402


async def test_a_data_only_plan_is_a_403(client: httpx.AsyncClient, new_key: KeyFactory) -> None:
    response = await post(client, COMPANIES, new_key(plan="data-only"), {"seeds": COMPANY_SEEDS})
    assert response.status_code == 403 and "plan" in response.json()["message"]


async def test_v3_usage_and_v2_usage_carry_the_same_credits(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(plan="pricey")
    await post(client, COMPANIES, key, {"seeds": COMPANY_SEEDS, "limit": 4})
    v3 = await client.get("/v3/account/usage", headers={"api_key": key})
    assert v3.status_code == 200, v3.text
    usage = v3.json()
    assert usage["credits"] == {"total": 1000, "used": 8, "remaining": 992}
    assert set(usage["rateLimits"]) == {"daily", "hourly", "minute"}
    assert set(usage["rateLimits"]["minute"]) == {"limit", "used", "remaining", "resetsAt"}
    assert usage["plan"] == {"category": "pricey"}
    assert usage["pricing"]["lookalikeCompany"] == {"credits": 2, "perQuantity": 1}
    v2 = (await client.get("/account/usage", headers={"api_key": key})).json()
    assert v2["usage"]["credits"] == usage["credits"]
    assert {name: v2["usage"][name] for name in ("total", "used", "remaining")} == usage["credits"]
