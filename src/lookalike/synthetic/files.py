"""Synthetic import files: a universe at any scale for ``lookalike bench``, small samples for tests.

Companies take real NAICS 2022 industry codes and technologies from O*NET; contacts take real O*NET
job titles (and, at companies in Germany, France and Spain, the shared German, French and Spanish
titles) and composed names. Nobody in these files is a real person. The same arguments give the
same files, byte for byte.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from lookalike.synthetic.vocabulary import (
    FOREIGN_LANGUAGE_BY_COUNTRY,
    FOREIGN_TITLE_SHARE,
    first_names,
    foreign_titles,
    hot_technologies,
    last_names,
    naics_codes,
    onet_titles,
)

CONTACT_HEADER = ("personId", "companyId", "firstName", "lastName", "jobTitle", "country", "city")
COMPANY_HEADER = (
    "companyId", "name", "domain", "naics", "employees", "revenue", "country", "city",
    "foundedYear", "technologies",
)  # fmt: skip
SAMPLE_COMPANY_HEADER = ("companyId", "name", "domain", "naics", "employees", "country", "city")

# (country, share of companies, cities) of the bench universe. Its title language comes from
# FOREIGN_LANGUAGE_BY_COUNTRY; its names are of that language's culture, English elsewhere.
BENCH_COUNTRIES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("United States", 0.55, ("New York", "San Francisco", "Austin", "Chicago", "Boston")),
    ("United Kingdom", 0.10, ("London", "Manchester", "Edinburgh")),
    ("Germany", 0.09, ("Berlin", "Munich", "Hamburg", "Frankfurt")),
    ("France", 0.08, ("Paris", "Lyon", "Toulouse")),
    ("Canada", 0.06, ("Toronto", "Vancouver", "Montreal")),
    ("Japan", 0.05, ("Tokyo", "Osaka")),
    ("Australia", 0.04, ("Sydney", "Melbourne")),
    ("Spain", 0.01, ("Madrid", "Barcelona")),
    ("Netherlands", 0.02, ("Amsterdam", "Rotterdam")),
)
_SAMPLE_COUNTRIES = ("United States", "Germany", "France", "Spain", "United Kingdom", "Japan")
_SAMPLE_NAICS = ("5112", "52", "3254", "541511", "44")
_SAMPLE_CITY = "Springfield"
_PROGRESS_STEP = 100_000

ProgressCallback = Callable[[int], None]
Row = tuple[object, ...]


@dataclass(frozen=True, slots=True)
class SyntheticFiles:
    """The files written for one synthetic universe."""

    companies: Path
    contacts: Path
    n_companies: int
    n_contacts: int


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
    country_of = _write_bench_companies(folder / "companies.csv", n_companies, rng, progress)
    _write_bench_contacts(folder / "contacts.csv", n_contacts, country_of, rng, progress)
    return SyntheticFiles(
        folder / "companies.csv", folder / "contacts.csv", n_companies, n_contacts
    )


def write_companies_csv(path: Path, count: int, seed: int = 1) -> list[str]:
    """Write ``count`` sample companies (ids ``s-<n>``) to a CSV; returns their ids."""
    rng = random.Random(seed)
    ids = [f"s-{number}" for number in range(count)]
    rows = (
        (
            company_id,
            f"Sample Company {company_id}",
            f"{company_id}.example.com",
            rng.choice(_SAMPLE_NAICS),
            rng.randint(5, 50_000),
            rng.choice(_SAMPLE_COUNTRIES),
            _SAMPLE_CITY,
        )
        for company_id in ids
    )
    _write_csv(path, SAMPLE_COMPANY_HEADER, rows)
    return ids


def write_contacts_csv(
    path: Path,
    count: int,
    company_ids: list[str],
    seed: int = 1,
    distinct_titles: int = 5_000,
) -> None:
    """Write ``count`` composed contacts of ``company_ids`` to a CSV (ids ``x-<n>``).

    Titles are drawn from ``distinct_titles`` O*NET titles, so the cost of understanding each
    distinct title once is bounded the way it is in real files with repeated titles.
    """
    rng = random.Random(seed)
    titles = rng.sample([title for _code, title in onet_titles()], distinct_titles)
    firsts, lasts = first_names("en"), last_names("en")
    choice = rng.choice
    rows = (
        (
            f"x-{number}",
            choice(company_ids),
            choice(firsts),
            choice(lasts),
            choice(titles),
            choice(_SAMPLE_COUNTRIES),
            _SAMPLE_CITY,
        )
        for number in range(count)
    )
    _write_csv(path, CONTACT_HEADER, rows)


def _write_csv(path: Path, header: tuple[str, ...], rows: Iterable[Row]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def _reported(rows: Iterable[Row], progress: ProgressCallback | None) -> Iterator[Row]:
    """``rows`` as they are, telling ``progress`` of each 100,000 written and of the rest."""
    count = 0
    for count, row in enumerate(rows, 1):
        yield row
        if progress is not None and count % _PROGRESS_STEP == 0:
            progress(_PROGRESS_STEP)
    if progress is not None:
        progress(count % _PROGRESS_STEP)


def _country_shares() -> NDArray[np.float64]:
    weights = np.array([share for _, share, _ in BENCH_COUNTRIES], dtype=np.float64)
    return np.asarray(weights / weights.sum(), dtype=np.float64)


def _write_bench_companies(
    path: Path, count: int, rng: np.random.Generator, progress: ProgressCallback | None
) -> NDArray[np.int64]:
    """Write the bench companies; returns each company's row in :data:`BENCH_COUNTRIES`."""
    naics = np.array(naics_codes())
    technologies = np.array(hot_technologies())
    countries = rng.choice(len(BENCH_COUNTRIES), size=count, p=_country_shares())
    employees = np.clip(rng.lognormal(4.0, 1.8, size=count).astype(np.int64) + 1, 1, 400_000)
    revenue = employees * rng.integers(80_000, 400_000, size=count)
    founded = rng.integers(1850, 2025, size=count)
    industry = rng.integers(0, len(naics), size=count)
    tech = rng.integers(0, len(technologies), size=(count, 3))
    rows = (
        (
            f"sc-{row}",
            f"Synthetic Company {row}",
            f"sc-{row}.example.com",
            naics[industry[row]],
            int(employees[row]),
            int(revenue[row]),
            *_place(int(countries[row]), row),
            int(founded[row]),
            "|".join(technologies[tech[row]]),
        )
        for row in range(count)
    )
    _write_csv(path, COMPANY_HEADER, _reported(rows, progress))
    return np.asarray(countries, dtype=np.int64)


