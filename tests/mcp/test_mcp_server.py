"""``lookalike mcp`` through the SDK's own client, against the real API on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
from typing import Any

import anyio
import pytest
from api_universe import KeyFactory
from mcp.client import ClientSession
from mcp_processes import SessionFactory, mcp_command
from mcp_types import CallToolResult, TextContent

pytestmark = pytest.mark.anyio

CONTACT_SEEDS = ["p000-0", "p004-0", "p008-0", "p012-0", "p016-0"]
COMPANY_SEEDS = ["c000", "c004", "c008", "c012", "c016"]
TOOLS = {
    "find_lookalike_contacts",
    "find_lookalike_companies",
    "next_lookalike_page",
    "search_entities",
    "get_usage",
}
TEST_TIMEOUT = 60


async def call(session: ClientSession, tool: str, **arguments: Any) -> CallToolResult:
    result = await session.call_tool(tool, arguments)
    assert isinstance(result, CallToolResult)
    return result


async def structured(session: ClientSession, tool: str, **arguments: Any) -> dict[str, Any]:
    """The structured result of a call that must succeed."""
    result = await call(session, tool, **arguments)
    assert not result.is_error, result.content
    content: dict[str, Any] = result.structured_content
    return content


def error_text(result: CallToolResult) -> str:
    assert result.is_error
    return " ".join(block.text for block in result.content if isinstance(block, TextContent))


def ids(results: list[dict[str, Any]]) -> set[str]:
    return {result["id"] for result in results}


async def test_the_server_lists_its_tools_with_what_an_assistant_needs_to_use_them(
    stdio_session: SessionFactory, new_key: KeyFactory
) -> None:
    with anyio.fail_after(TEST_TIMEOUT):
        async with stdio_session(new_key()) as session:
            tools = {tool.name: tool for tool in (await session.list_tools()).tools}
    assert set(tools) == TOOLS
    for name in ("find_lookalike_contacts", "find_lookalike_companies"):
        description = tools[name].description or ""
        assert "at least 5" in description and "credit" in description
        assert "dedupeSessionId" in description and "next_lookalike_page" in description
        assert tools[name].output_schema is not None
    assert "dedupe_session_id" in tools["next_lookalike_page"].input_schema["required"]


async def test_contact_lookalikes_are_compact_and_the_next_page_brings_new_contacts(
    stdio_session: SessionFactory, new_key: KeyFactory
) -> None:
    with anyio.fail_after(TEST_TIMEOUT):
        async with stdio_session(new_key()) as session:
            first = await structured(session, "find_lookalike_contacts", ids=CONTACT_SEEDS, limit=5)
            session_id = first["dedupeSessionId"]
            second = await structured(
                session, "next_lookalike_page", kind="contacts", dedupe_session_id=session_id
            )
            third = await structured(
                session, "find_lookalike_contacts", dedupe_session_id=session_id, limit=3
            )
    assert first["returned"] == first["creditsCharged"] == len(first["contacts"]) == 5
    assert first["hasMore"] and first["unresolvedSeeds"] == []
    best = first["contacts"][0]
    assert set(best) == {
        "id", "name", "title", "company", "companyId", "domain", "score", "reasons", "nearestSeed",
    }  # fmt: skip
    assert best["name"] and best["title"] and best["company"] and 0 < best["score"] <= 1
    assert best["reasons"] and all(": " in reason for reason in best["reasons"])
    assert best["nearestSeed"] in CONTACT_SEEDS
    assert second["kind"] == "contacts" and second["dedupeSessionId"] == session_id
    assert second["companies"] == [] and len(second["contacts"]) == 10
    pages = [ids(first["contacts"]), ids(second["contacts"]), ids(third["contacts"])]
    assert sum(map(len, pages)) == len(set().union(*pages)) == 18
    assert not set().union(*pages) & set(CONTACT_SEEDS)


async def test_company_lookalikes_by_domain_and_id_then_a_next_page_of_new_companies(
    stdio_session: SessionFactory, new_key: KeyFactory
) -> None:
    domains = ["company0.example.com", "company4.example.com"]
    with anyio.fail_after(TEST_TIMEOUT):
        async with stdio_session(new_key()) as session:
            first = await structured(
                session,
                "find_lookalike_companies",
                ids=COMPANY_SEEDS[2:],
                domains=domains,
                exclude_ids=["c020"],
                limit=4,
            )
            more = await structured(
                session,
                "next_lookalike_page",
                kind="companies",
                dedupe_session_id=first["dedupeSessionId"],
                limit=4,
            )
    assert len(first["companies"]) == 4 and first["creditsCharged"] == 4
    best = first["companies"][0]
    assert best["name"] and best["domain"] and best["industry"] and best["reasons"]
    assert isinstance(best["employees"], int) and best["nearestSeed"] in COMPANY_SEEDS
    assert len(more["companies"]) == 4 and more["contacts"] == []
    seen = ids(first["companies"]) | ids(more["companies"])
    assert len(seen) == 8 and not seen & {*COMPANY_SEEDS, "c020"}


async def test_usage_shows_the_credits_the_tools_charged_and_the_price(
    stdio_session: SessionFactory, new_key: KeyFactory
) -> None:
    with anyio.fail_after(TEST_TIMEOUT):
        async with stdio_session(new_key(credits=50, plan="pricey")) as session:
            page = await structured(session, "find_lookalike_contacts", ids=CONTACT_SEEDS, limit=3)
            usage = await structured(session, "get_usage")
    assert page["creditsCharged"] == 6
    assert (usage["creditsTotal"], usage["creditsUsed"], usage["creditsRemaining"]) == (50, 6, 44)
    assert usage["creditsPerContact"] == usage["creditsPerCompany"] == 2
    assert usage["plan"] == "pricey" and {"minute", "hourly", "daily"} <= set(usage["rateLimits"])


async def test_a_bad_key_is_a_tool_error_carrying_the_api_message(
    stdio_session: SessionFactory,
) -> None:
    with anyio.fail_after(TEST_TIMEOUT):
        async with stdio_session("not-a-real-key") as session:
            lookalikes = await call(session, "find_lookalike_contacts", ids=CONTACT_SEEDS)
            usage = await call(session, "get_usage")
    for result in (lookalikes, usage):
        assert "API key" in error_text(result), error_text(result)


async def test_too_few_seeds_and_an_unknown_session_are_tool_errors_saying_why(
    stdio_session: SessionFactory, new_key: KeyFactory
) -> None:
    with anyio.fail_after(TEST_TIMEOUT):
        async with stdio_session(new_key()) as session:
            few = await call(session, "find_lookalike_companies", ids=COMPANY_SEEDS[:2])
            gone = await call(
                session, "next_lookalike_page", kind="contacts", dedupe_session_id="nope"
            )
            usage = await structured(session, "get_usage")
    assert "5" in error_text(few) and "seed" in error_text(few)
    assert "dedupeSessionId" in error_text(gone)
    assert usage["creditsUsed"] == 0


def test_without_a_key_the_command_exits_with_one_line_naming_the_fix() -> None:
    env = {name: value for name, value in os.environ.items() if name != "LOOKALIKE_API_KEY"}
    done = subprocess.run(mcp_command(), env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.strip().splitlines()[-1] == (
        "error: No API key: pass --api-key KEY or set LOOKALIKE_API_KEY."
    )


async def test_the_same_tools_answer_over_streamable_http(
    http_session: SessionFactory, new_key: KeyFactory
) -> None:
    with anyio.fail_after(TEST_TIMEOUT):
        async with http_session(new_key()) as session:
            names = {tool.name for tool in (await session.list_tools()).tools}
            page = await structured(session, "find_lookalike_companies", ids=COMPANY_SEEDS, limit=2)
    assert names == TOOLS and len(page["companies"]) == 2 and page["dedupeSessionId"]


async def test_entity_search_finds_ids_to_use_as_seeds_for_free(
    stdio_session: SessionFactory, new_key: KeyFactory
) -> None:
    with anyio.fail_after(TEST_TIMEOUT):
        async with stdio_session(new_key()) as session:
            companies = await structured(
                session, "search_entities", kind="companies", query="Software", limit=5
            )
            contacts = await structured(
                session, "search_entities", kind="contacts", query="VP Sales", limit=5
            )
            usage = await structured(session, "get_usage")
    assert companies["kind"] == "companies" and companies["count"] == 5
    assert all(match["name"].startswith("Software") for match in companies["matches"])
    assert contacts["count"] == 5
    assert all(match["title"] == "VP Sales" and match["companyId"] for match in contacts["matches"])
    assert usage["creditsUsed"] == 0
