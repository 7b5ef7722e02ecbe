"""``lookalike mcp``: a Model Context Protocol server whose tools call the lookalike service."""

from __future__ import annotations

from typing import Annotated

import typer

from lookalike.errors import OperatorError

# The MCP SDK takes a second to import: only `lookalike mcp` pays for it.
DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def mcp(
    api_key: Annotated[
        str | None,
        typer.Option(
            "--api-key",
            envvar="LOOKALIKE_API_KEY",
            help="API key the tools call the service with [env: LOOKALIKE_API_KEY].",
            show_default=False,
            show_envvar=False,
        ),
    ] = None,
    base_url: Annotated[
        str,
        typer.Option(
            "--base-url",
            envvar="LOOKALIKE_BASE_URL",
            help="Where the lookalike service runs [env: LOOKALIKE_BASE_URL].",
            show_envvar=False,
        ),
    ] = DEFAULT_BASE_URL,
    http: Annotated[
        bool,
        typer.Option("--http", help="Serve streamable HTTP (at /mcp) instead of stdio."),
    ] = False,
    host: Annotated[str, typer.Option("--host", help="Address to bind with --http.")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", help="Port to bind with --http.")] = 8765,
) -> None:
    """Run an MCP server (stdio by default) with tools for lookalike contacts and companies,
    entity search, next pages and usage; each tool calls the service with the key."""
    if not api_key:
        raise OperatorError("No API key: pass --api-key KEY or set LOOKALIKE_API_KEY.")
    from lookalike.mcp import Connection, build_server

    server = build_server(Connection(api_key, base_url.rstrip("/")))
    if http:
        server.run("streamable-http", host=host, port=port)
    else:
        server.run()
