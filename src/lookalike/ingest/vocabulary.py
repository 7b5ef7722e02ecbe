"""The packaged vocabularies the demo universe is composed from (loaded once, cached).

O*NET alternate titles (``data/onet``), composed-name parts and foreign job titles
(``data/demo``). Everything is read from files committed to the package; nothing downloads.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lookalike.domain import Department, Seniority

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


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
    with (DATA_DIR / "onet" / "Occupation Data.txt").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle, delimiter="\t"):
            rows[(record["O*NET-SOC Code"], _singular(record["Title"]))] = None
    with (DATA_DIR / "onet" / "Alternate Titles.txt").open(encoding="utf-8") as handle:
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
def titles_by_major_group() -> dict[str, tuple[str, ...]]:
    """O*NET titles grouped by SOC major group ("15" for computer and mathematical ...)."""
    groups: dict[str, list[str]] = {}
    for code, title in onet_titles():
        groups.setdefault(code[:2], []).append(title)
    return {group: tuple(titles) for group, titles in sorted(groups.items())}


@cache
def titles_by_soc_prefix(prefix: str) -> tuple[str, ...]:
    """O*NET titles whose SOC code starts with ``prefix`` (e.g. "41-3" or "13-20")."""
    return tuple(title for code, title in onet_titles() if code.startswith(prefix))


@cache
def _names() -> dict[tuple[str, str], tuple[str, ...]]:
    table: dict[tuple[str, str], list[str]] = {}
    with (DATA_DIR / "demo" / "names.csv").open(encoding="utf-8") as handle:
        for record in csv.DictReader(handle):
            table.setdefault((record["culture"], record["kind"]), []).append(record["name"])
    return {key: tuple(values) for key, values in table.items()}


def first_names(culture: str) -> tuple[str, ...]:
    """Given names used to compose people of a culture ("en", "de", "fr", "es", ...)."""
    return _names()[(culture, "first")]


def last_names(culture: str) -> tuple[str, ...]:
    """Family names used to compose people of a culture."""
    return _names()[(culture, "last")]


def name_cultures() -> tuple[str, ...]:
    """The cultures that have name lists."""
    return tuple(sorted({culture for culture, _kind in _names()}))


@cache
def foreign_titles(language: str) -> tuple[ForeignTitle, ...]:
    """The German ("de"), French ("fr") or Spanish ("es") titles of the demo universe."""
    with (DATA_DIR / "demo" / "foreign_titles.csv").open(encoding="utf-8") as handle:
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
