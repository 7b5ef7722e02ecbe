"""The companies of the demo universe: real listed companies and real US H-1B employers.

* ``data/wikipedia/companies.csv``: 1,877 index listings (1,837 companies; one listed on several
  indices is merged) with domain, industry (mapped to NAICS), employees, revenue (to USD),
  headquarters, founding year and products. Ids ``wk-<slug>``.
* ``data/uscis/h1b_datahubexport-2022.csv``: about 60,000 rows of US employers; rows of one employer
  are merged, names title-cased, size estimated from H-1B approvals (``employees_estimated``).
  Ids ``h1b-<n>`` in order of the normalised name, so they are stable for the same data.
"""

from __future__ import annotations

import csv
import hashlib
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from lookalike.ingest.fields import FieldError, domain_or_none
from lookalike.ingest.money import parse_revenue_usd
from lookalike.taxonomy._data import data_path
from lookalike.taxonomy.geography import US_STATES, normalize_country, us_state_name
from lookalike.taxonomy.industries import naics_title
from lookalike.taxonomy.naics_inference import infer_naics
from lookalike.text_model import text_model

MAX_EMPLOYEES = 2_500_000  # more than the largest employer in the data: bigger values are misparses
_STATE_BY_NAME = {name.lower(): name for name in US_STATES.values()}


@dataclass(frozen=True, slots=True)
class DemoCompany:
    """A demo company: its store row fields plus what contact composition needs."""

    company_id: str
    name: str
    domain: str | None
    description: str | None
    industry: str | None
    naics: str | None
    employees: int | None
    employees_estimated: bool
    revenue: int | None
    country: str | None
    state: str | None
    city: str | None
    founded_year: int | None
    keywords: tuple[str, ...]

    def row(self) -> tuple[object, ...]:
        """The ``companies`` row tuple in :data:`lookalike.store.bulk.COMPANY_COLUMNS` order."""
        return (
            self.company_id,
            self.name,
            self.domain,
            self.description,
            self.industry,
            self.naics,
            self.employees,
            self.employees_estimated,
            self.revenue,
            self.country,
            self.state,
            self.city,
            self.founded_year,
            "",
            "|".join(self.keywords),
            None,  # linkedin_url: neither source has one
        )


@cache
def demo_companies() -> tuple[DemoCompany, ...]:
    """Every demo company, listed companies first, in a fixed order."""
    return (*wikipedia_companies(), *h1b_employers())


