"""Write large sample import files (for measuring import speed and for tests).

The rows are composed from the demo vocabularies: O*NET job titles and composed names. They are
not real people.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from lookalike.ingest.vocabulary import first_names, last_names, onet_titles

CONTACT_HEADER = ("personId", "companyId", "firstName", "lastName", "jobTitle", "country", "city")
COMPANY_HEADER = ("companyId", "name", "domain", "naics", "employees", "country", "city")
_COUNTRIES = ("United States", "Germany", "France", "Spain", "United Kingdom", "Japan")


def write_companies_csv(path: Path, count: int, seed: int = 1) -> list[str]:
    """Write ``count`` sample companies to a CSV; returns their ids."""
    rng = random.Random(seed)
    ids = [f"s-{number}" for number in range(count)]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COMPANY_HEADER)
        for company_id in ids:
            writer.writerow(
                (
                    company_id,
                    f"Sample Company {company_id}",
                    f"{company_id}.example.com",
                    rng.choice(("5112", "52", "3254", "541511", "44")),
                    rng.randint(5, 50_000),
                    rng.choice(_COUNTRIES),
                    "Springfield",
                )
            )
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
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CONTACT_HEADER)
        choice = rng.choice
        for number in range(count):
            writer.writerow(
                (
                    f"x-{number}",
                    choice(company_ids),
                    choice(firsts),
                    choice(lasts),
                    choice(titles),
                    choice(_COUNTRIES),
                    "Springfield",
                )
            )


def main() -> None:
    """``python -m lookalike.ingest.samples CONTACTS DIR``: write companies.csv and contacts.csv."""
    import sys

    count, directory = int(sys.argv[1]), Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    company_ids = write_companies_csv(directory / "companies.csv", max(1, count // 50))
    write_contacts_csv(directory / "contacts.csv", count, company_ids)


if __name__ == "__main__":
    main()
