"""Placeholder for `lookalike eval titles`."""

from __future__ import annotations


def titles() -> None:
    """Title classifier accuracy (not yet implemented)."""
    raise SystemExit("not yet implemented")
