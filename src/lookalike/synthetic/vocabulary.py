"""The shared vocabulary every synthetic universe is composed from (read once, cached).

Reference files committed to the package (``data/onet``, ``data/naics``, ``data/demo``; nothing
downloads) and the in-code tables of which countries get titles in another language. The demo
contacts and the bench files both read these same objects.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache

from lookalike.domain import Department, Seniority
from lookalike.taxonomy._data import data_path

# Countries whose companies get a share of their titles in that language ("de", "fr", "es").
FOREIGN_LANGUAGE_BY_COUNTRY: dict[str, str] = {
    "Germany": "de",
    "Austria": "de",
    "Switzerland": "de",
    "France": "fr",
    "Belgium": "fr",
    "Luxembourg": "fr",
    "Spain": "es",
    "Mexico": "es",
    "Argentina": "es",
    "Chile": "es",
    "Colombia": "es",
    "Peru": "es",
}
FOREIGN_TITLE_SHARE = 0.35
"""Share of the titles in the country's language at the companies of those countries."""

NAME_CULTURE_BY_COUNTRY: dict[str, str] = {
    **FOREIGN_LANGUAGE_BY_COUNTRY,
    "Japan": "ja",
    "Netherlands": "nl",
    "Italy": "it",
    "Sweden": "nordic",
    "Finland": "nordic",
    "Norway": "nordic",
    "Denmark": "nordic",
}
"""The culture of the composed names that fit a country's people (English elsewhere)."""


@dataclass(frozen=True, slots=True)
class ForeignTitle:
    """A job title in another language with the department and seniority it is meant to have."""

    language: str
    title: str
    department: Department
    seniority: Seniority


@cache
def onet_titles() -> tuple[tuple[str, str], ...]:
    """(O*NET-SOC code, title) for every occupation title and alternate title."""
    rows: dict[tuple[str, str], None] = {}
    with data_path("onet", "Occupation Data.txt").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            rows[(record["O*NET-SOC Code"], _singular(record["Title"]))] = None
    with data_path("onet", "Alternate Titles.txt").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            title = record["Alternate Title"].strip()
            if 3 <= len(title) <= 60 and "(" not in title:
                rows[(record["O*NET-SOC Code"], title)] = None
    return tuple(rows)


def _singular(title: str) -> str:
    # Occupation titles are plural ("Chief Executives"); only the last word needs fixing here.
    words = title.split(" ")
    last = words[-1]
    if last.endswith("ies"):
        last = last[:-3] + "y"
    elif last.endswith(("sses", "ches", "shes")):
        last = last[:-2]
    elif last.endswith("s") and not last.endswith("ss"):
        last = last[:-1]
    return " ".join([*words[:-1], last])


@cache
def _names() -> dict[tuple[str, str], tuple[str, ...]]:
    table: dict[tuple[str, str], list[str]] = {}
    with data_path("demo", "names.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            table.setdefault((record["culture"], record["kind"]), []).append(record["name"])
    return {key: tuple(values) for key, values in table.items()}


def first_names(culture: str) -> tuple[str, ...]:
    """Given names used to compose people of a culture ("en", "de", "fr", "es", ...)."""
    return _names()[(culture, "first")]


def last_names(culture: str) -> tuple[str, ...]:
    """Family names used to compose people of a culture."""
    return _names()[(culture, "last")]


@cache
def foreign_titles(language: str) -> tuple[ForeignTitle, ...]:
    """The German ("de"), French ("fr") or Spanish ("es") titles of the synthetic universes."""
    with data_path("demo", "foreign_titles.csv").open(encoding="utf-8") as handle:
        return tuple(
            ForeignTitle(
                record["language"],
                record["title"],
                Department.from_label(record["department"]),
                Seniority.from_label(record["seniority"]),
            )
            for record in csv.DictReader(handle)
            if record["language"] == language
        )


@cache
def naics_codes() -> tuple[str, ...]:
    """Every six-digit NAICS 2022 industry code, in the order of the code list."""
    with data_path("naics", "naics_2022_codes.csv").open(encoding="utf-8") as handle:
        return tuple(row["code"] for row in csv.DictReader(handle) if len(row["code"]) == 6)


@cache
def hot_technologies() -> tuple[str, ...]:
    """The technologies O*NET marks as "hot", sorted."""
    with data_path("onet", "Technology Skills.txt").open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        hot = {row["Example"] for row in rows if row["Hot Technology"] == "Y"}
    return tuple(sorted(hot))
