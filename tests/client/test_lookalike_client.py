"""The V3 Lookalike API through the client, against the real app over the small universe."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from lookalike.client import AsyncLookalikeClient, GoneError, InvalidRequestError, LookalikeClient

KeyFactory = Callable[..., str]
CONTACT_SEEDS = ["p00-0", "p02-0", "p04-0", "p06-0", "p08-0"]
COMPANY_DOMAINS = [f"acme{i:02d}.example.com" for i in (0, 2, 4, 6, 8)]


def ids_of(pages: list[dict[str, Any]]) -> list[str]:
    return [result["id"] for page in pages for result in page["results"]]


def test_a_continued_contact_session_never_repeats_a_contact_and_charges_what_it_returns(
    base_url: str, new_key: KeyFactory
) -> None:
    with LookalikeClient(new_key(credits=100), base_url) as client:
        first = client.contact_lookalikes(ids=CONTACT_SEEDS, limit=10)
        session = first["dedupeSessionId"]
        second = client.contact_lookalikes(dedupe_session_id=session, limit=10)
        usage = client.lookalike_usage()
    assert second["dedupeSessionId"] == session
    ids = ids_of([first, second])
    assert len(ids) == len(set(ids)) == 20 and not set(ids) & set(CONTACT_SEEDS)
    for page in (first, second):
        assert page["meta"] == {"returned": 10, "hasMore": True}
        assert page["billing"] == {"creditsCharged": 10, "resultsReturned": 10}
    assert usage["credits"] == {"total": 100, "used": 20, "remaining": 80}


def test_a_continued_call_may_name_fewer_new_seeds_and_still_never_repeats(
    base_url: str, new_key: KeyFactory
) -> None:
    people = [
        {"firstName": f"Ann{i}", "lastName": "Lee1", "companyDomain": f"acme{i:02d}.example.com"}
        for i in range(5)
    ]
    with LookalikeClient(new_key(), base_url) as client:
        first = client.contact_lookalikes(contacts=people, limit=20)
        second = client.contact_lookalikes(
            ids=["p10-2"], dedupe_session_id=first["dedupeSessionId"], limit=20
        )
    ids = ids_of([first, second])
    assert first["unresolvedSeeds"] == [] and len(ids) == len(set(ids)) == 40
    assert "p10-2" not in ids


def test_iterating_company_lookalikes_follows_the_session_to_the_end(
    base_url: str, new_key: KeyFactory
) -> None:
    with LookalikeClient(new_key(), base_url) as client:
        pages = list(client.iter_company_lookalikes(domains=COMPANY_DOMAINS, limit=4))
    ids = ids_of(pages)
    assert len({page["dedupeSessionId"] for page in pages}) == 1
    assert len(ids) == len(set(ids)) == 15  # twenty companies minus five seeds
    assert pages[-1]["meta"]["hasMore"] is False


def test_max_pages_stops_a_lookalike_session_early(base_url: str, new_key: KeyFactory) -> None:
    with LookalikeClient(new_key(), base_url) as client:
        pages = list(client.iter_contact_lookalikes(ids=CONTACT_SEEDS, limit=5, max_pages=2))
    assert len(pages) == 2 and pages[-1]["meta"]["hasMore"] is True


def test_exclusions_and_unknown_seeds_are_honoured(base_url: str, new_key: KeyFactory) -> None:
    excluded = [f"c{i:02d}" for i in range(10, 20)]
    with LookalikeClient(new_key(), base_url) as client:
        page = client.company_lookalikes(
            ids=["c00", "c01", "ghost"],
            domains=["acme02.example.com", "acme03.example.com"],
            exclude={"ids": excluded},
            limit=100,
        )
    assert page["unresolvedSeeds"] == ["ghost"]
    assert {result["id"] for result in page["results"]} == {f"c{i:02d}" for i in range(4, 10)}


def test_a_small_balance_gets_the_results_it_pays_for(base_url: str, new_key: KeyFactory) -> None:
    with LookalikeClient(new_key(credits=3), base_url) as client:
        page = client.company_lookalikes(domains=COMPANY_DOMAINS, limit=10)
        usage = client.lookalike_usage()
    assert page["billing"] == {"creditsCharged": 3, "resultsReturned": 3}
    assert page["meta"] == {"returned": 3, "hasMore": True}
    assert usage["credits"] == {"total": 3, "used": 3, "remaining": 0}


def test_an_idempotent_retry_replays_the_page_without_a_second_charge(
    base_url: str, new_key: KeyFactory
) -> None:
    with LookalikeClient(new_key(), base_url) as client:
        pages = [
            client.company_lookalikes(domains=COMPANY_DOMAINS, limit=4, idempotency_key="run-1")
            for _ in range(2)
        ]
        usage = client.lookalike_usage()
    assert pages[0] == pages[1] and usage["credits"]["used"] == 4


def test_an_unknown_or_foreign_dedupe_session_is_gone(base_url: str, new_key: KeyFactory) -> None:
    with LookalikeClient(new_key(), base_url) as client:
        with pytest.raises(GoneError, match="dedupeSessionId 'not-a-session'"):
            client.contact_lookalikes(dedupe_session_id="not-a-session")
        v2 = client.recommend_contacts(CONTACT_SEEDS, limit=1)
        with pytest.raises(GoneError):
            client.contact_lookalikes(dedupe_session_id=v2["requestId"])
        companies = client.company_lookalikes(domains=COMPANY_DOMAINS, limit=1)
    with LookalikeClient(new_key(), base_url) as other, pytest.raises(GoneError):
        other.company_lookalikes(dedupe_session_id=companies["dedupeSessionId"])


def test_too_few_seeds_or_a_limit_out_of_range_is_an_invalid_request(
    base_url: str, new_key: KeyFactory
) -> None:
    with LookalikeClient(new_key(), base_url) as client:
        with pytest.raises(InvalidRequestError, match="names 4 unique seed"):
            client.contact_lookalikes(ids=CONTACT_SEEDS[:4])
        with pytest.raises(InvalidRequestError, match="a first call needs 5"):
            client.company_lookalikes()
        with pytest.raises(InvalidRequestError, match="'limit'"):
            client.contact_lookalikes(ids=CONTACT_SEEDS, limit=51)
        assert client.company_lookalikes(domains=COMPANY_DOMAINS, limit=100)["meta"]["returned"]
        assert client.lookalike_usage()["credits"]["used"] == 15


def test_lookalike_usage_has_credits_rate_limits_plan_and_pricing(
    base_url: str, new_key: KeyFactory
) -> None:
    with LookalikeClient(new_key(credits=7), base_url) as client:
        usage = client.lookalike_usage()
    assert set(usage) == {"credits", "rateLimits", "plan", "pricing"}
    assert usage["credits"] == {"total": 7, "used": 0, "remaining": 7}
    assert set(usage["rateLimits"]) == {"daily", "hourly", "minute"}
    assert set(usage["rateLimits"]["minute"]) == {"limit", "used", "remaining", "resetsAt"}
    assert usage["plan"] == {"category": "basic"}
    price = {"credits": 1, "perQuantity": 1}
    assert usage["pricing"] == {"lookalikeContact": price, "lookalikeCompany": price}


def test_identifier_lists_take_python_names_and_refuse_a_bare_string(
    base_url: str, new_key: KeyFactory
) -> None:
    everyone_else = [f"p{i:02d}-{r}" for i in range(1, 20) for r in range(3)]
    with LookalikeClient(new_key(), base_url) as client:
        page = client.contact_lookalikes(
            ids=CONTACT_SEEDS, exclude={"contact_ids": everyone_else}, limit=50
        )
        with pytest.raises(TypeError, match=r"\['c00'\]"):
            client.company_lookalikes(ids="c00")
    assert {result["id"] for result in page["results"]} == {"p00-1", "p00-2"}


@pytest.mark.anyio
async def test_the_async_client_follows_a_lookalike_session(
    app: FastAPI, new_key: KeyFactory
) -> None:
    transport = httpx.ASGITransport(app=app)
    async with AsyncLookalikeClient(new_key(), "http://app", transport=transport) as client:
        pages = [page async for page in client.iter_contact_lookalikes(ids=CONTACT_SEEDS, limit=50)]
        usage = await client.lookalike_usage()
        with pytest.raises(GoneError):
            await client.company_lookalikes(dedupe_session_id=pages[0]["dedupeSessionId"])
    ids = ids_of(pages)
    assert len(ids) == len(set(ids)) == 55 and pages[-1]["meta"]["hasMore"] is False
    assert usage["credits"]["used"] == 55
