"""Entities, enums and value objects shared by every layer.

Nothing here imports from the rest of the package: api, cli, engine, store and limits all depend on
this module, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from itertools import pairwise


class Seniority(IntEnum):
    """Lusha's seniority ids, most senior highest."""

    OTHER = 1
    INTERN = 2
    ENTRY = 3
    SENIOR = 4
    MANAGER = 5
    DIRECTOR = 6
    PARTNER = 7
    VICE_PRESIDENT = 8
    C_SUITE = 9
    FOUNDER = 10

    @property
    def label(self) -> str:
        """The readable name Lusha uses, e.g. ``"Vice President"``."""
        return _SENIORITY_LABELS[self]

    @classmethod
    def from_label(cls, label: str) -> Seniority:
        """Parse a label (``"Vice President"``) or a numeric id (``"8"``); raises ``ValueError``."""
        text = label.strip()
        if text.isdigit():
            return cls(int(text))
        for member, name in _SENIORITY_LABELS.items():
            if name.lower() == text.lower():
                return member
        raise ValueError(f"Unknown seniority {label!r}. Use one of: {', '.join(SENIORITY_NAMES)}.")


_SENIORITY_LABELS: dict[Seniority, str] = {
    Seniority.OTHER: "Other",
    Seniority.INTERN: "Intern",
    Seniority.ENTRY: "Entry",
    Seniority.SENIOR: "Senior",
    Seniority.MANAGER: "Manager",
    Seniority.DIRECTOR: "Director",
    Seniority.PARTNER: "Partner",
    Seniority.VICE_PRESIDENT: "Vice President",
    Seniority.C_SUITE: "C-Suite",
    Seniority.FOUNDER: "Founder",
}
SENIORITY_NAMES: tuple[str, ...] = tuple(_SENIORITY_LABELS[s] for s in sorted(Seniority))


class Department(StrEnum):
    """Lusha's sixteen departments."""

    BUSINESS_DEVELOPMENT = "Business Development"
    CONSULTING = "Consulting"
    CUSTOMER_SERVICE = "Customer Service"
    ENGINEERING = "Engineering & Technical"
    FINANCE = "Finance"
    GENERAL_MANAGEMENT = "General Management"
    HEALTH_CARE = "Health Care & Medical"
    HUMAN_RESOURCES = "Human Resources"
    INFORMATION_TECHNOLOGY = "Information Technology"
    LEGAL = "Legal"
    MARKETING = "Marketing"
    OPERATIONS = "Operations"
    OTHER = "Other"
    PRODUCT = "Product"
    RESEARCH = "Research & Analytics"
    SALES = "Sales"

    @classmethod
    def from_label(cls, label: str) -> Department:
        """Parse a department name case-insensitively; raises ``ValueError`` naming the choices."""
        for member in cls:
            if member.value.lower() == label.strip().lower():
                return member
        names = ", ".join(m.value for m in cls)
        raise ValueError(f"Unknown department {label!r}. Use one of: {names}.")


@dataclass(frozen=True, slots=True)
class SizeBand:
    """A company size band in employees, inclusive; ``maximum`` is None for the open top band."""

    minimum: int
    maximum: int | None

    @property
    def label(self) -> str:
        return f"{self.minimum}+" if self.maximum is None else f"{self.minimum}-{self.maximum}"

    def contains(self, employees: int) -> bool:
        return employees >= self.minimum and (self.maximum is None or employees <= self.maximum)


SIZE_BANDS: tuple[SizeBand, ...] = (
    SizeBand(1, 10),
    SizeBand(11, 50),
    SizeBand(51, 200),
    SizeBand(201, 500),
    SizeBand(501, 1000),
    SizeBand(1001, 5000),
    SizeBand(5001, 10000),
    SizeBand(10001, None),
)

REVENUE_BREAKPOINTS: tuple[int, ...] = (
    1,
    1_000_000,
    5_000_000,
    10_000_000,
    50_000_000,
    100_000_000,
    250_000_000,
    500_000_000,
    1_000_000_000,
    10_000_000_000,
)


