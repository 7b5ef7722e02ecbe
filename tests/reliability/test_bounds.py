"""Hostile and slow clients: header size, count and time, body time, idle keep-alive, the
connections of a worker; and the cap on the exclusions of one session.

The HTTP bounds are tested with raw sockets against uvicorn on 127.0.0.1, running the protocol
``lookalike serve`` runs (``uvicorn_options``) with bounds of half a second, so the module
runs in seconds. The session cap is tested in process, on both wire dialects.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn
from api_universe import PLANS, Universe, asgi_client, build_universe, key_factory
from fastapi import FastAPI

from lookalike.api.app import create_app
from lookalike.api.http_bounds import uvicorn_options
from lookalike.settings import BoundsSettings, Settings
from lookalike.store.schema import sessions

TIMEOUT = 0.5
BOUNDS = BoundsSettings(
    max_header_bytes=4096,
    max_header_count=20,
    header_timeout_seconds=TIMEOUT,
    body_timeout_seconds=TIMEOUT,
    keep_alive_seconds=TIMEOUT,
    max_connections=4,
    max_session_exclusions=30,
)
# A bound that holds answers after its time and well before a client would give up.
LATE = 2.5
OPENAPI = b"GET /openapi.json HTTP/1.1\r\nHost: lookalike.test\r\n\r\n"
CONTACTS = "/api/recommendations/contacts"
V3_CONTACTS = "/v3/contacts/lookalike"


@dataclass
class Response:
    """A response read off a raw socket."""

    status: int
    headers: dict[str, str]
    body: bytes

    def envelope(self) -> dict[str, Any]:
        """The JSON error body, checked to be the project's envelope for this status."""
        body = json.loads(self.body)
        assert body["statusCode"] == body["error"]["code"] == self.status
        assert body["message"] == body["error"]["message"]
        return dict(body)


@dataclass
class Live:
    """A running server: its port and uvicorn's state (the connections it holds)."""

    port: int
    server: uvicorn.Server

    def connect(self) -> socket.socket:
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        sock.settimeout(5)
        return sock

    def open_connections(self) -> int:
        return len(self.server.server_state.connections)


@pytest.fixture(scope="module")
def universe(tmp_path_factory: pytest.TempPathFactory) -> Universe:
    """The test universe on SQLite, with the short bounds."""
    data_dir = tmp_path_factory.mktemp("bounds")
    settings = Settings(data_dir=data_dir, plans=PLANS, index={"kind": "exact"}, bounds=BOUNDS)
    return build_universe(settings, "sqlite")


@pytest.fixture
def app(universe: Universe) -> Iterator[FastAPI]:
    app = create_app(universe.settings)
    yield app
    app.state.services.store.dispose()


@contextmanager
def bounded_server(app: FastAPI, bounds: BoundsSettings) -> Iterator[Live]:
    """Serve ``app`` as ``lookalike serve`` does, with ``bounds``, on a free port in a thread."""
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=0,
        lifespan="off",
        ws="none",
        log_level="error",
        **uvicorn_options(bounds),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.01)
    try:
        yield Live(server.servers[0].sockets[0].getsockname()[1], server)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
def live(app: FastAPI) -> Iterator[Live]:
    with bounded_server(app, BOUNDS) as running:
        yield running


