"""Synthetic import files at any scale, composed from the same real vocabularies as the demo.

Companies take real NAICS 2022 industry codes and technologies from O*NET; contacts take real O*NET
job titles (and the demo's German, French and Spanish titles at companies in those countries) and
composed names. Nobody in these files is a real person. The same arguments give the same files.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from lookalike.ingest.vocabulary import (
    DATA_DIR,
    first_names,
    foreign_titles,
    last_names,
    onet_titles,
)

COMPANY_HEADER = (
    "companyId", "name", "domain", "naics", "employees", "revenue", "country", "city",
    "foundedYear", "technologies",
)  # fmt: skip
CONTACT_HEADER = ("personId", "companyId", "firstName", "lastName", "jobTitle", "country", "city")

# (country, share of companies, language of a share of its titles, name culture, cities)
COUNTRIES: tuple[tuple[str, float, str | None, str, tuple[str, ...]], ...] = (
    (
        "United States",
        0.55,
        None,
        "en",
        ("New York", "San Francisco", "Austin", "Chicago", "Boston"),
    ),
    ("United Kingdom", 0.10, None, "en", ("London", "Manchester", "Edinburgh")),
    ("Germany", 0.09, "de", "de", ("Berlin", "Munich", "Hamburg", "Frankfurt")),
    ("France", 0.08, "fr", "fr", ("Paris", "Lyon", "Toulouse")),
    ("Canada", 0.06, None, "en", ("Toronto", "Vancouver", "Montreal")),
    ("Japan", 0.05, None, "en", ("Tokyo", "Osaka")),
    ("Australia", 0.04, None, "en", ("Sydney", "Melbourne")),
    ("Spain", 0.01, "es", "es", ("Madrid", "Barcelona")),
    ("Netherlands", 0.02, None, "en", ("Amsterdam", "Rotterdam")),
)
FOREIGN_TITLE_SHARE = 0.35
ProgressCallback = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class SyntheticFiles:
    """The files written for one synthetic universe."""

    companies: Path
    contacts: Path
    n_companies: int
    n_contacts: int


@cache
def _naics_codes() -> tuple[str, ...]:
    with (DATA_DIR / "naics" / "naics_2022_codes.csv").open(encoding="utf-8") as handle:
        return tuple(row["code"] for row in csv.DictReader(handle) if len(row["code"]) == 6)


@cache
def _technologies() -> tuple[str, ...]:
    with (DATA_DIR / "onet" / "Technology Skills.txt").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        hot = {row["Example"] for row in rows if row["Hot Technology"] == "Y"}
    return tuple(sorted(hot))


def write_universe(
    folder: Path,
    n_companies: int,
    n_contacts: int,
    seed: int = 7,
    progress: ProgressCallback | None = None,
) -> SyntheticFiles:
    """Write ``companies.csv`` and ``contacts.csv`` into ``folder``; report rows to ``progress``."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    country_of = _write_companies(folder / "companies.csv", n_companies, rng, progress)
    _write_contacts(folder / "contacts.csv", n_contacts, country_of, rng, progress)
    return SyntheticFiles(
        folder / "companies.csv", folder / "contacts.csv", n_companies, n_contacts
    )


def _country_weights() -> NDArray[np.float64]:
    weights = np.array([share for _, share, *_ in COUNTRIES], dtype=np.float64)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _write_companies(
    path: Path, count: int, rng: np.random.Generator, progress: ProgressCallback | None
) -> np.ndarray:
    naics = np.array(_naics_codes())
    technologies = np.array(_technologies())
    countries = rng.choice(len(COUNTRIES), size=count, p=_country_weights())
    employees = np.clip(rng.lognormal(4.0, 1.8, size=count).astype(np.int64) + 1, 1, 400_000)
    revenue = employees * rng.integers(80_000, 400_000, size=count)
    founded = rng.integers(1850, 2025, size=count)
    industry = rng.integers(0, len(naics), size=count)
    tech = rng.integers(0, len(technologies), size=(count, 3))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMPANY_HEADER)
        for row in range(count):
            country, _, _, _, cities = COUNTRIES[countries[row]]
            writer.writerow(
                (
                    f"sc-{row}",
                    f"Synthetic Company {row}",
                    f"sc-{row}.example.com",
                    naics[industry[row]],
                    int(employees[row]),
                    int(revenue[row]),
                    country,
                    cities[row % len(cities)],
                    int(founded[row]),
                    "|".join(technologies[tech[row]]),
                )
            )
            if progress is not None and row % 100_000 == 99_999:
                progress(100_000)
    if progress is not None:
        progress(count % 100_000)
    return np.asarray(countries, dtype=np.int64)


def _write_contacts(
    path: Path,
    count: int,
    country_of: np.ndarray,
    rng: np.random.Generator,
    progress: ProgressCallback | None,
) -> None:
    titles = np.array([title for _code, title in onet_titles()])
    # Bigger companies employ more people: draw each contact's company with weight by size rank.
    weights = rng.pareto(1.2, size=len(country_of)) + 1
    company = rng.choice(len(country_of), size=count, p=weights / weights.sum())
    title = rng.integers(0, len(titles), size=count)
    foreign = rng.random(size=count) < FOREIGN_TITLE_SHARE
    pick = rng.integers(0, 1 << 30, size=(count, 3))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CONTACT_HEADER)
        for row in range(count):
            company_row = int(company[row])
            country, _, language, culture, cities = COUNTRIES[country_of[company_row]]
            job_title = str(titles[title[row]])
            if language is not None and foreign[row]:
                choices = foreign_titles(language)
                job_title = choices[pick[row, 2] % len(choices)].title
            firsts, lasts = first_names(culture), last_names(culture)
            writer.writerow(
                (
                    f"sp-{row}",
                    f"sc-{company_row}",
                    firsts[pick[row, 0] % len(firsts)],
                    lasts[pick[row, 1] % len(lasts)],
                    job_title,
                    country,
                    cities[row % len(cities)],
                )
            )
            if progress is not None and row % 100_000 == 99_999:
                progress(100_000)
    if progress is not None:
        progress(count % 100_000)
