"""Contacts for an index build, read straight from the store in batches and encoded with numpy.

A universe of millions of contacts holds far fewer distinct (title, departments, seniority)
combinations, so each combination's own vector block and its columns (title key, occupation,
department mask) are computed once; a batch is then a few dictionary lookups per row and numpy
gathers. The rows come from :func:`lookalike.store.entities.iter_contact_index_rows`.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import Department, Seniority
from lookalike.engine.columns import INHERITED_COLUMNS, Vocabularies, department_mask, title_key
from lookalike.engine.features import (
    CONTACT_LAYOUT,
    contact_own_part,
    normalise_rows,
    occupation_of,
)
from lookalike.store.entities import ContactIndexRow, split_list
from lookalike.taxonomy.occupation_match import occupation_votes, prefetched_neighbours


@dataclass(frozen=True)
class ContactBatch:
    """One encoded batch: ids (utf-8 bytes), unit vectors and attribute columns, in row order."""

    ids: NDArray[np.bytes_]
    vectors: NDArray[np.float32]
    columns: dict[str, NDArray[Any]]


@dataclass
class ContactEncoder:
    """Encodes contact rows against the already-built company rows and columns."""

    vocab: Vocabularies
    company_row_of: dict[str, int]
    inherited: NDArray[np.float32]  # (companies, dims): each company's weighted contact blocks
    company_columns: dict[str, NDArray[Any]]
    _own_of: dict[tuple[str, str, int], int] = field(default_factory=dict)
    _own_vectors: list[NDArray[np.float32]] = field(default_factory=list)
    _own_values: list[tuple[int, int, int, int, int]] = field(default_factory=list)
    titles: dict[str, int] = field(default_factory=dict)  # distinct title -> its title row
    title_votes: list[tuple[tuple[str, float], ...]] = field(default_factory=list)  # by title row
    _own_matrix: NDArray[np.float32] = field(
        default_factory=lambda: np.zeros((0, CONTACT_LAYOUT.dims), np.float32)
    )
    _own_table: NDArray[np.int64] = field(default_factory=lambda: np.zeros((0, 5), np.int64))
    # Seconds spent on distinct titles (classification, occupation match, own vector block): the
    # part of a build that grows with distinct titles, not with contacts.
    title_seconds: float = 0.0

    @property
    def distinct_keys(self) -> int:
        """Distinct (title, departments, seniority) combinations encoded so far."""
        return len(self._own_of)

    def encode(self, rows: list[ContactIndexRow]) -> ContactBatch:
        """Vectors and columns of ``rows`` (identical to encoding each contact on its own)."""
        own_of, company_row_of = self._own_of, self.company_row_of
        country_position = self.vocab.country.position
        own_rows: list[int] = []
        company_rows: list[int] = []
        countries: list[int] = []
        clock = time.perf_counter()
        with prefetched_neighbours({row[2] for row in rows} - self.titles.keys()):
            self.title_seconds += time.perf_counter() - clock
            for _, company_id, title, country, seniority, departments in rows:
                key = (title, departments, seniority)
                own = own_of.get(key)
                if own is None:
                    clock = time.perf_counter()
                    own = self._add_own(key)
                    self.title_seconds += time.perf_counter() - clock
                own_rows.append(own)
                company_rows.append(company_row_of.get(company_id, -1))
                countries.append(country_position(country))
        self._refresh_tables()
        own_index = np.array(own_rows, dtype=np.int64)
        company_index = np.array(company_rows, dtype=np.int32)
        return ContactBatch(
            ids=np.array([row[0].encode("utf-8") for row in rows], dtype=np.bytes_),
            vectors=self._vectors(own_index, company_index),
            columns=self._columns(own_index, company_index, np.array(countries, np.int16)),
        )

    def _add_own(self, key: tuple[str, str, int]) -> int:
        title, departments_text, seniority_value = key
        departments = tuple(Department(d) for d in split_list(departments_text))
        seniority = Seniority(seniority_value)
        occupation = occupation_of(title)
        if title not in self.titles:
            self.titles[title] = len(self.titles)
            self.title_votes.append(occupation_votes(title))
        position = len(self._own_vectors)
        self._own_of[key] = position
        self._own_vectors.append(contact_own_part(title, departments, seniority))
        self._own_values.append(
            (
                title_key(title),
                self.vocab.occupation.position(None if occupation is None else occupation[0]),
                department_mask(departments),
                int(seniority),
                self.titles[title],
            )
        )
        return position

    def _refresh_tables(self) -> None:
        known = len(self._own_matrix)
        if known == len(self._own_vectors):
            return
        fresh = np.stack(self._own_vectors[known:])
        self._own_matrix = np.concatenate([self._own_matrix, fresh])
        values = np.array(self._own_values[known:], dtype=np.int64).reshape(-1, 5)
        self._own_table = np.concatenate([self._own_table, values])

    def _vectors(
        self, own_index: NDArray[np.int64], company_index: NDArray[np.int32]
    ) -> NDArray[np.float32]:
        matrix = self._own_matrix[own_index]
        known = company_index >= 0
        matrix[known] += self.inherited[company_index[known]]
        return normalise_rows(matrix)

    def _columns(
        self,
        own_index: NDArray[np.int64],
        company_index: NDArray[np.int32],
        own_country: NDArray[np.int16],
    ) -> dict[str, NDArray[Any]]:
        own = self._own_table[own_index]
        columns: dict[str, NDArray[Any]] = {
            "company_row": company_index,
            "seniority": own[:, 3].astype(np.int8),
            "departments": own[:, 2].astype(np.int32),
            "occupation": own[:, 1].astype(np.int16),
            "title_key": own[:, 0].astype(np.int64),
            "title_row": own[:, 4].astype(np.int32),
        }
        known = company_index >= 0
        safe_rows = np.where(known, company_index, 0)
        for name in (*INHERITED_COLUMNS, "country"):
            source = self.company_columns[name]
            gathered = source[safe_rows] if len(source) else np.full(len(own_index), -1)
            columns[name] = np.where(known, gathered, -1).astype(source.dtype)
        # A contact's own country wins over its company's.
        columns["country"] = np.where(own_country >= 0, own_country, columns["country"]).astype(
            np.int16
        )
        return columns


class VectorSink:
    """Rows of float32 vectors written batch by batch into a memory-mapped ``.npy`` file.

    Sized for the expected row count; grows (one copy) if more rows arrive, and is cut to the rows
    written at :meth:`finish`, so a build never holds every vector in memory at once.
    """

    def __init__(self, path: Path, expected_rows: int, dims: int) -> None:
        self._path, self._dims, self._written = path, dims, 0
        self._array = self._open(path, max(expected_rows, 0))

    def _open(self, path: Path, rows: int) -> NDArray[np.float32]:
        array: NDArray[np.float32] = np.lib.format.open_memmap(
            path, mode="w+", dtype=np.float32, shape=(rows, self._dims)
        )
        return array

    def _resize(self, rows: int) -> None:
        spare = self._path.with_suffix(".resize.npy")
        resized = self._open(spare, rows)
        kept = min(rows, self._written)
        for start in range(0, kept, 1 << 18):
            stop = min(start + (1 << 18), kept)
            resized[start:stop] = self._array[start:stop]
        del self._array
        os.replace(spare, self._path)
        self._array = resized

    def append(self, vectors: NDArray[np.float32]) -> None:
        """Write the next rows."""
        needed = self._written + len(vectors)
        if needed > len(self._array):
            self._resize(max(needed, len(self._array) + len(self._array) // 4))
        self._array[self._written : needed] = vectors
        self._written = needed

    def finish(self) -> NDArray[np.float32]:
        """The written rows, flushed and memory-mapped (an empty file holds a plain array)."""
        if self._written != len(self._array):
            self._resize(self._written)
        flush = getattr(self._array, "flush", None)
        if flush is not None:
            flush()
        return self._array
