"""NAICS 2022 hierarchy and label matching.  (STUB: being written.)"""

from __future__ import annotations


def naics_title(code: str) -> str | None:
    """The NAICS 2022 title of a 2-6 digit code, or None when unknown."""
    return None


def naics_for_label(label: str) -> str | None:
    """The NAICS code that best matches an industry label such as "Financial services"."""
    return None
