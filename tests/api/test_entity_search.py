"""``GET /api/entities/search``: prefix and word matching, auth, free, rate-limited, bounded.

Runs on SQLite and PostgreSQL (the ``client`` fixture). The test universe's companies are named
"Software Co 0", "Commercial Co 1", ... with domains company0.example.com ...; its contacts are
First<i> Last<r> with job titles such as "VP Sales" and "Sales Manager".
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_universe import KeyFactory

pytestmark = pytest.mark.anyio
SEARCH = "/api/entities/search"


async def search(
    client: httpx.AsyncClient, key: str, kind: str, q: str, limit: int | None = None
) -> httpx.Response:
    params: dict[str, Any] = {"kind": kind, "q": q}
    if limit is not None:
        params["limit"] = limit
    return await client.get(SEARCH, params=params, headers={"api_key": key})


async def results(
    client: httpx.AsyncClient, key: str, kind: str, q: str, limit: int = 25
) -> list[dict[str, Any]]:
    response = await search(client, key, kind, q, limit)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == len(body["results"])
    found: list[dict[str, Any]] = body["results"]
    return found


async def test_companies_match_by_name_prefix(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    found = await results(client, new_key(), "companies", "softw")
    assert found
    assert all(card["name"].startswith("Software Co ") for card in found)
    assert set(found[0]) == {"id", "name", "title", "companyId", "companyName", "domain"}
    assert found[0]["title"] == "Software Publishers"


async def test_companies_match_every_word_at_a_word_start(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    found = await results(client, new_key(), "companies", "CO 12")
    assert [card["id"] for card in found] == ["c012"]
    names = [card["name"] for card in await results(client, new_key(), "companies", "co 4")]
    assert "Software Co 4" in names
    assert all(name.split()[-1].startswith("4") for name in names)


async def test_companies_match_by_domain_prefix(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    found = await results(client, new_key(), "companies", "company1")
    assert {card["id"] for card in found} == {"c001", *(f"c01{i}" for i in range(10))}
    assert (await results(client, new_key(), "companies", "company23.example"))[0]["id"] == "c023"
    pasted_url = await results(client, new_key(), "companies", "https://www.Company23.example.com/")
    assert [card["id"] for card in pasted_url] == ["c023"]


async def test_an_exact_id_comes_first(client: httpx.AsyncClient, new_key: KeyFactory) -> None:
    key = new_key()
    assert (await results(client, key, "companies", "c031"))[0]["id"] == "c031"
    contact = (await results(client, key, "contacts", "p010-3"))[0]
    assert contact == {
        "id": "p010-3",
        "name": "First10 Last3",
        "title": "Software Engineer",
        "companyId": "c010",
        "companyName": "General Co 10",
        "domain": "company10.example.com",
    }


async def test_contacts_match_by_name(client: httpx.AsyncClient, new_key: KeyFactory) -> None:
    key = new_key()
    assert [card["id"] for card in await results(client, key, "contacts", "first7 last2")] == [
        "p007-2"
    ]
    by_last = await results(client, key, "contacts", "LAST5", limit=5)
    assert len(by_last) == 5
    assert all(card["name"].endswith(" Last5") for card in by_last)


async def test_contacts_match_by_title_words(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    titles = {card["title"] for card in await results(client, new_key(), "contacts", "sales")}
    assert titles == {"VP Sales", "Sales Manager"}
    titles = {card["title"] for card in await results(client, new_key(), "contacts", "fin off")}
    assert titles == {"Chief Financial Officer"}


async def test_contacts_match_by_company_name(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    found = await results(client, new_key(), "contacts", "automobile")
    assert len(found) == 25
    assert all(card["companyName"].startswith("Automobile Co ") for card in found)
    narrowed = await results(client, new_key(), "contacts", "automobile co 3 engineer")
    assert [card["id"] for card in narrowed] == ["p003-3", "p031-3", "p035-3", "p039-3"]


async def test_wildcards_are_matched_as_text(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    for q in ("%", "_", "co%", "\\"):
        assert await results(client, key, "companies", q) == []
        assert await results(client, key, "contacts", q) == []


async def test_search_needs_a_key(client: httpx.AsyncClient) -> None:
    response = await client.get(SEARCH, params={"kind": "contacts", "q": "first1"})
    assert response.status_code == 401
    assert "api_key" in response.json()["message"]
    unknown = await search(client, "not-a-key", "contacts", "first1")
    assert unknown.status_code == 401


async def test_search_costs_no_credits(client: httpx.AsyncClient, new_key: KeyFactory) -> None:
    key = new_key(credits=7)
    for q in ("first1", "software", "company2"):
        assert (await search(client, key, "contacts", q)).status_code == 200
        assert (await search(client, key, "companies", q)).status_code == 200
    usage = (await client.get("/account/usage", headers={"api_key": key})).json()
    assert usage["usage"]["credits"] == {"total": 7, "used": 0, "remaining": 7}


async def test_search_counts_against_the_rate_limits(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key(plan="hourly")  # two calls an hour
    first = await search(client, key, "companies", "software")
    assert first.headers["x-hourly-requests-left"] == "1"
    assert (await search(client, key, "contacts", "sales")).status_code == 200
    refused = await search(client, key, "contacts", "sales")
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert "Hourly" in refused.json()["message"]
    recommend = await client.post(
        "/api/recommendations/companies",
        json={"companies": [{"companyId": "c001"}]},
        headers={"api_key": key},
    )
    assert recommend.status_code == 429  # the same hourly window


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "contacts", "q": ""}, "'q'"),
        ({"kind": "contacts", "q": "x" * 101}, "'q'"),
        ({"kind": "contacts", "q": "   "}, "'q'"),
        ({"kind": "contacts"}, "'q'"),
        ({"kind": "contacts", "q": "sales", "limit": 0}, "'limit'"),
        ({"kind": "contacts", "q": "sales", "limit": 26}, "'limit'"),
        ({"kind": "contacts", "q": "sales", "limit": "many"}, "'limit'"),
        ({"kind": "people", "q": "sales"}, "'kind'"),
        ({"q": "sales"}, "'kind'"),
    ],
)
async def test_query_and_limit_are_bounded(
    client: httpx.AsyncClient, new_key: KeyFactory, params: dict[str, Any], field: str
) -> None:
    response = await client.get(SEARCH, params=params, headers={"api_key": new_key()})
    assert response.status_code == 400
    body = response.json()
    assert field in body["message"]
    assert body["error"] == {"code": 400, "message": body["message"]}


async def test_limit_caps_the_cards(client: httpx.AsyncClient, new_key: KeyFactory) -> None:
    key = new_key()
    assert len(await results(client, key, "contacts", "first", limit=3)) == 3
    default = (await search(client, key, "contacts", "first")).json()
    assert default["count"] == 10
