from __future__ import annotations

import httpx
import pytest
import schemathesis
from api_universe import KeyFactory
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

ROUTES = {
    ("/api/recommendations/contacts", "post"),
    ("/api/recommendations/companies", "post"),
    ("/account/usage", "get"),
    ("/v3/contacts/lookalike", "post"),
    ("/v3/companies/lookalike", "post"),
    ("/v3/lookalike/contacts", "post"),
    ("/v3/lookalike/companies", "post"),
    ("/v3/account/usage", "get"),
    ("/api/entities/search", "get"),
}
OPERATIONS = {("/livez", "get"), ("/readyz", "get"), ("/version", "get"), ("/metrics", "get")}
ALL = ROUTES | OPERATIONS
# What JSON Schema cannot say, and a schema-valid request may still break: the number of unique
# seed identifiers of a first V3 call (5 to 100, across its lists).
RULES_BEYOND_THE_SCHEMA = ("unique seed",)


@pytest.mark.anyio
async def test_openapi_describes_every_route_the_key_header_and_the_errors(
    client: httpx.AsyncClient,
) -> None:
    spec = (await client.get("/openapi.json")).json()
    assert {(path, method) for path, item in spec["paths"].items() for method in item} == ALL
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "apiKey", "in": "header", "name": "api_key"}.items() <= next(
        iter(schemes.values())
    ).items()
    for path, method in ROUTES:
        operation = spec["paths"][path][method]
        assert operation["security"]
        error_ref = operation["responses"]["429"]["content"]["application/json"]["schema"]
        assert error_ref == {"$ref": "#/components/schemas/ErrorResponse"}
        assert "422" not in operation["responses"]
        assert {"Retry-After", "x-hourly-requests-left"} <= set(
            operation["responses"]["429"]["headers"]
        )
    assert (await client.get("/docs")).status_code == 200


def test_schemathesis_finds_no_server_error_and_no_schema_breaking_response(
    app: FastAPI, new_key: KeyFactory
) -> None:
    key = new_key(credits=100_000, plan="bulk")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(ALL)

    @given(data=st.data())
    @settings(
        max_examples=40,
        deadline=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def check(data: st.DataObject) -> None:
        operation = data.draw(st.sampled_from(operations))
        case = data.draw(operation.as_strategy())
        # Check acceptance of valid data ourselves, allowing only the rules beyond the schema.
        response = case.call_and_validate(
            headers={"api_key": key}, excluded_checks=[positive_data_acceptance]
        )
        if response.status_code == 400 and case.meta and case.meta.generation.mode.is_positive:
            message = response.json()["error"]["message"]
            assert any(rule in message for rule in RULES_BEYOND_THE_SCHEMA), message

    check()
