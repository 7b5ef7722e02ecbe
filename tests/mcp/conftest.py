"""Fixtures of the MCP tests: the API's small universe served on 127.0.0.1, keys, and
``lookalike mcp`` started as a subprocess and reached through the SDK's own client.

They reuse the API tests' helpers (``api_universe``), as the reliability tests do.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest
from fastapi import FastAPI
from mcp.client import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))

from api_universe import PLANS, KeyFactory, Universe, build_universe, key_factory, live_server
from mcp_processes import CALL_TIMEOUT, SessionFactory, free_port, mcp_command, wait_for_port

from lookalike.api.app import create_app
from lookalike.settings import Settings


@pytest.fixture(scope="session")
def universe(tmp_path_factory: pytest.TempPathFactory) -> Universe:
    """The API tests' universe on a SQLite file, with its exact index."""
    data_dir = tmp_path_factory.mktemp("mcp-universe")
    return build_universe(
        Settings(data_dir=data_dir, plans=PLANS, index={"kind": "exact"}), "sqlite"
    )


@pytest.fixture
def app(universe: Universe) -> Iterator[FastAPI]:
    """The real app over the universe."""
    app = create_app(universe.settings)
    yield app
    app.state.services.store.dispose()


@pytest.fixture
def base_url(app: FastAPI) -> Iterator[str]:
    """The app served by uvicorn on a free 127.0.0.1 port."""
    with live_server(app) as url:
        yield url


@pytest.fixture
def new_key(app: FastAPI) -> KeyFactory:
    """``new_key(credits=1000, plan="basic")`` -> the plain key of a fresh account."""
    return key_factory(app)


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"


@pytest.fixture
def stdio_session(base_url: str, tmp_path: Path) -> SessionFactory:
    """``stdio_session(key)``: an initialised SDK client session with ``lookalike mcp`` over stdio
    (its stderr goes to ``mcp-stderr.log`` in the test's directory)."""

    @asynccontextmanager
    async def connect(key: str) -> AsyncIterator[ClientSession]:
        command, *args = mcp_command("--api-key", key, "--base-url", base_url)
        server = StdioServerParameters(command=command, args=args, cwd=tmp_path)
        with (tmp_path / "mcp-stderr.log").open("w") as errlog:
            async with (
                stdio_client(server, errlog=errlog) as (read, write),
                ClientSession(read, write, read_timeout_seconds=CALL_TIMEOUT) as session,
            ):
                await session.initialize()
                yield session

    return connect


@pytest.fixture
def http_session(base_url: str, tmp_path: Path) -> SessionFactory:
    """``http_session(key)``: an SDK client session with ``lookalike mcp --http`` on a free port."""

    @asynccontextmanager
    async def connect(key: str) -> AsyncIterator[ClientSession]:
        port = free_port()
        args = ("--api-key", key, "--base-url", base_url, "--http", "--port", str(port))
        with (tmp_path / "mcp-stderr.log").open("w") as errlog:
            process = subprocess.Popen(mcp_command(*args), cwd=tmp_path, stderr=errlog)
        try:
            wait_for_port(port, process)
            async with (
                streamable_http_client(f"http://127.0.0.1:{port}/mcp") as (read, write),
                ClientSession(read, write, read_timeout_seconds=CALL_TIMEOUT) as session,
            ):
                await session.initialize()
                yield session
        finally:
            process.terminate()
            process.wait(timeout=10)

    return connect
