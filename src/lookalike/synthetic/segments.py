"""A small synthetic universe of known segments, for engine tests and evaluation without the demo.

Companies fall into industry segments (NAICS code, size band, technologies, description words);
contacts hold roles (title variants, department, seniority). Rows use the store's column names, so
they go through ``store.entities.upsert_*`` like an import would.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from lookalike.domain import Department, Seniority
from lookalike.store import entities


@dataclass(frozen=True)
class Segment:
    """A kind of company: NAICS code, label, employee range, typical technologies and words."""

    naics: str
    label: str
    employees: tuple[int, int]
    technologies: tuple[str, ...]
    words: str


@dataclass(frozen=True)
class Role:
    """A kind of job: title variants, one department and a seniority."""

    titles: tuple[str, ...]
    department: Department
    seniority: Seniority


SEGMENTS = (
    Segment(
        "511210",
        "Software",
        (51, 200),
        ("Python", "AWS", "Kubernetes"),
        "software platform cloud saas",
    ),
    Segment(
        "522110",
        "Banking",
        (1001, 5000),
        ("Oracle", "SAP", "Mainframe"),
        "bank loans deposits credit",
    ),
    Segment(
        "622110", "Hospitals", (501, 1000), ("Epic", "Cerner"), "hospital patients care clinical"
    ),
    Segment(
        "336111",
        "Automobile manufacturing",
        (5001, 10000),
        ("SAP", "Siemens PLM"),
        "cars vehicles factory",
    ),
    Segment(
        "541611",
        "Management consulting",
        (11, 50),
        ("Salesforce", "Tableau"),
        "advisory strategy consulting",
    ),
    Segment(
        "445110", "Grocery stores", (201, 500), ("NCR", "Shopify"), "grocery food retail stores"
    ),
    Segment("481111", "Airlines", (1001, 5000), ("Sabre", "Amadeus"), "airline flights passengers"),
    Segment(
        "325412", "Pharmaceuticals", (501, 1000), ("Veeva", "SAP"), "drugs pharmaceutical research"
    ),
)

ROLES = (
    Role(
        ("VP Sales", "Vice President of Sales", "VP, Sales"),
        Department.SALES,
        Seniority.VICE_PRESIDENT,
    ),
    Role(("Chief Financial Officer", "CFO"), Department.FINANCE, Seniority.C_SUITE),
    Role(
        ("Software Engineer", "Backend Developer", "Software Developer"),
        Department.ENGINEERING,
        Seniority.ENTRY,
    ),
    Role(("Marketing Manager", "Manager, Marketing"), Department.MARKETING, Seniority.MANAGER),
    Role(
        ("HR Director", "Director of Human Resources"),
        Department.HUMAN_RESOURCES,
        Seniority.DIRECTOR,
    ),
    Role(("Account Executive", "Sales Representative"), Department.SALES, Seniority.ENTRY),
    Role(("Registered Nurse", "Staff Nurse"), Department.HEALTH_CARE, Seniority.ENTRY),
    Role(
        ("IT Manager", "Manager of Information Technology"),
        Department.INFORMATION_TECHNOLOGY,
        Seniority.MANAGER,
    ),
    Role(("Senior Accountant", "Sr. Accountant"), Department.FINANCE, Seniority.SENIOR),
    Role(("Chief Executive Officer", "CEO"), Department.GENERAL_MANAGEMENT, Seniority.C_SUITE),
)

COUNTRY_WEIGHTS = (
    ("United States", 0.55),
    ("United Kingdom", 0.15),
    ("Germany", 0.15),
    ("France", 0.1),
    ("Israel", 0.05),
)
_STATE_CODES = ("CA", "NY", "TX", "WA", "MA")
COMMON_TECH = "Google Analytics"  # nearly every company: says little


def company_rows(count: int, rng: random.Random) -> list[dict[str, Any]]:
    """``count`` company rows; segment of company i is ``SEGMENTS[i % len(SEGMENTS)]``."""
    rows = []
    for number in range(count):
        segment = SEGMENTS[number % len(SEGMENTS)]
        country = rng.choices([c for c, _ in COUNTRY_WEIGHTS], [w for _, w in COUNTRY_WEIGHTS])[0]
        rows.append(
            {
                "company_id": f"c{number:06d}",
                "name": f"{segment.label} Company {number}",
                "domain": f"company{number}.example",
                "description": f"{segment.label} {segment.words}",
                "industry": segment.label,
                "naics": segment.naics,
                "employees": rng.randint(*segment.employees),
                "employees_estimated": False,
                "revenue": rng.randint(1, 9) * 10 ** rng.randint(6, 9),
                "country": country,
                "state": rng.choice(_STATE_CODES) if country == "United States" else None,
                "city": None,
                "founded_year": rng.randint(1950, 2020),
                "technologies": "|".join((*rng.sample(segment.technologies, 2), COMMON_TECH)),
                "keywords": "|".join(segment.words.split()[:2]),
            }
        )
    return rows


def contact_rows(
    companies: list[dict[str, Any]], per_company: int, rng: random.Random
) -> list[dict[str, Any]]:
    """``per_company`` contacts at each company, roles drawn at random."""
    rows: list[dict[str, Any]] = []
    for company in companies:
        for _ in range(per_company):
            role = rng.choice(ROLES)
            rows.append(
                {
                    "person_id": f"p{len(rows):07d}",
                    "company_id": company["company_id"],
                    "first_name": "Sam",
                    "last_name": f"Person{len(rows)}",
                    "job_title": rng.choice(role.titles),
                    "country": company["country"],
                    "state": company["state"],
                    "city": None,
                    "seniority": int(role.seniority),
                    "departments": role.department.value,
                    "composed": True,
                }
            )
    return rows


def build_synthetic_universe(
    engine: sa.Engine, companies: int = 400, contacts_per_company: int = 8, seed: int = 7
) -> tuple[int, int]:
    """Fill the store with a synthetic universe and bump its version; returns the row counts."""
    rng = random.Random(seed)
    company_data = company_rows(companies, rng)
    contact_data = contact_rows(company_data, contacts_per_company, rng)
    with engine.begin() as conn:
        entities.upsert_companies(conn, company_data)
        entities.upsert_contacts(conn, contact_data)
        entities.bump_universe_version(conn)
    return len(company_data), len(contact_data)
