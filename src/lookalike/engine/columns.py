"""Attribute columns for filters and reasons, built alongside the vectors.

Columns hold small integers (vocabulary positions, bands, bit masks) so a filter is a numpy mask
over memory-mapped arrays, and a reason can be read for a candidate row in O(1).
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import Company, Contact, Department
from lookalike.engine.features import revenue_band_index, size_band_index

DEPARTMENTS: tuple[Department, ...] = tuple(Department)
NAICS_PREFIXES = (2, 3, 4, 6)
_SPACES = re.compile(r"[^a-z0-9]+")


@dataclass
class Vocabulary:
    """Distinct values of a text attribute, each given a stable small integer."""

    values: list[str] = field(default_factory=list)
    _positions: dict[str, int] = field(default_factory=dict)

    def position(self, value: str | None) -> int:
        """The value's position (added when new); -1 for a missing value."""
        if not value:
            return -1
        found = self._positions.get(value)
        if found is None:
            found = self._positions[value] = len(self.values)
            self.values.append(value)
        return found


@dataclass
class Vocabularies:
    """Every vocabulary a generation's columns refer to."""

    country: Vocabulary = field(default_factory=Vocabulary)
    state: Vocabulary = field(default_factory=Vocabulary)
    industry: Vocabulary = field(default_factory=Vocabulary)
    technology: Vocabulary = field(default_factory=Vocabulary)
    occupation: Vocabulary = field(default_factory=Vocabulary)

    def as_json(self) -> dict[str, list[str]]:
        """Plain lists for ``vocab.json``, plus the readable title of each occupation code."""
        lists = {name: getattr(self, name).values for name in self.__dataclass_fields__}
        titles = occupation_titles()
        lists["occupation_title"] = [titles.get(code, code) for code in self.occupation.values]
        return lists


@cache
def occupation_titles() -> dict[str, str]:
    """O*NET-SOC code -> occupation title, from the shipped O*NET data."""
    path = resources.files("lookalike") / "data" / "onet" / "Occupation Data.txt"
    with path.open("r", encoding="utf-8") as handle:
        return {
            row["O*NET-SOC Code"]: row["Title"] for row in csv.DictReader(handle, delimiter="\t")
        }


def naics_parts(naics: str | None) -> tuple[int, int]:
    """A NAICS code as (digits padded right to six, length); (-1, 0) when missing."""
    if not naics or not naics.isdigit():
        return -1, 0
    return int(naics.ljust(6, "0")[:6]), min(len(naics), 6)


def title_key(title: str) -> int:
    """A 63-bit key of normalised text: equal for "Sr. Engineer" and "sr engineer"."""
    normalised = _SPACES.sub(" ", title.lower()).strip()
    digest = hashlib.blake2b(normalised.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def department_mask(departments: Sequence[Department]) -> int:
    """One bit per department, in :data:`DEPARTMENTS` order."""
    mask = 0
    for department in departments:
        mask |= 1 << DEPARTMENTS.index(department)
    return mask


def company_columns(companies: Sequence[Company], vocab: Vocabularies) -> dict[str, NDArray[Any]]:
    """Filter and reason columns of ``companies`` (row order kept)."""
    naics = [naics_parts(c.naics) for c in companies]
    tech_ids = [[vocab.technology.position(t) for t in c.technologies] for c in companies]
    return {
        "country": np.array([vocab.country.position(c.country) for c in companies], np.int16),
        "state": np.array([vocab.state.position(c.state) for c in companies], np.int16),
        "industry": np.array([vocab.industry.position(c.industry) for c in companies], np.int32),
        "naics6": np.array([n[0] for n in naics], np.int32),
        "naics_len": np.array([n[1] for n in naics], np.int8),
        "employees": np.array([c.employees or -1 for c in companies], np.int64),
        "size_band": np.array([size_band_index(c.employees) for c in companies], np.int8),
        "revenue": np.array([c.revenue or -1 for c in companies], np.int64),
        "revenue_band": np.array([revenue_band_index(c.revenue) for c in companies], np.int8),
        "founded": np.array([c.founded_year or -1 for c in companies], np.int16),
        "name_key": np.array([title_key(c.name) for c in companies], np.int64),
        "tech_indptr": np.cumsum([0] + [len(t) for t in tech_ids], dtype=np.int64),
        "tech_ids": np.array([t for ids in tech_ids for t in ids], np.int32),
    }


# Company columns copied onto each contact, so contact filters are one mask without a gather.
INHERITED_COLUMNS = (
    "industry",
    "naics6",
    "naics_len",
    "employees",
    "size_band",
    "revenue",
    "revenue_band",
)


def contact_columns(
    contacts: Sequence[Contact],
    company_rows: NDArray[np.int32],
    occupations: Sequence[str | None],
    companies: dict[str, NDArray[Any]],
    vocab: Vocabularies,
) -> dict[str, NDArray[Any]]:
    """Filter and reason columns of ``contacts``, with their companies' columns inherited."""
    known = company_rows >= 0
    safe_rows = np.where(known, company_rows, 0)
    own_country = np.array([vocab.country.position(c.country) for c in contacts], np.int16)
    columns: dict[str, NDArray[Any]] = {
        "company_row": company_rows.astype(np.int32),
        "seniority": np.array([int(c.seniority) for c in contacts], np.int8),
        "departments": np.array([department_mask(c.departments) for c in contacts], np.int32),
        "occupation": np.array([vocab.occupation.position(o) for o in occupations], np.int16),
        "title_key": np.array([title_key(c.job_title) for c in contacts], np.int64),
        "title_row": _title_rows([c.job_title for c in contacts]),
    }
    for name in (*INHERITED_COLUMNS, "country"):
        source = companies[name]
        gathered = source[safe_rows] if len(source) else np.full(len(contacts), -1)
        columns[name] = np.where(known, gathered, -1).astype(source.dtype)
    # A contact's own country wins over its company's.
    columns["country"] = np.where(own_country >= 0, own_country, columns["country"]).astype(
        np.int16
    )
    return columns


def _title_rows(titles: Sequence[str]) -> NDArray[np.int32]:
    """Each title's position among the distinct titles, in order of first appearance."""
    rows: dict[str, int] = {}
    return np.array([rows.setdefault(title, len(rows)) for title in titles], np.int32)


def trait_counts(columns: dict[str, NDArray[Any]], is_contact: bool) -> dict[str, dict[str, int]]:
    """How many entities carry each trait value: the background for inverse-frequency weights."""
    counts: dict[str, dict[str, int]] = {}
    for name in ("country", "size_band", "revenue_band", "industry"):
        counts[name] = _value_counts(columns[name])
    for length in NAICS_PREFIXES:
        valid = columns["naics_len"] >= length
        prefixes = columns["naics6"][valid] // 10 ** (6 - length)
        counts[f"naics{length}"] = _value_counts(prefixes)
    if is_contact:
        counts["seniority"] = _value_counts(columns["seniority"])
        counts["occupation"] = _value_counts(columns["occupation"])
        masks = columns["departments"]
        counts["department"] = {
            str(bit): int(np.count_nonzero(masks & (1 << bit))) for bit in range(len(DEPARTMENTS))
        }
    else:
        counts["technology"] = _value_counts(columns["tech_ids"])
    return counts


def _value_counts(values: NDArray[Any]) -> dict[str, int]:
    valid = values[values >= 0]
    found = Counter(dict(zip(*np.unique(valid, return_counts=True), strict=True)))
    return {str(int(value)): int(count) for value, count in found.items()}
