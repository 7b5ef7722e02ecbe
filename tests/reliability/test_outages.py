"""Outages of Redis and of the database while serving: 503s naming them, logged once, recovered.

A throwaway ``redis-server`` is started and stopped; PostgreSQL is reached through a TCP proxy
that the test cuts and restores, and its connections are terminated mid-load.
"""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import suppress
from pathlib import Path

import pytest
import sqlalchemy as sa
from api_universe import PLANS, asgi_client, build_universe
from fastapi import FastAPI
from pydantic import SecretStr

from backends import ThrowawayRedis, free_port, postgres_url
from lookalike.api.app import create_app
from lookalike.settings import LimitsSettings, Settings
from lookalike.store.accounts import create_account_with_key
from lookalike.store.credits import credit_totals

pytestmark = pytest.mark.anyio
# The redis client leaves the sockets of a server killed under it to the garbage collector.
REDIS_SOCKETS_LEFT_TO_GC = pytest.mark.filterwarnings(
    "ignore::pytest.PytestUnraisableExceptionWarning"
)

CONTACTS = "/api/recommendations/contacts"
SEEDS = {"contacts": [{"personId": "p000-0"}, {"personId": "p004-0"}], "limit": 2}


class CuttableProxy:
    """A TCP proxy to PostgreSQL on a fixed local port; ``cut()`` drops every connection and
    refuses new ones until ``restore()``."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.port = free_port()
        self.target_host = target_host
        self.target_port = target_port
        self._listener: socket.socket | None = None
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        if self._listener is not None:
            # shutdown() wakes the thread blocked in accept(); close() alone would not.
            with suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)
            self._listener.close()
            self._listener = None
        with self._lock:
            for sock in self._sockets:
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()
            self._sockets.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection((self.target_host, self.target_port))
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, sink), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with suppress(OSError):
        while data := source.recv(65536):
            sink.sendall(data)
    with suppress(OSError):
        sink.shutdown(socket.SHUT_WR)


@pytest.fixture
def redis_server() -> Iterator[ThrowawayRedis]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = ThrowawayRedis()
    server.start()
    yield server
    server.stop()


def _redis_app(tmp_path: Path, redis: ThrowawayRedis, on_store_error: str) -> FastAPI:
    settings = Settings(
        data_dir=tmp_path,
        plans=PLANS,
        index={"kind": "exact"},
        redis_url=SecretStr(redis.url),
        limits=LimitsSettings(on_store_error=on_store_error),
    )
    build_universe(settings, "sqlite")
    return create_app(settings, rate_limit_prefix=f"t{uuid.uuid4().hex[:8]}")


@REDIS_SOCKETS_LEFT_TO_GC
async def test_redis_down_is_a_503_naming_it_logged_once_and_recovered(
    tmp_path: Path, redis_server: ThrowawayRedis, caplog: pytest.LogCaptureFixture
) -> None:
    app = _redis_app(tmp_path, redis_server, "deny")
    _, key = create_account_with_key(app.state.services.store, "t", "basic", 100)
    headers = {"api_key": key}
    async with asgi_client(app) as client:
        assert (await client.post(CONTACTS, json=SEEDS, headers=headers)).status_code == 200
        redis_server.stop()
        with caplog.at_level(logging.WARNING, logger="lookalike"):
            for _ in range(3):
                down = await client.post(CONTACTS, json=SEEDS, headers=headers)
                assert down.status_code == 503, down.text
                assert "Redis" in down.json()["message"] and down.headers["Retry-After"] == "1"
            usage = await client.get("/account/usage", headers=headers)
            assert usage.status_code == 503 and "Redis" in usage.json()["message"]
            redis_server.start()
            back = await client.post(CONTACTS, json=SEEDS, headers=headers)
            assert back.status_code == 200, back.text
        outage_lines = [r for r in caplog.records if "unavailable" in r.getMessage()]
        assert len(outage_lines) == 1
        assert any("available again" in r.getMessage() for r in caplog.records)
        with app.state.services.store.connect() as conn:
            assert credit_totals(conn, 1).used == 4
    app.state.services.store.dispose()


@REDIS_SOCKETS_LEFT_TO_GC
async def test_redis_down_with_limits_failing_open_serves_uncounted(
    tmp_path: Path, redis_server: ThrowawayRedis
) -> None:
    app = _redis_app(tmp_path, redis_server, "allow")
    _, key = create_account_with_key(app.state.services.store, "t", "basic", 100)
    async with asgi_client(app) as client:
        redis_server.stop()
        response = await client.post(CONTACTS, json=SEEDS, headers={"api_key": key})
        assert response.status_code == 200, response.text
        assert "x-rate-limit-minute" not in response.headers
        assert response.json()["creditsCharged"] == 2
    app.state.services.store.dispose()


@pytest.fixture
def proxied_postgres(tmp_path: Path) -> Iterator[tuple[CuttableProxy, Settings]]:
    target = sa.make_url(postgres_url())
    proxy = CuttableProxy(target.host or "127.0.0.1", target.port or 5432)
    proxy.restore()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(target, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = target.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    settings = Settings(
        data_dir=tmp_path,
        database_url=SecretStr(f"{url}?options=-csearch_path%3D{schema}"),
        plans=PLANS,
        index={"kind": "exact"},
    )
    build_universe(settings, "postgresql")
    try:
        yield proxy, settings
    finally:
        proxy.cut()
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
async def proxied_app(
    proxied_postgres: tuple[CuttableProxy, Settings],
) -> AsyncIterator[tuple[FastAPI, CuttableProxy, str]]:
    proxy, settings = proxied_postgres
    app = create_app(settings, key_cache_seconds=0)
    _, key = create_account_with_key(app.state.services.store, "t", "bulk", 10_000)
    yield app, proxy, key
    app.state.services.store.dispose()


async def test_an_unreachable_database_is_a_503_and_recovers(
    proxied_app: tuple[FastAPI, CuttableProxy, str],
) -> None:
    app, proxy, key = proxied_app
    headers = {"api_key": key}
    async with asgi_client(app) as client:
        assert (await client.post(CONTACTS, json=SEEDS, headers=headers)).status_code == 200
        proxy.cut()
        down = await client.post(CONTACTS, json=SEEDS, headers=headers)
        assert down.status_code == 503, down.text
        assert "database" in down.json()["message"] and down.headers["Retry-After"]
        assert "psycopg" not in down.text and "SELECT" not in down.text
        proxy.restore()
        back = await client.post(CONTACTS, json=SEEDS, headers=headers)
        assert back.status_code == 200, back.text


async def test_connections_cut_mid_load_give_200s_or_503s_and_an_exact_ledger(
    proxied_app: tuple[FastAPI, CuttableProxy, str],
) -> None:
    app, proxy, key = proxied_app
    headers = {"api_key": key}
    charged = 0
    statuses: list[int] = []
    async with asgi_client(app) as client:

        async def one() -> None:
            nonlocal charged
            response = await client.post(CONTACTS, json=SEEDS, headers=headers)
            statuses.append(response.status_code)
            if response.status_code == 200:
                charged += response.json()["creditsCharged"]

        for round_ in range(4):
            load = [asyncio.create_task(one()) for _ in range(8)]
            await asyncio.sleep(0.01 * round_)
            proxy.cut()
            proxy.restore()
            await asyncio.gather(*load)
    assert set(statuses) <= {200, 503}, statuses
    assert 200 in statuses
    with app.state.services.store.connect() as conn:
        account = conn.execute(sa.text("SELECT max(account_id) FROM accounts")).scalar_one()
        assert credit_totals(conn, account).used == charged
