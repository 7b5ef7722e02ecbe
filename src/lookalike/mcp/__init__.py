"""A Model Context Protocol server over the lookalike service (``lookalike mcp``).

>>> server = build_server(Connection(api_key, "http://127.0.0.1:8000"))
>>> server.run()  # stdio; or server.run("streamable-http", host=..., port=...)
"""

from lookalike.mcp.server import DEFAULT_BASE_URL, Connection, build_server

__all__ = ["DEFAULT_BASE_URL", "Connection", "build_server"]
