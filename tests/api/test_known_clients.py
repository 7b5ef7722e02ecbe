"""Requests exactly as known Lusha integrations send them, and what those clients read back.

- Pipedream's Lusha actions: axios POSTs with the fields in the query string (``params``), an
  empty body and ``content-type: application/x-www-form-urlencoded``; they throw
  ``response.data.message``.
- MCP-style servers: the key in an ``API_KEY`` header, a JSON body; they read a top-level
  ``message`` from errors.
- Clients that send ``Authorization: Bearer``, a JSON body as ``text/plain``, numeric ids or a
  trailing slash.

Run against SQLite and PostgreSQL (the ``client`` fixture), over the raw wire (bytes and headers
as given, no JSON helper of httpx).
"""

from __future__ import annotations

import httpx
import orjson
import pytest
from api_universe import KeyFactory

pytestmark = pytest.mark.anyio

PIPEDREAM_QUERY = (
    "contacts[0][personId]=p000-0&contacts[0][companyId]=c000"
    "&contacts[1][personId]=p004-0&contacts[1][companyId]=c004"
    "&exclude[0][personId]=p008-0&exclude[0][companyId]=c008&limit=25"
)


def axios_headers(key: str) -> dict[str, str]:
    """The headers axios sends for a POST with ``params`` and no ``data``."""
    return {
        "Accept": "application/json, text/plain, */*",
        "Content-Type": "application/x-www-form-urlencoded",
        "api_key": key,
        "User-Agent": "axios/1.7.7",
        "Content-Length": "0",
        "Accept-Encoding": "gzip, compress, deflate, br",
    }


async def raw_post(
    client: httpx.AsyncClient, target: str, headers: dict[str, str], body: bytes = b""
) -> httpx.Response:
    return await client.send(client.build_request("POST", target, headers=headers, content=body))


async def test_pipedream_query_string_post_gets_the_page(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    response = await raw_post(
        client, f"/api/recommendations/contacts?{PIPEDREAM_QUERY}", axios_headers(key)
    )
    assert response.status_code == 200, response.text
    data = response.json()
    assert data["count"] == len(data["contacts"]) == 25 and data["requestId"]
    returned = {contact["personId"] for contact in data["contacts"]}
    assert not returned & {"p000-0", "p004-0", "p008-0"}


async def test_pipedream_query_reads_the_same_percent_encoded_or_with_empty_brackets(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    encoded = PIPEDREAM_QUERY.replace("[", "%5B").replace("]", "%5D")
    first = await raw_post(client, f"/api/recommendations/contacts?{encoded}", axios_headers(key))
    assert first.status_code == 200, first.text
    appended = (
        "contacts[][personId]=p000-0&contacts[][companyId]=c000"
        "&contacts[][personId]=p004-0&contacts[][companyId]=c004&exclude[]=p008-0&limit=3"
    )
    second = await raw_post(client, f"/api/recommendations/contacts?{appended}", axios_headers(key))
    assert second.status_code == 200, second.text
    assert second.json()["count"] == 3


async def test_pipedream_company_query_and_its_errors_carry_a_top_level_message(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    ok = await raw_post(
        client,
        "/api/recommendations/companies?companies[0][companyId]=c000&limit=2",
        axios_headers(key),
    )
    assert ok.status_code == 200 and ok.json()["count"] == 2
    bad = await raw_post(
        client, "/api/recommendations/contacts?contacts[0][companyId]=c000", axios_headers(key)
    )
    assert bad.status_code == 400
    body = bad.json()
    assert "contacts[0].personId" in body["message"] and body["statusCode"] == 400
    assert body["errors"] == [body["message"]]
    unknown = await raw_post(
        client, f"/api/recommendations/contacts?{PIPEDREAM_QUERY}", axios_headers("wrong")
    )
    assert unknown.status_code == 401 and "is not valid" in unknown.json()["message"]


async def test_an_empty_post_without_a_query_still_names_the_missing_body(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    response = await raw_post(client, "/api/recommendations/contacts", axios_headers(new_key()))
    assert response.status_code == 400
    assert "body is missing" in response.json()["message"]


async def test_a_form_encoded_body_in_bracket_form_is_read(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    headers = axios_headers(new_key()) | {"Content-Length": str(len(PIPEDREAM_QUERY))}
    response = await raw_post(
        client, "/api/recommendations/contacts", headers, PIPEDREAM_QUERY.encode()
    )
    assert response.status_code == 200, response.text


async def test_mcp_style_api_key_header_and_top_level_error_message(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    body = orjson.dumps({"contacts": [{"personId": "p000-0", "companyId": "c000"}], "limit": 2})
    headers = {"API_KEY": key, "Content-Type": "application/json"}
    response = await raw_post(client, "/api/recommendations/contacts", headers, body)
    assert response.status_code == 200 and response.json()["count"] == 2
    missing = await raw_post(
        client, "/api/recommendations/contacts", {"Content-Type": "application/json"}, body
    )
    assert missing.status_code == 401
    assert missing.json()["message"] == missing.json()["error"]["message"]
    assert "api_key" in missing.json()["message"]


async def test_bearer_key_text_plain_json_numeric_ids_and_trailing_slash(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    body = orjson.dumps({"contacts": [{"personId": "p000-0", "companyId": "c000"}], "limit": 1})
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "text/plain"}
    response = await raw_post(client, "/api/recommendations/contacts/", headers, body)
    assert response.status_code == 200, response.text
    assert response.json()["count"] == 1
    numeric = orjson.dumps({"contacts": [{"personId": 1234567890, "companyId": 77}]})
    unknown = await raw_post(client, "/api/recommendations/contacts", headers, numeric)
    assert unknown.status_code == 404 and "'1234567890'" in unknown.json()["message"]


async def test_limit_true_is_a_400_not_one_result(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    body = orjson.dumps({"contacts": [{"personId": "p000-0"}], "limit": True})
    headers = {"api_key": new_key(), "Content-Type": "application/json"}
    response = await raw_post(client, "/api/recommendations/contacts", headers, body)
    assert response.status_code == 400
    assert "'limit'" in response.json()["message"] and "not true" in response.json()["message"]


async def test_documented_required_strings_are_empty_never_null(
    client: httpx.AsyncClient, new_key: KeyFactory
) -> None:
    key = new_key()
    headers = {"api_key": key, "Content-Type": "application/json"}
    seeds = orjson.dumps({"companies": [{"companyId": "c043"}, {"companyId": "c039"}]})
    companies = (await raw_post(client, "/api/recommendations/companies", headers, seeds)).json()
    gap = next(item for item in companies["companies"] if item["companyId"] == "c047")
    assert gap["fqdn"] == "" and gap["description"] == "" and gap["name"]
    people = orjson.dumps({"contacts": [{"personId": "p043-0"}, {"personId": "p039-0"}]})
    contacts = (await raw_post(client, "/api/recommendations/contacts", headers, people)).json()
    for contact in contacts["contacts"]:
        assert all(contact[field] is not None for field in ("name", "jobTitle", "companyName"))
    at_gap = [c for c in contacts["contacts"] if c["companyId"] == "c047"]
    assert at_gap and at_gap[0]["companyDomain"] is None and at_gap[0]["companyName"]