def read_response(sock: socket.socket) -> Response | None:
    """The next response on ``sock``; None when the server closed it without one."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = _recv(sock)
        if not chunk:
            return None
        data += chunk
    head, body = data.split(b"\r\n\r\n", 1)
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {k.lower(): v.strip() for k, v in (line.split(":", 1) for line in lines)}
    while len(body) < int(headers.get("content-length", "0")):
        chunk = _recv(sock)
        assert chunk, "the connection closed inside a response body"
        body += chunk
    return Response(int(status_line.split()[1]), headers, body)


def _recv(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except ConnectionResetError:
        return b""


def closed_within(sock: socket.socket, seconds: float) -> bool:
    """Whether the server closes ``sock`` (sending nothing more) within ``seconds``."""
    sock.settimeout(seconds)
    try:
        return _recv(sock) == b""
    except TimeoutError:
        return False


def served(live: Live) -> bool:
    """Whether a fresh, well-behaved client gets its answer (the server is not held)."""
    with live.connect() as sock:
        sock.sendall(OPENAPI)
        response = read_response(sock)
    return response is not None and response.status == 200


def test_a_well_behaved_client_is_served_on_one_kept_alive_connection(
    app: FastAPI, live: Live
) -> None:
    key = key_factory(app)(credits=10_000, plan="bulk")
    body = {"contacts": [{"personId": "p000-0"}, {"personId": "p004-0"}], "limit": 2}
    with httpx.Client(base_url=f"http://127.0.0.1:{live.port}", headers={"api_key": key}) as http:
        statuses = [http.post(CONTACTS, json=body).status_code for _ in range(3)]
        assert live.open_connections() == 1
    assert statuses == [200, 200, 200]


def test_a_header_block_over_the_limit_gets_a_431(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(OPENAPI[:-2] + b"X-Padding: " + b"a" * 8000 + b"\r\n\r\n")
        response = read_response(sock)
        assert response is not None and response.status == 431
        assert "4096 bytes" in response.envelope()["message"]
        assert response.headers["connection"] == "close" and closed_within(sock, 1)


def test_a_32_mb_header_is_refused_long_before_it_is_sent(live: Live) -> None:
    started, sent, chunk = time.monotonic(), 0, b"X-Padding: " + b"a" * 65536
    with live.connect() as sock:
        sock.sendall(OPENAPI[:-2])
        with suppress(OSError):  # the server closes on us, at 4 KiB plus one read
            while sent < 32 * 2**20 and time.monotonic() - started < 10:
                sock.sendall(chunk)
                sent += len(chunk)
        response = read_response(sock)
    assert response is None or response.status == 431
    assert sent < 32 * 2**20, "the server read a whole 32 MB header"
    assert served(live)


def test_too_many_headers_get_a_431(live: Live) -> None:
    headers = b"".join(b"X-Header-%d: %d\r\n" % (i, i) for i in range(30))
    with live.connect() as sock:
        sock.sendall(OPENAPI[:-2] + headers + b"\r\n")
        response = read_response(sock)
    assert response is not None and response.status == 431
    assert "more than 20 headers" in response.envelope()["message"]


def test_partial_headers_get_a_408_in_the_header_time_while_others_are_served(
    live: Live,
) -> None:
    with live.connect() as sock:
        started = time.monotonic()
        sock.sendall(b"GET /openapi.json HTTP/1.1\r\nHost: lookalike.test\r\n")
        assert served(live), "a client sending headers slowly held the server"
        response = read_response(sock)
        elapsed = time.monotonic() - started
        assert response is not None and response.status == 408
        assert "limit of 0.5 s" in response.envelope()["message"]
        assert TIMEOUT * 0.9 <= elapsed < LATE and closed_within(sock, 1)


def test_headers_sent_a_byte_at_a_time_are_cut_at_the_header_time(live: Live) -> None:
    head, sent, answer = OPENAPI[:-2], 0, b""
    with live.connect() as sock:
        started = time.monotonic()
        sock.settimeout(0.05)
        with suppress(ConnectionError):  # the server closed on us
            while sent < len(head) and not answer:
                sock.sendall(head[sent : sent + 1])
                sent += 1
                with suppress(TimeoutError):
                    answer = sock.recv(65536) or b"(closed)"
        elapsed = time.monotonic() - started
    assert sent < len(head), "a head sent a byte at a time was never cut"
    assert answer in (b"", b"(closed)") or answer.startswith(b"HTTP/1.1 408 ")
    assert TIMEOUT * 0.9 <= elapsed < LATE


def test_a_body_shorter_than_its_content_length_gets_a_408_in_the_body_time(
    live: Live,
) -> None:
    head = (
        f"POST {CONTACTS} HTTP/1.1\r\nHost: lookalike.test\r\n"
        "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n"
    )
    with live.connect() as sock:
        started = time.monotonic()
        sock.sendall(head.encode() + b'{"contacts')
        assert served(live), "a client sending its body slowly held the server"
        response = read_response(sock)
        elapsed = time.monotonic() - started
        assert response is not None and response.status == 408
        assert "body was not complete" in response.envelope()["message"]
        assert TIMEOUT * 0.9 <= elapsed < LATE and closed_within(sock, 1)


def test_a_declared_body_over_the_limit_gets_a_413_and_the_connection_closes(
    live: Live,
) -> None:
    head = f"POST {CONTACTS} HTTP/1.1\r\nHost: lookalike.test\r\nContent-Length: 99000000\r\n\r\n"
    with live.connect() as sock:
        sock.sendall(head.encode())
        response = read_response(sock)
        assert response is not None and response.status == 413
        response.envelope()
        assert closed_within(sock, 1), "the rest of a refused body could hold the connection"


def test_an_idle_keep_alive_connection_is_closed_after_the_keep_alive_time(live: Live) -> None:
    with live.connect() as sock:
        sock.sendall(OPENAPI)
        response = read_response(sock)
        assert response is not None and response.status == 200
        sock.sendall(OPENAPI)  # the connection is kept alive between requests
        response = read_response(sock)
        assert response is not None and response.status == 200
        started = time.monotonic()
        assert closed_within(sock, LATE)
        assert TIMEOUT * 0.9 <= time.monotonic() - started < LATE


def test_a_connection_that_sends_nothing_is_closed_after_the_header_time(live: Live) -> None:
    with live.connect() as sock:
        started = time.monotonic()
        assert closed_within(sock, LATE)
        assert TIMEOUT * 0.9 <= time.monotonic() - started < LATE


def test_connections_past_the_cap_get_a_503_while_the_others_are_served(app: FastAPI) -> None:
    bounds = BOUNDS.model_copy(update={"header_timeout_seconds": 10.0})
    with bounded_server(app, bounds) as live:
        held = [live.connect() for _ in range(bounds.max_connections)]
        try:
            deadline = time.monotonic() + 5
            while live.open_connections() < len(held) and time.monotonic() < deadline:
                time.sleep(0.01)
            with live.connect() as extra:
                extra.sendall(OPENAPI)
                refused = read_response(extra)
            assert refused is not None and refused.status == 503
            assert refused.headers["retry-after"] == "1"
            assert "limit of 4 connections" in refused.envelope()["message"]
            for sock in held:
                sock.sendall(OPENAPI)
                response = read_response(sock)
                assert response is not None and response.status == 200
        finally:
            for sock in held:
                sock.close()


# The cap on a session's exclusions (30 here), on both wire dialects.


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with asgi_client(app) as http:
        yield http


def stored_exclusions(app: FastAPI, session_id: str) -> str:
    with app.state.services.store.connect() as conn:
        query = sa.select(sessions.c.exclude).where(sessions.c.session_id == session_id)
        return str(conn.execute(query).scalar_one())


@pytest.mark.anyio
async def test_a_requestid_session_refuses_exclusions_past_the_cap(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    key = key_factory(app)(credits=10_000, plan="bulk")
    headers = {"api_key": key}
    seeds = {"contacts": [{"personId": "p000-0"}, {"personId": "p004-0"}], "limit": 5}
    too_many = {**seeds, "exclude": [f"x{i}" for i in range(31)]}
    refused = await client.post(CONTACTS, json=too_many, headers=headers)
    assert refused.status_code == 400 and "at most 30" in refused.json()["message"]
    first = await client.post(
        CONTACTS, json={**seeds, "exclude": [f"x{i}" for i in range(20)]}, headers=headers
    )
    assert first.status_code == 200, first.text
    request_id = first.json()["requestId"]
    again = {"requestId": request_id, "exclude": [f"x{i}" for i in range(10, 30)], "limit": 5}
    assert (await client.post(CONTACTS, json=again, headers=headers)).status_code == 200
    compact = json.dumps(sorted(f"x{i}" for i in range(30)), separators=(",", ":"))
    assert stored_exclusions(app, request_id) == compact
    over = {"requestId": request_id, "exclude": ["x30"], "limit": 5}
    refused = await client.post(CONTACTS, json=over, headers=headers)
    assert refused.status_code == 400
    message = refused.json()["error"]["message"]
    assert "31 ids" in message and "at most 30" in message and "without 'requestId'" in message
    assert (await client.post(CONTACTS, json=again, headers=headers)).status_code == 200


@pytest.mark.anyio
async def test_a_dedupe_session_refuses_exclusions_past_the_cap(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    key = key_factory(app)(credits=10_000, plan="bulk")
    headers = {"api_key": key}
    seeds = {"ids": [f"p{i:03d}-0" for i in (0, 4, 8, 12, 16)]}
    first = await client.post(
        V3_CONTACTS,
        json={"seeds": seeds, "exclude": {"ids": [f"p{i:03d}-1" for i in range(20)]}},
        headers=headers,
    )
    assert first.status_code == 200, first.text
    session_id = first.json()["dedupeSessionId"]
    # Ids the session returned are excluded anyway: excluding them again costs nothing.
    returned = [item["id"] for item in first.json()["results"]]
    echo = {"dedupeSessionId": session_id, "exclude": {"ids": returned}}
    assert (await client.post(V3_CONTACTS, json=echo, headers=headers)).status_code == 200
    more = {"ids": [f"p{i:03d}-2" for i in range(20)]}
    over = {"dedupeSessionId": session_id, "exclude": more}
    refused = await client.post(V3_CONTACTS, json=over, headers=headers)
    assert refused.status_code == 400
    message = refused.json()["message"]
    assert "at most 30" in message and "without 'dedupeSessionId'" in message


def test_the_bounds_have_their_documented_defaults() -> None:
    defaults = BoundsSettings()
    assert (defaults.max_header_bytes, defaults.max_header_count) == (16_384, 100)
    assert (defaults.header_timeout_seconds, defaults.body_timeout_seconds) == (10, 15)
    assert (defaults.keep_alive_seconds, defaults.max_connections) == (5, 1000)
    assert defaults.max_session_exclusions == 5000


def test_the_bounds_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOKALIKE_BOUNDS__HEADER_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("LOOKALIKE_BOUNDS__MAX_CONNECTIONS", "64")
    bounds = Settings(data_dir=Path("unused")).bounds
    assert (bounds.header_timeout_seconds, bounds.max_connections) == (2.5, 64)
