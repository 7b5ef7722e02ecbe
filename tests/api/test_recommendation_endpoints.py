from __future__ import annotations

from typing import Any

import httpx
import pytest
from api_universe import KeyFactory

pytestmark = pytest.mark.anyio

CONTACTS = "/api/recommendations/contacts"
COMPANIES = "/api/recommendations/companies"
VP_SALES_SEEDS = [{"personId": f"p{i:03d}-0", "companyId": f"c{i:03d}"} for i in (0, 4, 8)]
CONTACT_FIELDS = {
    "personId", "companyId", "name", "jobTitle", "companyName", "seniority", "departments",
    "companyDomain", "location", "score", "reasons", "nearestSeed",
}  # fmt: skip
COMPANY_FIELDS = {
    "companyId", "name", "fqdn", "description", "industry", "employees", "sizeRange",
    "revenueRange", "location", "foundedYear", "score", "reasons", "nearestSeed",
}  # fmt: skip
PAGE_FIELDS = {
    "requestId", "count", "creditsCharged", "hasMore", "unresolvedSeeds", "unresolvedReasons",
}  # fmt: skip


async def post(
    client: httpx.AsyncClient, path: str, key: str, body: dict[str, Any]
) -> httpx.Response:
    return await client.post(path, json=body, headers={"api_key": key})


async def test_contacts_response_has_exactly_the_contract_fields(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    response = await post(client, CONTACTS, new_key(), {"contacts": VP_SALES_SEEDS, "limit": 5})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == PAGE_FIELDS | {"contacts"}
    assert body["count"] == len(body["contacts"]) == body["creditsCharged"] == 5
    first = body["contacts"][0]
    assert set(first) == CONTACT_FIELDS
    assert first["seniority"] == {"id": 8, "name": "Vice President"}
    assert first["departments"] == ["Sales"] and set(first["location"]) == {"country", "city"}
    assert first["companyDomain"].endswith(".example.com") and first["companyName"]
    assert first["nearestSeed"] in {seed["personId"] for seed in VP_SALES_SEEDS}
    assert all(set(reason) == {"type", "value", "seeds"} for reason in first["reasons"])
    assert 0 <= first["score"] <= 1


async def test_companies_response_has_exactly_the_contract_fields(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    seeds = [{"companyId": "c000"}, {"domain": "https://www.company4.example.com/about"}]
    response = await post(client, COMPANIES, new_key(), {"companies": seeds, "limit": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == PAGE_FIELDS | {"companies"} and body["unresolvedSeeds"] == []
    first = body["companies"][0]
    assert set(first) == COMPANY_FIELDS
    assert first["fqdn"].endswith(".example.com") and first["sizeRange"]
    assert set(first["revenueRange"]) == {"min", "max"}
    assert {c["companyId"] for c in body["companies"]}.isdisjoint({"c000", "c004"})


async def test_seeds_that_do_not_resolve_are_reported_beside_the_results(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    seeds = [*VP_SALES_SEEDS, {"personId": "nobody-1"}]
    response = await post(client, CONTACTS, new_key(), {"contacts": seeds, "limit": 2})
    assert response.status_code == 200
    assert response.json()["unresolvedSeeds"] == ["nobody-1"]


async def test_no_seed_resolving_is_a_404_naming_them(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    body = {"companies": [{"companyId": "ghost"}, {"domain": "nowhere.example.org"}]}
    response = await post(client, COMPANIES, new_key(), body)
    assert response.status_code == 404
    message = response.json()["error"]["message"]
    assert "ghost" in message and "nowhere.example.org" in message


async def test_excluded_contacts_are_never_returned(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    first = (await post(client, CONTACTS, key, {"contacts": VP_SALES_SEEDS, "limit": 4})).json()
    top = [c["personId"] for c in first["contacts"]]
    exclude = [top[0], {"personId": top[1], "companyId": "x"}]
    body = {"contacts": VP_SALES_SEEDS, "limit": 4, "exclude": exclude}
    again = (await post(client, CONTACTS, key, body)).json()
    assert {c["personId"] for c in again["contacts"]}.isdisjoint(top[:2])


async def test_filters_keep_results_inside_the_given_accounts(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    body = {"contacts": VP_SALES_SEEDS[:1], "filters": {"companyIds": ["c000", "c001"]}}
    response = await post(client, CONTACTS, new_key(), body)
    assert response.status_code == 200, response.text
    contacts = response.json()["contacts"]
    assert contacts and {c["companyId"] for c in contacts} <= {"c000", "c001"}


async def test_a_range_written_the_other_way_round_filters_like_the_ordered_one(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    found = []
    for sizes in ({"min": 50, "max": 5000}, {"min": 5000, "max": 50}):
        body = {"companies": [{"companyId": "c000"}], "filters": {"sizes": [sizes]}, "limit": 10}
        response = await post(client, COMPANIES, new_key(), body)
        assert response.status_code == 200, response.text
        found.append([c["companyId"] for c in response.json()["companies"]])
    assert found[0] and found[0] == found[1]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"contacts": []}, "contacts"),
        ({"contacts": [{"personId": f"p{i}"} for i in range(101)]}, "contacts"),
        ({"contacts": VP_SALES_SEEDS, "limit": 0}, "limit"),
        ({"contacts": VP_SALES_SEEDS, "limit": 26}, "limit"),
        ({"contacts": VP_SALES_SEEDS, "exclude": ["p"] * 501}, "exclude"),
        ({"contacts": [{"companyId": "c000"}]}, "contacts[0].personId"),
        ({"contacts": VP_SALES_SEEDS, "filters": {"departments": ["Astrology"]}}, "departments"),
        ({"contacts": VP_SALES_SEEDS, "filters": {"seniority": [11]}}, "filters.seniority"),
        ({"limit": 5}, "contacts"),
    ],
)
async def test_invalid_contact_requests_are_400s_naming_the_field(
    client: httpx.AsyncClient, new_key: KeyFactory, body: dict[str, Any], field: str
) -> None:
    response = await post(client, CONTACTS, new_key(), body)
    assert response.status_code == 400
    assert field in response.json()["error"]["message"]


async def test_a_company_seed_needs_an_id_or_a_domain(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    response = await post(client, COMPANIES, new_key(), {"companies": [{"name": "Acme"}]})
    assert response.status_code == 400
    assert "companyId" in response.json()["error"]["message"]


async def test_limit_defaults_to_25(client: httpx.AsyncClient, new_key: KeyFactory) -> None:
    response = await post(client, CONTACTS, new_key(), {"contacts": VP_SALES_SEEDS})
    assert response.json()["count"] == 25


async def test_an_exclusion_object_without_its_id_names_the_missing_field(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    body = {"contacts": VP_SALES_SEEDS, "exclude": ["p001-0", {"companyId": "c001"}]}
    response = await post(client, CONTACTS, new_key(), body)
    assert response.status_code == 400
    assert "'exclude[1].personId' is missing" in response.json()["error"]["message"]
