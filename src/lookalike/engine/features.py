"""Entity -> vector: one fixed layout of weighted trait blocks per entity kind.

A vector is the concatenation of unit-length blocks (industry, title, size ...) each scaled by the
square root of its weight, then normalised as a whole. The cosine of two vectors is therefore a
weighted sum of per-block cosines, which is what lets :mod:`lookalike.engine.rank` say faithfully
which traits drove a score. Vectors are float32 and L2-normalised: 102 dimensions for companies,
78 for contacts. Text (a company's description, products, keywords and industry label; a contact's
job title) is embedded by the shipped static sentence model (:mod:`lookalike.text_model`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from lookalike.domain import (
    REVENUE_BREAKPOINTS,
    SIZE_BANDS,
    Company,
    Contact,
    Department,
    Seniority,
    size_band_or_none,
)
from lookalike.engine.embeddings import (
    FloatArray,
    hashed_unit,
    naics_vectors,
    ordinal_vector,
    unit_or_zero,
)
from lookalike.text_model import text_model


@dataclass(frozen=True, slots=True)
class Block:
    """One trait's slice of a vector: its reason type, width and weight in the cosine."""

    name: str
    dims: int
    weight: float


@dataclass(frozen=True, slots=True)
class Layout:
    """The ordered blocks of one entity kind's vector."""

    blocks: tuple[Block, ...]

    @property
    def dims(self) -> int:
        return sum(block.dims for block in self.blocks)

    def slice_of(self, name: str) -> slice:
        """The columns of block ``name``."""
        start = 0
        for block in self.blocks:
            if block.name == name:
                return slice(start, start + block.dims)
            start += block.dims
        raise KeyError(name)


COMPANY_LAYOUT = Layout(
    (
        Block("description", 48, 1.0),
        Block("industry", 24, 0.8),
        Block("technology", 10, 0.45),
        Block("size", 6, 0.4),
        Block("revenue", 4, 0.3),
        Block("country", 6, 0.4),
        Block("founded", 4, 0.1),
    )
)
CONTACT_LAYOUT = Layout(
    (
        Block("title", 32, 1.0),
        Block("department", 16, 0.9),
        Block("seniority", 6, 0.8),
        Block("industry", 12, 0.45),
        Block("size", 4, 0.25),
        Block("country", 6, 0.3),
        Block("revenue", 2, 0.1),
    )
)
# Blocks a contact takes from its company, computed once per company and gathered per contact.
CONTACT_COMPANY_BLOCKS = ("industry", "size", "country", "revenue")

_NAICS_PREFIX_WEIGHTS = {2: 1.0, 3: 0.75, 4: 0.6, 5: 0.4, 6: 0.3}


def size_band_index(employees: int | None) -> int:
    """Position of the Lusha size band holding ``employees``; -1 when unknown."""
    band = size_band_or_none(employees)
    return -1 if band is None else SIZE_BANDS.index(band)


def revenue_band_index(revenue: int | None) -> int:
    """Position of the revenue range holding ``revenue`` between Lusha's breakpoints; -1 unknown."""
    if revenue is None or revenue < 1:
        return -1
    return sum(1 for breakpoint in REVENUE_BREAKPOINTS[1:] if revenue >= breakpoint)


@lru_cache(maxsize=50_000)
def industry_vector(naics: str | None, label: str | None, dims: int) -> FloatArray:
    """NAICS hierarchy (hashed prefix vectors, broad to specific) blended with the title meaning.

    Zero without a code: a free-text label is part of the company's text instead.
    """
    if not naics:
        return np.zeros(dims, dtype=np.float32)
    total = np.zeros(dims, dtype=np.float32)
    for length, weight in _NAICS_PREFIX_WEIGHTS.items():
        if len(naics) >= length:
            total += weight * hashed_unit(f"naics:{naics[:length]}", dims)
    meaning = _naics_meaning_or_none(naics, dims)
    if meaning is not None:
        total = 0.6 * unit_or_zero(total) + 0.4 * meaning
    return unit_or_zero(total)


def _naics_meaning_or_none(naics: str, dims: int) -> FloatArray | None:
    table = naics_vectors()
    if table is None:
        return None
    for length in range(len(naics), 1, -1):
        vector = table.get_or_none(naics[:length], dims)
        if vector is not None:
            return vector
    return None


@lru_cache(maxsize=4096)
def country_vector(country: str | None, state: str | None, dims: int) -> FloatArray:
    """Country, nudged by the US state (same state closest, same country close)."""
    if not country:
        return np.zeros(dims, dtype=np.float32)
    vector = hashed_unit(f"country:{country.lower()}", dims)
    if state and country.lower() == "united states":
        vector = vector + 0.35 * hashed_unit(f"state:{state.lower()}", dims)
    return unit_or_zero(vector)


@lru_cache(maxsize=64)
def band_vector(index: int, levels: int, dims: int) -> FloatArray:
    """An ordinal band (size, revenue, seniority); zero when unknown (-1)."""
    if index < 0:
        return np.zeros(dims, dtype=np.float32)
    return ordinal_vector(float(index), levels, dims)


def founded_vector(year: int | None, dims: int) -> FloatArray:
    """Founding era on an ordinal scale from 1900 to 2030."""
    if year is None:
        return np.zeros(dims, dtype=np.float32)
    position = min(max((year - 1900) / 10.0, 0.0), 13.0)
    return ordinal_vector(position, 14, dims)


def technologies_vector(technologies: Sequence[str], dims: int) -> FloatArray:
    """Sum of hashed technology vectors: shared stacks point the same way."""
    total = np.zeros(dims, dtype=np.float32)
    for technology in technologies:
        total += hashed_unit(f"tech:{technology.lower()}", dims)
    return unit_or_zero(total)


