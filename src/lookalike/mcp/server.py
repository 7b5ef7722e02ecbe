"""The MCP server: lookalike's V3 Lookalike API as tools an assistant calls unaided.

Each tool is one HTTP call to a running lookalike service with the user's key (through
:class:`lookalike.client.AsyncLookalikeClient`, or ``GET /api/entities/search`` for the search);
an error status of the API becomes a tool error carrying the API's own message. Results are the
compact shapes of :mod:`lookalike.mcp.results`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated, Any, Literal, NotRequired

import httpx
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import Field
from typing_extensions import TypedDict

from lookalike.client import AsyncLookalikeClient, LookalikeError
from lookalike.client._errors import unreachable_error
from lookalike.client._requests import Body, checked_json, headers_for
from lookalike.contract import MAX_COMPANY_LOOKALIKES, MAX_CONTACT_LOOKALIKES, MIN_LOOKALIKE_SEEDS
from lookalike.mcp import results
from lookalike.mcp.results import CompanyPage, ContactPage, EntityMatches, LookalikePage, Usage

# The search route's bounds (a store module: no database is opened by importing it).
from lookalike.store.entity_search import MAX_QUERY_LENGTH, MAX_SEARCH_LIMIT

DEFAULT_BASE_URL = "http://127.0.0.1:8000"
SEARCH_PATH = "/api/entities/search"
DEFAULT_PAGE = 10
INSTRUCTIONS = f"""\
Find B2B contacts and companies that look like the ones a user already has (lookalikes), from a
lookalike service. Typical flow: search_entities to turn names into ids, then
find_lookalike_contacts or find_lookalike_companies with at least {MIN_LOOKALIKE_SEEDS} seeds,
then next_lookalike_page with the returned dedupeSessionId for more. Every returned result costs
credits (get_usage shows the balance and the price); a session never returns or charges the same
entity twice."""

Kind = Literal["contacts", "companies"]


class PersonSeed(TypedDict):
    """A seed contact named rather than identified: first and last name at a company."""

    firstName: str
    lastName: str
    companyDomain: NotRequired[str]
    companyName: NotRequired[str]


Ids = Annotated[list[str], Field(description="Ids of the service (search_entities returns them).")]
Limit = Annotated[int, Field(ge=1, description="How many results to return; each costs credits.")]
SessionId = Annotated[
    str | None,
    Field(description="dedupeSessionId of an earlier page, to continue that session."),
]
Countries = Annotated[list[str], Field(description="Only results in these countries.")]
Industries = Annotated[
    list[str], Field(description="Only these industries: NAICS codes or prefixes, or labels.")
]


@dataclass
class Connection:
    """Where the lookalike service runs and the key to call it with."""

    api_key: str
    base_url: str = DEFAULT_BASE_URL
    timeout: float = 30.0


@dataclass
class Clients:
    """The HTTP clients of one server run, opened by the lifespan."""

    lookalike: AsyncLookalikeClient
    http: httpx.AsyncClient
    api_key: str


ToolContext = Context[Clients, Any]


def build_server(connection: Connection) -> MCPServer[Clients]:
    """An MCP server whose tools call the lookalike service at ``connection``."""

    @asynccontextmanager
    async def lifespan(_: MCPServer[Clients]) -> AsyncIterator[Clients]:
        async with (
            AsyncLookalikeClient(
                connection.api_key, connection.base_url, timeout=connection.timeout
            ) as lookalike,
            httpx.AsyncClient(base_url=connection.base_url, timeout=connection.timeout) as http,
        ):
            yield Clients(lookalike, http, connection.api_key)

    # WARNING: the SDK would log every HTTP request of the tools (INFO) to stderr.
    server = MCPServer(
        "lookalike", instructions=INSTRUCTIONS, lifespan=lifespan, log_level="WARNING"
    )
    for tool in (
        find_lookalike_contacts,
        find_lookalike_companies,
        next_lookalike_page,
        search_entities,
        get_usage,
    ):
        server.add_tool(tool)
    return server


async def find_lookalike_contacts(
    ctx: ToolContext,
    ids: Ids | None = None,
    emails: list[str] | None = None,
    linkedin_urls: list[str] | None = None,
    people: list[PersonSeed] | None = None,
    exclude_ids: Annotated[list[str] | None, Field(description="Never return these.")] = None,
    limit: Annotated[Limit, Field(le=MAX_CONTACT_LOOKALIKES)] = DEFAULT_PAGE,
    countries: Countries | None = None,
    industries: Industries | None = None,
    departments: Annotated[
        list[str] | None, Field(description="Only these departments, e.g. Sales, Finance.")
    ] = None,
    dedupe_session_id: SessionId = None,
) -> ContactPage:
    """Find contacts (people) who look like the seed contacts: similar title, seniority,
    department, industry, company size and place.

    Seeds are any mix of `ids` (person ids, as in the Recommendations API's personId),
    `emails`, `linkedin_urls` and `people` (first and last name with companyDomain or
    companyName). A first call needs at least 5 and at most 100 unique seeds in all;
    with `dedupe_session_id` the seeds may be fewer or none (the session's are reused).

    Returns up to `limit` contacts (1 to 50; default 10), best first, each with id, name,
    title, company, companyId, domain, score (0 to 1), reasons (short phrases: the traits
    shared with the seeds and how many seeds share each) and nearestSeed; plus
    dedupeSessionId, hasMore, creditsCharged and unresolvedSeeds (seeds not found).

    Cost: one credit per returned contact (per the plan; see get_usage); an empty page or an
    error costs nothing. For more, call next_lookalike_page with kind "contacts" and the
    dedupeSessionId: a session never returns or charges the same contact twice.
    """
    filters = _filters(countries=countries, industries=industries, departments=departments)
    body = await _api(
        ctx.request_context.lifespan_context.lookalike.contact_lookalikes(
            ids=ids or (),
            emails=emails or (),
            linkedin_urls=linkedin_urls or (),
            contacts=[{k: str(v) for k, v in person.items()} for person in people or ()],
            exclude={"ids": exclude_ids} if exclude_ids else None,
            limit=limit,
            filters=filters,
            dedupe_session_id=dedupe_session_id,
        )
    )
    return results.contact_page(body)


async def find_lookalike_companies(
    ctx: ToolContext,
    ids: Ids | None = None,
    domains: Annotated[
        list[str] | None, Field(description="Website domains, e.g. sap.com.")
    ] = None,
    linkedin_urls: list[str] | None = None,
    exclude_ids: Annotated[list[str] | None, Field(description="Never return these.")] = None,
    exclude_domains: list[str] | None = None,
    limit: Annotated[Limit, Field(le=MAX_COMPANY_LOOKALIKES)] = DEFAULT_PAGE,
    countries: Countries | None = None,
    industries: Industries | None = None,
    dedupe_session_id: SessionId = None,
) -> CompanyPage:
    """Find companies that look like the seed companies: similar business (description),
    industry, size, revenue and country.

    Seeds are any mix of `ids` (company ids, as in the Recommendations API's companyId),
    `domains` and `linkedin_urls`. A first call needs at least 5 and at most 100 unique
    seeds in all; with `dedupe_session_id` the seeds may be fewer or none.

    Returns up to `limit` companies (1 to 100; default 10), best first, each with id, name,
    domain, industry, employees, country, score (0 to 1), reasons (short phrases: the traits
    shared with the seeds and how many seeds share each) and nearestSeed; plus
    dedupeSessionId, hasMore, creditsCharged and unresolvedSeeds (seeds not found).

    Cost: one credit per returned company (per the plan; see get_usage); an empty page or an
    error costs nothing. For more, call next_lookalike_page with kind "companies" and the
    dedupeSessionId: a session never returns or charges the same company twice.
    """
    exclude = {"ids": exclude_ids or [], "domains": exclude_domains or []}
    body = await _api(
        ctx.request_context.lifespan_context.lookalike.company_lookalikes(
            ids=ids or (),
            domains=domains or (),
            linkedin_urls=linkedin_urls or (),
            exclude=exclude,
            limit=limit,
            filters=_filters(countries=countries, industries=industries),
            dedupe_session_id=dedupe_session_id,
        )
    )
    return results.company_page(body)


async def next_lookalike_page(
    ctx: ToolContext,
    kind: Annotated[Kind, Field(description="The kind of the session: contacts or companies.")],
    dedupe_session_id: Annotated[
        str, Field(description="dedupeSessionId of the page before (same kind).")
    ],
    limit: Annotated[Limit, Field(le=MAX_COMPANY_LOOKALIKES)] = DEFAULT_PAGE,
) -> LookalikePage:
    """The next page of a lookalike session, with the same seeds, exclusions and filters.

    Never repeats (or charges again for) a contact or company the session returned before.
    Returns kind, dedupeSessionId, returned, hasMore (false once nothing matching is left),
    creditsCharged and the results under `contacts` or `companies` (the same compact fields as
    the find tools). `limit`: contacts 1 to 50, companies 1 to 100; default 10.

    Cost: one credit per returned result. An unknown or expired session id is an error.
    """
    clients = ctx.request_context.lifespan_context
    fetch = (
        clients.lookalike.contact_lookalikes
        if kind == "contacts"
        else clients.lookalike.company_lookalikes
    )
    body = await _api(fetch(limit=limit, dedupe_session_id=dedupe_session_id))
    return results.next_page(kind, body)


async def search_entities(
    ctx: ToolContext,
    kind: Annotated[Kind, Field(description="What to search: contacts or companies.")],
    query: Annotated[
        str,
        Field(
            min_length=1,
            max_length=MAX_QUERY_LENGTH,
            description="A name, domain, job title or id; each word must start a word of the "
            "entity (companies: name or domain; contacts: name, job title, company name or "
            "e-mail address).",
        ),
    ],
    limit: Annotated[int, Field(ge=1, le=MAX_SEARCH_LIMIT)] = DEFAULT_PAGE,
) -> EntityMatches:
    """Search the service's contacts or companies by name, domain, job title or id, to find
    the ids to pass as seeds to the find tools. Best matches first.

    Returns kind, query, count and matches (at most `limit`, 1 to 25; default 10), each with
    id, name, title (a contact's job title, a company's industry), company and companyId (a
    contact's employer) and domain. Free: costs no credits (it counts against rate limits).
    """
    clients = ctx.request_context.lifespan_context
    params: dict[str, str | int] = {"kind": kind, "q": query, "limit": limit}
    try:
        response = await clients.http.get(
            SEARCH_PATH, params=params, headers=headers_for(clients.api_key)
        )
        body = checked_json(response)
    except httpx.TransportError as error:
        raise ToolError(str(unreachable_error(clients.http.base_url, error))) from error
    except LookalikeError as error:
        raise ToolError(str(error)) from error
    return results.entity_matches(body)


async def get_usage(ctx: ToolContext) -> Usage:
    """The account's credits (total, used, remaining), the credits one returned contact or
    company costs, the plan and the rate-limit windows (limit, used, remaining, resetsAt).

    Free, but limited to 5 calls a minute.
    """
    body = await _api(ctx.request_context.lifespan_context.lookalike.lookalike_usage())
    return results.usage(body)


async def _api(call: Awaitable[Body]) -> Body:
    """The body of an API call; a lookalike error becomes a tool error with the API's message."""
    try:
        return await call
    except LookalikeError as error:
        raise ToolError(str(error)) from error


def _filters(**lists: list[str] | None) -> dict[str, list[str]] | None:
    """The API's ``filters`` from the non-empty lists, or None when there are none."""
    chosen = {name: values for name, values in lists.items() if values}
    return chosen or None
