"""Starting ``lookalike mcp`` as a subprocess for the tests: its command line and its port."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from mcp.client import ClientSession

# Every MCP call of a test finishes well within this (the server answers from a small universe).
CALL_TIMEOUT = 30.0
SessionFactory = Callable[[str], AbstractAsyncContextManager[ClientSession]]


def mcp_command(*args: str) -> list[str]:
    """``lookalike mcp`` with ``args``, run by this interpreter."""
    return [sys.executable, "-m", "lookalike.cli.main", "mcp", *args]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes], seconds: float = 30.0) -> None:
    """Return once something accepts connections on ``port``; fail if ``process`` exits."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"lookalike mcp --http exited with {process.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"lookalike mcp --http did not listen on {port} in {seconds} s")
