"""Reliability tests: faults, outages and hostile clients, bounded loops against 127.0.0.1.

They reuse the API tests' helpers (``api_universe``: the small universe, keys, in-process and
live servers); each module builds the fixtures it needs from them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "api"))


@pytest.fixture
def anyio_backend() -> str:
    """Async tests run on asyncio."""
    return "asyncio"
