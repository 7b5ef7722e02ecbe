"""Placeholder for `lookalike serve`."""

from __future__ import annotations


def serve() -> None:
    """Start the API (not yet implemented)."""
    raise SystemExit("not yet implemented")
