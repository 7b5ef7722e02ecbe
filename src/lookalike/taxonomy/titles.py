"""Job title understanding: raw title -> departments and seniority.  (STUB: being written.)"""

from __future__ import annotations

from dataclasses import dataclass

from lookalike.domain import Department, Seniority


@dataclass(frozen=True, slots=True)
class TitleClass:
    """What a title says: one or more departments and a seniority."""

    departments: tuple[Department, ...]
    seniority: Seniority


def classify_title(title: str) -> TitleClass:
    """Departments and seniority implied by a raw job title in any supported language."""
    return TitleClass(departments=(Department.OTHER,), seniority=Seniority.OTHER)