def wikipedia_companies() -> list[DemoCompany]:
    """The listed companies of the Wikipedia table, one per company name."""
    by_id: dict[str, DemoCompany] = {}
    path = data_path("wikipedia", "companies.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            company = _wikipedia_company(record)
            by_id.setdefault(company.company_id, company)
    return list(by_id.values())


def _wikipedia_company(record: dict[str, str]) -> DemoCompany:
    labels = tuple(label.strip() for label in record["industries"].split("|") if label.strip())
    industry, naics = _best_industry(labels, record["products"])
    country, state, city = _headquarters(record["country"], record["headquarters"])
    products = record["products"].strip()
    return DemoCompany(
        company_id=f"wk-{slug(record['name'])}",
        name=record["name"].strip(),
        domain=_domain(record["website"]),
        description=products[:500] or None,
        industry=industry,
        naics=naics,
        employees=_employees(record),
        employees_estimated=False,
        revenue=parse_revenue_usd(record["revenue"]),
        country=country,
        state=state,
        city=city,
        founded_year=_whole(record["founded_year"], 1500, 2026),
        keywords=labels[:8],
    )


_GROUPED = re.compile(r"\d{1,3}(?:[ .,\u00a0\u202f]\d{3})+(?!\d)")
_PLAIN = re.compile(r"\d+")
_MILLIONS = re.compile(r"(\d+(?:\.\d+)?)\s*million")


def _employees(record: dict[str, str]) -> int | None:
    # Both readings under-count, never over-count (a lost digit group, a typo): keep the larger.
    readings = [
        value
        for value in (
            parse_employees(record["employees"]),
            _whole(record["employees_n"], 1, MAX_EMPLOYEES),
        )
        if value is not None
    ]
    return max(readings) if readings else None


def parse_employees(text: str) -> int | None:
    """Headcount from an infobox text: "23,299 (2024)", "9 000", "14.046", "Over 1 million".

    The table's own ``employees_n`` misreads European digit grouping ("8.914" as 8), so the text
    is parsed again here; dots, commas and spaces between groups of three digits are separators.
    """
    head = text.split("(")[0].lower()
    millions = _MILLIONS.search(head)
    if millions is not None:
        return round(float(millions.group(1)) * 1_000_000)
    match = _GROUPED.search(head) or _PLAIN.search(head)
    if match is None:
        return None
    value = int(re.sub(r"\D", "", match.group(0)))
    return value if 1 <= value <= MAX_EMPLOYEES else None


def slug(text: str) -> str:
    """A lower-case ASCII slug for ids ("Société Générale" -> "societe-generale")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or _digest(text)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def _best_industry(labels: tuple[str, ...], products: str) -> tuple[str | None, str | None]:
    """The first industry label, and the NAICS code read from all labels and the products.

    Matching single labels by their wording ("Enterprise software Business software ...") picks
    codes such as electronics retailing; the sentence model reads the whole text instead.
    """
    text = ". ".join([*labels, products.strip()])
    code = infer_naics(text_model().embed([text]))[0] if text.strip(". ") else None
    return (labels[0] if labels else None), code


def _domain(website: str) -> str | None:
    first = website.strip().split(" ")[0]
    try:
        return domain_or_none(first)
    except FieldError:
        return None


def _whole(text: str, minimum: int, maximum: int) -> int | None:
    try:
        value = int(float(text))
    except ValueError:
        return None
    return value if minimum <= value <= maximum else None


def _headquarters(country_text: str, hq: str) -> tuple[str | None, str | None, str | None]:
    """(country, state, city) from the country column and an HQ text such as "Walldorf,
    Baden-Württemberg, Germany" or "Regions Center, Birmingham, Alabama U.S."."""
    parts = [part.strip(" .") for part in re.split(r"[,;]", hq) if part.strip(" .")]
    country = normalize_country(country_text) if country_text else None
    state = _state_of(country_text)
    city: str | None = None
    for position, part in enumerate(parts):
        part_state = _state_of(part)
        part_country = None if part_state else normalize_country(part)
        if city is None and position > 0 and part_state:
            city = parts[position - 1]
        elif city is None and position > 0 and part_country:
            city = next((p for p in parts[:position] if not any(c.isdigit() for c in p)), None)
        state = state or part_state
        country = country or part_country
    if city is None and len(parts) == 1 and not (state or normalize_country(parts[0])):
        city = parts[0]
    if country is None and state is not None:
        country = "United States"
    return country, state, _clean_city(city)


def _state_of(text: str) -> str | None:
    words = re.sub(r"\b(U\.?S\.?A?\.?|United States)\b", "", text).strip(" ,.").lower()
    last = words.split(",")[-1].strip()
    return _STATE_BY_NAME.get(last)


def _clean_city(city: str | None) -> str | None:
    if city is None or any(char.isdigit() for char in city):
        return None
    return city[:200]


# ---- H-1B employers ---------------------------------------------------------------------------

_KEEP_UPPER = {"LLC", "LLP", "LP", "PC", "PLLC", "USA", "US", "IT", "IBM", "CPA", "MD", "NA", "II"}
_SUFFIX_CASE = {"INC": "Inc", "CORP": "Corp", "CO": "Co", "LTD": "Ltd", "DBA": "dba"}


def title_case(name: str) -> str:
    """Readable capitalisation of an upper-case employer name ("ACME IT LLC" -> "Acme IT LLC")."""
    words = []
    for word in name.split():
        bare = word.strip(".,")
        if bare in _KEEP_UPPER or (len(bare) <= 3 and not re.search(r"[AEIOUY]", bare)):
            words.append(word)
        elif bare in _SUFFIX_CASE:
            words.append(word.replace(bare, _SUFFIX_CASE[bare]))
        else:
            words.append("-".join(part.capitalize() for part in word.lower().split("-")))
    return " ".join(words)


@dataclass(slots=True)
class _Employer:
    name: str
    approvals: int
    best_row_approvals: int
    naics: str | None
    state: str | None
    city: str | None


def h1b_employers() -> list[DemoCompany]:
    """The H-1B employers, rows of one employer merged, in order of their normalised name."""
    employers: dict[str, _Employer] = {}
    for key, employer in _h1b_rows():
        known = employers.get(key)
        if known is None:
            employers[key] = employer
            continue
        known.approvals += employer.approvals
        if employer.best_row_approvals > known.best_row_approvals:
            known.best_row_approvals = employer.best_row_approvals
            known.naics, known.state, known.city = employer.naics, employer.state, employer.city
    return [_h1b_company(number, employers[key]) for number, key in enumerate(sorted(employers), 1)]


def _h1b_rows() -> Iterator[tuple[str, _Employer]]:
    path = data_path("uscis", "h1b_datahubexport-2022.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            raw_name = " ".join(record["Employer"].split())
            key = re.sub(r"[^A-Z0-9&]+", " ", raw_name.upper()).strip()
            if not key:
                continue
            approvals = int(record["Initial Approvals"] or 0) + int(
                record["Continuing Approvals"] or 0
            )
            sector = record["NAICS"].strip()
            yield (
                key,
                _Employer(
                    name=title_case(raw_name),
                    approvals=approvals,
                    best_row_approvals=approvals,
                    naics=sector if sector.isdigit() and sector != "99" else None,
                    state=us_state_name(record["State"]) if record["State"] else None,
                    city=title_case(record["City"]) if record["City"] else None,
                ),
            )


def estimated_employees(approvals: int, name: str) -> int:
    """A headcount guess from yearly H-1B approvals: roughly 25 x approvals^0.9, with a stable
    per-employer spread (x0.6 to x1.6) so equal counts do not give identical sizes."""
    spread: float = 0.6 + int(_digest(name)[:4], 16) / 0xFFFF
    guess = 25.0 * math.pow(approvals + 1, 0.9) * spread
    return max(2, min(MAX_EMPLOYEES, round(guess)))


def _h1b_company(number: int, employer: _Employer) -> DemoCompany:
    return DemoCompany(
        company_id=f"h1b-{number}",
        name=employer.name[:200],
        domain=None,
        description=None,
        industry=naics_title(employer.naics) if employer.naics else None,
        naics=employer.naics,
        employees=estimated_employees(employer.approvals, employer.name),
        employees_estimated=True,
        revenue=None,
        country="United States",
        state=employer.state,
        city=employer.city,
        founded_year=None,
        keywords=(),
    )