def size_band_or_none(employees: int | None) -> SizeBand | None:
    """The Lusha size band holding ``employees``, or None when the headcount is unknown."""
    if employees is None or employees < 1:
        return None
    return next(band for band in SIZE_BANDS if band.contains(employees))


def revenue_range_or_none(revenue: int | None) -> tuple[int, int | None] | None:
    """The revenue range (between Lusha's breakpoints) holding ``revenue`` in USD."""
    if revenue is None or revenue < 1:
        return None
    for low, high in pairwise(REVENUE_BREAKPOINTS):
        if low <= revenue < high:
            return (low, high)
    return (REVENUE_BREAKPOINTS[-1], None)


class EntityKind(StrEnum):
    """What a recommendation request is about."""

    CONTACTS = "contacts"
    COMPANIES = "companies"


@dataclass(frozen=True, slots=True)
class Company:
    """A company of the operator's universe."""

    company_id: str
    name: str
    domain: str | None = None
    description: str | None = None
    industry: str | None = None
    naics: str | None = None
    employees: int | None = None
    employees_estimated: bool = False
    revenue: int | None = None
    country: str | None = None
    state: str | None = None
    city: str | None = None
    founded_year: int | None = None
    technologies: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Contact:
    """A person at a company. ``composed`` marks demo people who are not real."""

    person_id: str
    company_id: str
    job_title: str
    first_name: str | None = None
    last_name: str | None = None
    country: str | None = None
    state: str | None = None
    city: str | None = None
    seniority: Seniority = Seniority.OTHER
    departments: tuple[Department, ...] = ()
    composed: bool = False

    @property
    def name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


@dataclass(frozen=True, slots=True)
class Range:
    """An inclusive numeric range from a request filter; None means unbounded on that side."""

    minimum: int | None = None
    maximum: int | None = None

    def contains(self, value: int | None) -> bool:
        if value is None:
            return False
        return (self.minimum is None or value >= self.minimum) and (
            self.maximum is None or value <= self.maximum
        )


@dataclass(frozen=True, slots=True)
class Filters:
    """Request filters (DESIGN section 1); empty tuples mean "no constraint"."""

    countries: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    sizes: tuple[Range, ...] = ()
    revenues: tuple[Range, ...] = ()
    seniority: tuple[int, ...] = ()
    departments: tuple[str, ...] = ()
    company_ids: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.countries,
                self.industries,
                self.sizes,
                self.revenues,
                self.seniority,
                self.departments,
                self.company_ids,
            )
        )


@dataclass(frozen=True, slots=True)
class RecommendationQuery:
    """What the engine is asked: resolved seed ids, ids not to return, filters and a page size."""

    kind: EntityKind
    seed_ids: tuple[str, ...]
    exclude_ids: frozenset[str] = frozenset()
    filters: Filters = field(default_factory=Filters)
    limit: int = 25
    # The recommendation session asking ("" for none): the engine may keep the candidates it
    # scored for the session's next pages (lookalike.engine.page_cache).
    session_key: str = ""


@dataclass(frozen=True, slots=True)
class Reason:
    """A trait that drove a score: its type (``"seniority"``), value and how many seeds share it."""

    type: str
    value: str
    seeds: int


@dataclass(frozen=True, slots=True)
class Recommendation:
    """One engine result: an entity id with its score in [0, 1], reasons and nearest seed id."""

    entity_id: str
    score: float
    reasons: tuple[Reason, ...]
    nearest_seed: str


@dataclass(frozen=True, slots=True)
class RecommendationPage:
    """A page of engine results; ``has_more`` is False once the matching universe is exhausted.

    ``unindexed_seeds`` are seed ids the index does not hold (imported after it was built).
    """

    items: tuple[Recommendation, ...]
    has_more: bool
    unindexed_seeds: tuple[str, ...] = ()
