"""Placeholder for `lookalike eval recommendations`."""

from __future__ import annotations


def recommendations() -> None:
    """Recommendation quality (not yet implemented)."""
    raise SystemExit("not yet implemented")