def _weighted(layout: Layout, parts: dict[str, FloatArray]) -> FloatArray:
    vector = np.zeros(layout.dims, dtype=np.float32)
    start = 0
    for block in layout.blocks:
        part = parts.get(block.name)
        if part is not None:
            vector[start : start + block.dims] = part * math.sqrt(block.weight)
        start += block.dims
    return vector


def normalise_rows(matrix: FloatArray) -> FloatArray:
    """Scale every row to unit length (rows of zeros stay zero)."""
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return (matrix / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def company_text(company: Company) -> str:
    """Everything a company says about what it does: description, keywords and industry label."""
    parts = (company.description, " ".join(company.keywords), company.industry)
    return ". ".join(part for part in parts if part)


def leading_unit(vector: FloatArray, dims: int) -> FloatArray:
    """The first ``dims`` components of a PCA-ordered embedding, scaled to unit length."""
    return unit_or_zero(np.asarray(vector[:dims], dtype=np.float32))


def company_vector(company: Company, description: FloatArray, naics: str | None) -> FloatArray:
    """The company's vector in :data:`COMPANY_LAYOUT`.

    ``description`` is the embedding of :func:`company_text`; ``naics`` the company's own code or,
    when it has none, the one read from its text.
    """
    dims = {block.name: block.dims for block in COMPANY_LAYOUT.blocks}
    parts = {
        "description": leading_unit(description, dims["description"]),
        "industry": industry_vector(naics, company.industry, dims["industry"]),
        "technology": technologies_vector(company.technologies, dims["technology"]),
        "size": band_vector(size_band_index(company.employees), len(SIZE_BANDS), dims["size"]),
        "revenue": band_vector(revenue_band_index(company.revenue), 10, dims["revenue"]),
        "country": country_vector(company.country, company.state, dims["country"]),
        "founded": founded_vector(company.founded_year, dims["founded"]),
    }
    return unit_or_zero(_weighted(COMPANY_LAYOUT, parts))


def contact_company_part(company: Company | None) -> FloatArray:
    """The weighted blocks a contact inherits from its company (industry, size, country, revenue).

    Zero outside those blocks; add :func:`contact_own_part` and normalise to get a contact vector.
    """
    dims = {block.name: block.dims for block in CONTACT_LAYOUT.blocks}
    if company is None:
        return np.zeros(CONTACT_LAYOUT.dims, dtype=np.float32)
    parts = {
        "industry": industry_vector(company.naics, company.industry, dims["industry"]),
        "size": band_vector(size_band_index(company.employees), len(SIZE_BANDS), dims["size"]),
        "country": country_vector(company.country, company.state, dims["country"]),
        "revenue": band_vector(revenue_band_index(company.revenue), 10, dims["revenue"]),
    }
    return _weighted(CONTACT_LAYOUT, parts)


def english_title(title: str) -> str:
    """A job title's words with German, French and Spanish ones rendered in English."""
    from lookalike.taxonomy._translate import to_english

    return " ".join(to_english(title))


@lru_cache(maxsize=200_000)
def title_vector(title: str, dims: int) -> FloatArray:
    """Meaning of a job title: its O*NET occupation's vector, blended with the title's embedding.

    Foreign titles are rendered in English first, so "Vertriebsleiter" and "Head of Sales" meet;
    two wordings of one occupation share its vector.
    """
    from lookalike.taxonomy.occupations import occupation_centroids

    words = leading_unit(text_model().embed([english_title(title)])[0], dims)
    match = occupation_of(title)
    if match is None:
        return words
    occupation = occupation_centroids().get(match[0])
    if occupation is None:
        return words
    return unit_or_zero((0.5 + 0.5 * match[1]) * leading_unit(occupation, dims) + 0.5 * words)


@lru_cache(maxsize=200_000)
def occupation_of(title: str) -> tuple[str, float] | None:
    """The O*NET-SOC code and match similarity of a title, or None when nothing matches."""
    from lookalike.taxonomy.occupation_match import match_occupation

    match = match_occupation(title)
    return None if match is None else (match.soc_code, float(match.similarity))


@lru_cache(maxsize=4096)
def departments_vector(departments: tuple[Department, ...], dims: int) -> FloatArray:
    """One axis per department (a title in two departments sits between them)."""
    total = np.zeros(dims, dtype=np.float32)
    for department in departments:
        total[_DEPARTMENT_ORDER.index(department)] = 1.0
    return unit_or_zero(total)


_DEPARTMENT_ORDER: tuple[Department, ...] = tuple(Department)


@lru_cache(maxsize=200_000)
def contact_own_part(
    title: str, departments: tuple[Department, ...], seniority: Seniority
) -> FloatArray:
    """The weighted blocks of the contact's own traits (title, department, seniority)."""
    dims = {block.name: block.dims for block in CONTACT_LAYOUT.blocks}
    parts = {
        "title": title_vector(title, dims["title"]),
        "department": departments_vector(departments, dims["department"]),
        "seniority": band_vector(int(seniority) - 1, len(Seniority), dims["seniority"]),
    }
    return _weighted(CONTACT_LAYOUT, parts)


def contact_vector(contact: Contact, company: Company | None) -> FloatArray:
    """The contact's vector in :data:`CONTACT_LAYOUT` (one at a time; builds batch the parts)."""
    own = contact_own_part(contact.job_title, contact.departments, contact.seniority)
    return unit_or_zero(own + contact_company_part(company))