def _place(country_row: int, row: int) -> tuple[str, str]:
    """(country, city) of the ``row``-th company or contact in a country of the bench universe."""
    country, _share, cities = BENCH_COUNTRIES[country_row]
    return country, cities[row % len(cities)]


def _write_bench_contacts(
    path: Path,
    count: int,
    country_of: NDArray[np.int64],
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
    rows = (
        _bench_contact(
            row,
            int(company[row]),
            int(country_of[company[row]]),
            str(titles[title[row]]),
            bool(foreign[row]),
            pick[row],
        )
        for row in range(count)
    )
    _write_csv(path, CONTACT_HEADER, _reported(rows, progress))


def _bench_contact(
    row: int,
    company_row: int,
    country_row: int,
    title: str,
    foreign: bool,
    pick: NDArray[np.int64],
) -> Row:
    """One bench contact; ``pick`` holds its draws for first name, last name and foreign title."""
    country, city = _place(country_row, row)
    language = FOREIGN_LANGUAGE_BY_COUNTRY.get(country)
    if language is not None and foreign:
        choices = foreign_titles(language)
        title = choices[pick[2] % len(choices)].title
    firsts, lasts = first_names(language or "en"), last_names(language or "en")
    return (
        f"sp-{row}",
        f"sc-{company_row}",
        firsts[pick[0] % len(firsts)],
        lasts[pick[1] % len(lasts)],
        title,
        country,
        city,
    )


def main() -> None:
    """``python -m lookalike.synthetic.files CONTACTS DIR``: write sample companies and contacts."""
    import sys

    count, directory = int(sys.argv[1]), Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    company_ids = write_companies_csv(directory / "companies.csv", max(1, count // 50))
    write_contacts_csv(directory / "contacts.csv", count, company_ids)


if __name__ == "__main__":
    main()
