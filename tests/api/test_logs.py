"""Request ids and the access log: one record per request, JSON lines, never an API key."""

from __future__ import annotations

import io
import json
import logging
import logging.config

import httpx
import pytest
from api_universe import KeyFactory
from fastapi import FastAPI

from lookalike.api.errors import SERVER_FAULT_MESSAGE
from lookalike.api.request_log import JsonFormatter, RequestIdFilter, log_config

pytestmark = pytest.mark.anyio
COMPANIES = "/api/recommendations/companies"
BODY = {"companies": [{"companyId": "c000"}], "limit": 2}


def access_records(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == "lookalike.access"]


async def test_a_safe_request_id_is_echoed_and_logged(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="lookalike.access"):
        response = await client.get("/livez", headers={"X-Request-Id": "abc-123.def:9"})
    assert response.headers["x-request-id"] == "abc-123.def:9"
    (record,) = access_records(caplog)
    assert record.__dict__["status"] == 200 and record.__dict__["route"] == "/livez"


@pytest.mark.parametrize("unsafe", ["x" * 129, "a b", "<script>", "é"])
async def test_an_unsafe_request_id_is_replaced(client: httpx.AsyncClient, unsafe: str) -> None:
    response = await client.get("/livez", headers={"X-Request-Id": unsafe.encode("utf-8")})
    echoed = response.headers["x-request-id"]
    assert echoed != unsafe and len(echoed) == 32


async def test_each_request_gets_its_own_id(client: httpx.AsyncClient) -> None:
    ids = {(await client.get("/livez")).headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3


async def test_the_access_record_names_the_account_and_never_the_key(
    client: httpx.AsyncClient, new_key: KeyFactory, caplog: pytest.LogCaptureFixture
) -> None:
    key = new_key()
    with caplog.at_level(logging.DEBUG):
        response = await client.post(COMPANIES, json=BODY, headers={"api_key": key})
    assert response.status_code == 200
    (record,) = access_records(caplog)
    fields = record.__dict__
    assert fields["method"] == "POST" and fields["route"] == COMPANIES
    assert fields["status"] == 200 and fields["latency_ms"] > 0
    assert isinstance(fields["account_id"], int)
    assert fields["request_id"] == response.headers["x-request-id"]
    formatter = JsonFormatter()
    for logged in caplog.records:
        assert key not in formatter.format(logged)


async def test_an_unexpected_error_logs_one_record_with_its_traceback(
    app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/boom-for-test")
    async def boom() -> None:
        raise RuntimeError("the flux capacitor broke")

    with caplog.at_level(logging.INFO):
        response = await client.get("/boom-for-test", headers={"X-Request-Id": "req-boom"})
    assert response.status_code == 500
    assert response.json()["message"] == SERVER_FAULT_MESSAGE
    assert response.headers["x-request-id"] == "req-boom"
    with_traceback = [record for record in caplog.records if record.exc_info]
    assert len(with_traceback) == 1
    (record,) = with_traceback
    assert record.levelno == logging.ERROR and record.__dict__["status"] == 500
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "req-boom" and line["route"] == "/boom-for-test"
    assert "RuntimeError: the flux capacitor broke" in line["traceback"]


async def test_json_lines_carry_every_field_and_the_request_id_of_inner_records(
    client: httpx.AsyncClient,
) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger("lookalike")
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.INFO)
    try:
        response = await client.get("/readyz", headers={"X-Request-Id": "req-json"})
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    access = [line for line in lines if line["logger"] == "lookalike.access"]
    assert len(access) == 1
    assert response.status_code == access[0]["status"]
    assert {"timestamp", "level", "request_id", "method", "route", "status", "latency_ms"} <= set(
        access[0]
    )
    assert all(line["request_id"] == "req-json" for line in lines)


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_log_config_is_a_valid_dict_config(log_format: str) -> None:
    configurator = logging.config.DictConfigurator(log_config(log_format))
    assert configurator.config["handlers"]["default"]["filters"] == ["request_id"]
    formatter = configurator.configure_formatter(configurator.config["formatters"]["default"])
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "hello", None, None)
    RequestIdFilter().filter(record)
    assert "hello" in formatter.format(record)
