"""The fast path for contacts files: read with Arrow, validate whole columns, build rows in bulk.

CSV (read by Arrow's C++ parser, every column as text) and Parquet files whose columns are text are
checked a batch of columns at a time with the same rules as :class:`ContactValidator` (e-mail
addresses and LinkedIn URLs through its very parsers, once per distinct value). Each distinct
job title is classified once, in a pool of worker processes when there are many, and rows are
handed to the writer as soon as their titles are known, so reading, classifying and writing overlap.

The fast path never reports problems itself: at the first thing it cannot vouch for (any bad row,
an unusual file) it raises :class:`NeedsRowPath` and the importer re-runs the whole file through the
row validators, which report every bad row with its line exactly as before.
"""

from __future__ import annotations

import csv
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from multiprocessing.pool import Pool
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
from more_itertools import chunked

from lookalike.contract import CITY_MAX_LENGTH, COUNTRY_MAX_LENGTH, ID_MAX_LENGTH, STATE_MAX_LENGTH
from lookalike.ingest.fields import (
    FieldError,
    email_or_none,
    linkedin_profile_or_none,
    normalized_country,
)
from lookalike.taxonomy.titles import classify_title

Rows = list[tuple[Any, ...]]
WriteRows = Callable[[Rows], None]

BATCH_BYTES = 1 << 22  # about 60k contacts per CSV batch
WRITE_ROWS = 20_000  # rows per message to the writer (and per progress step)
PARQUET_BATCH_ROWS = 65_536
PYTHON_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
    "\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""Every character ``str.strip()`` removes, so Arrow trims exactly as the row validators do."""

POOL_MIN_TITLES = 2_000  # fewer new titles are classified in-process: no workers to start
_TITLE_CHUNK = 500
_CSV_FIELD_LIMIT = csv.field_size_limit()
_ID_LIMIT = ID_MAX_LENGTH
_LIMITS = {
    "personId": ID_MAX_LENGTH,
    "companyId": ID_MAX_LENGTH,
    "country": COUNTRY_MAX_LENGTH,
    "state": STATE_MAX_LENGTH,
    "city": CITY_MAX_LENGTH,
}
_REQUIRED = ("personId", "companyId", "jobTitle")
_COLUMNS = (
    "personId",
    "companyId",
    "jobTitle",
    "firstName",
    "lastName",
    "country",
    "state",
    "city",
)
_PARSED: dict[str, Callable[[Any], str | None]] = {
    "email": email_or_none,
    "linkedinUrl": linkedin_profile_or_none,
}
"""Columns checked and normalised by the row path's own parsers, each distinct value once."""
_FLUSH_MIN_TITLES = 2_000
_TEXT_TYPES = (pa.string(), pa.large_string(), pa.null())


class NeedsRowPath(Exception):
    """The file holds something only the row validators handle (and report) exactly."""


def supports(path: Path) -> bool:
    """Whether the fast path can read ``path`` (CSV or Parquet)."""
    return path.suffix.lower() in (".csv", ".parquet")


def load_contacts(
    path: Path,
    company_ids: Iterable[str],
    write: WriteRows,
    progress: Callable[[int], None] | None = None,
    known_titles: Mapping[str, tuple[int, str]] | None = None,
) -> dict[str, tuple[int, str]]:
    """Validate every contact of ``path`` and pass the store rows to ``write`` in batches;
    ``progress`` gets the number of rows written so far. Titles in ``known_titles`` (kept from
    earlier imports) are not classified again; returns the titles this load classified.

    Raises :class:`NeedsRowPath` at the first problem or unusual input; rows already written then
    belong to a transaction the caller must roll back.
    """
    known = pa.array(list(company_ids), pa.string())
    ids: list[pa.Array] = []
    titles = TitleClasses(known_titles)
    pending = _Pending(titles, write, progress)
    try:
        for batch in _batches(path):
            table = _checked_table(batch, known)
            ids.append(table.column("personId").combine_chunks())
            titles.submit(table.column("jobTitle"))
            pending.add(table)
        _check_unique(ids)
        while not titles.wait(timeout=0.2):
            pending.flush()
        pending.flush(final=True)
        return titles.fresh()
    except pa.ArrowException as error:
        raise NeedsRowPath(str(error)) from error
    finally:
        titles.close()


def _batches(path: Path) -> Iterator[pa.RecordBatch]:
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(path)
        if any(field.type not in _TEXT_TYPES for field in parquet.schema_arrow):
            raise NeedsRowPath("a column is not text")
        names = parquet.schema_arrow.names
        if any(name != name.strip() for name in names):
            raise NeedsRowPath("a column name has spaces")  # Parquet names are not stripped
        _check_names(names, names)
        yield from parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS)
        return
    yield from _csv_batches(path)


def _csv_batches(path: Path) -> Iterator[pa.RecordBatch]:
    import pyarrow.csv as pcsv

    with path.open(newline="", encoding="utf-8-sig") as handle:
        header = next(csv.reader(handle), None)
    if header is None:
        raise NeedsRowPath("empty file")
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(block_size=BATCH_BYTES),
        parse_options=pcsv.ParseOptions(newlines_in_values=True),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
        ),
    )
    _check_names(reader.schema.names, header)
    for batch in reader:
        for column in batch.columns:
            if len(column) and pc.max(pc.binary_length(column)).as_py() > _CSV_FIELD_LIMIT:
                raise NeedsRowPath("a field is longer than the CSV reader allows")
        yield batch


def _check_names(names: Sequence[str], header: Sequence[str]) -> None:
    stripped = [name.strip() for name in names]
    if list(names) != list(header) or len(set(stripped)) != len(stripped):
        raise NeedsRowPath("the header differs between readers or repeats a column")


def _check_unique(ids: list[pa.Array]) -> None:
    """Raise when a person id appears twice in the file (one hash pass over all ids)."""
    every = pa.chunked_array(ids, pa.string())
    if pc.count_distinct(every).as_py() != len(every):
        raise NeedsRowPath("duplicate id")


def _checked_table(batch: pa.RecordBatch, known: pa.Array) -> pa.Table:
    """Trimmed text columns (empty as null) of a batch whose every row passes the checks."""
    raw = {
        name.strip(): column for name, column in zip(batch.schema.names, batch.columns, strict=True)
    }
    for labelled in ("seniority", "departments"):
        given = raw.get(labelled)
        if given is not None and pc.any(pc.not_equal(given.fill_null(""), "")).as_py():
            raise NeedsRowPath(f"{labelled} given")  # the row path parses and checks them
    size = batch.num_rows
    columns = {name: _trimmed(raw.get(name), size, _LIMITS.get(name)) for name in _COLUMNS}
    for name in _REQUIRED:
        if columns[name].null_count:
            raise NeedsRowPath(f"{name} missing")
    if not pc.all(pc.is_in(columns["companyId"], value_set=known)).as_py():
        raise NeedsRowPath("unknown company")
    for name, parse in _PARSED.items():
        columns[name] = _parsed(_trimmed(raw.get(name), size, None), parse)
    return pa.table(columns)


def _trimmed(column: pa.Array | None, size: int, limit: int | None) -> pa.Array:
    if column is None:
        return pa.nulls(size, pa.string())
    text = pc.utf8_trim(column.cast(pa.string()), characters=PYTHON_WHITESPACE)
    if limit is not None and len(text) and (pc.max(pc.utf8_length(text)).as_py() or 0) > limit:
        raise NeedsRowPath("too long")
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, pa.string()), text)


def _parsed(text: pa.Array, parse: Callable[[Any], str | None]) -> pa.Array:
    """``parse`` applied to each distinct value of ``text`` (nulls stay null); raises
    :class:`NeedsRowPath` at the first value the row path would reject."""
    if text.null_count == len(text):
        return text
    encoded = text.dictionary_encode()
    try:
        clean = [parse(value) for value in encoded.dictionary.to_pylist()]
    except FieldError as error:
        raise NeedsRowPath(str(error)) from error
    return pc.take(pa.array(clean, pa.string()), encoded.indices)


class _Pending:
    """Checked rows waiting for their titles' classes; written as soon as those are known."""

    def __init__(
        self, titles: TitleClasses, write: WriteRows, progress: Callable[[int], None] | None
    ) -> None:
        self._titles = titles
        self._write = write
        self._progress = progress
        self._tables: list[pa.Table] = []
        self._classified_at_flush = 0
        self._written = 0
        self._buffer: Rows = []

    def add(self, table: pa.Table) -> None:
        """Queue checked rows, and write what is ready."""
        self._tables.append(table)
        self.flush()

    def flush(self, *, final: bool = False) -> None:
        """Write the rows whose titles are classified (all of them when ``final``)."""
        if not self._tables:
            if final and self._buffer:
                self._send(self._buffer)
                self._buffer = []
            return
        classified, submitted = self._titles.count(), self._titles.submitted()
        everything = classified == submitted
        grown = classified - self._classified_at_flush
        if not (final or everything or grown >= max(_FLUSH_MIN_TITLES, submitted // 10)):
            return
        self._classified_at_flush = classified
        table = pa.concat_tables(self._tables)
        self._tables = []
        if not everything:
            if final:
                raise NeedsRowPath("a title was not classified")  # pragma: no cover
            ready = pc.is_in(table.column("jobTitle"), value_set=self._titles.classified())
            self._tables.append(table.filter(pc.invert(ready)))
            table = table.filter(ready)
        for start in range(0, len(table), WRITE_ROWS):
            self._buffer.extend(_rows(table.slice(start, WRITE_ROWS), self._titles))
            while len(self._buffer) >= WRITE_ROWS:
                self._send(self._buffer[:WRITE_ROWS])
                del self._buffer[:WRITE_ROWS]
        if final and self._buffer:
            self._send(self._buffer)
            self._buffer = []

    def _send(self, rows: Rows) -> None:
        self._write(rows)
        self._written += len(rows)
        if self._progress is not None:
            self._progress(self._written)


def _rows(columns: pa.Table, titles: TitleClasses) -> Rows:
    encoded = columns["jobTitle"].combine_chunks().dictionary_encode()
    labels = [titles.labels[title] for title in encoded.dictionary.to_pylist()]
    indices = encoded.indices.to_pylist()
    seniority = [labels[index][0] for index in indices]
    departments = [labels[index][1] for index in indices]
    countries = columns["country"].combine_chunks().dictionary_encode()
    names = [None if c is None else normalized_country(c) for c in countries.dictionary.to_pylist()]
    country = [None if i is None else names[i] for i in countries.indices.to_pylist()]
    size = len(indices)
    return list(
        zip(
            columns["personId"].to_pylist(),
            columns["companyId"].to_pylist(),
            columns["firstName"].to_pylist(),
            columns["lastName"].to_pylist(),
            columns["jobTitle"].to_pylist(),
            country,
            columns["state"].to_pylist(),
            columns["city"].to_pylist(),
            seniority,
            departments,
            [False] * size,
            columns["email"].to_pylist(),
            columns["linkedinUrl"].to_pylist(),
            strict=True,
        )
    )


def _classify_chunk(titles: list[str]) -> list[tuple[str, int, str]]:
    out = []
    for title in titles:
        classified = classify_title(title)
        out.append((title, int(classified.seniority), "|".join(classified.departments)))
    return out


class TitleClasses:
    """(seniority, departments) of each distinct title, classified once, in workers when many."""

    def __init__(self, known: Mapping[str, tuple[int, str]] | None = None) -> None:
        self._known = dict(known or {})
        self.labels: dict[str, tuple[int, str]] = dict(self._known)
        self._submitted: set[str] = set(self._known)
        self._pool: Pool | None = None
        self._results: list[Any] = []
        self._array: pa.Array = pa.array([], pa.string())
        self._array_size = 0

    def submit(self, titles: pa.Array) -> None:
        """Start classifying the titles of ``titles`` not seen before."""
        new = [t for t in pc.unique(titles).to_pylist() if t not in self._submitted]
        self._submitted.update(new)
        if len(new) < POOL_MIN_TITLES and self._pool is None:
            self._store(_classify_chunk(new))
            return
        pool = self._pool or self._start_pool()
        for chunk in chunked(new, _TITLE_CHUNK):
            self._results.append(pool.apply_async(_classify_chunk, (chunk,), callback=self._store))

    def fresh(self) -> dict[str, tuple[int, str]]:
        """The titles classified here (not known beforehand)."""
        return {t: label for t, label in self.labels.items() if t not in self._known}

    def count(self) -> int:
        """How many titles are classified."""
        return len(self.labels)

    def submitted(self) -> int:
        """How many titles were handed in."""
        return len(self._submitted)

    def classified(self) -> pa.Array:
        """The titles classified so far, as an Arrow array (for ``is_in``)."""
        if self._array_size != len(self.labels):
            keys = list(self.labels)
            self._array = pa.array(keys, pa.string())
            self._array_size = len(keys)
        return self._array

    def wait(self, timeout: float) -> bool:
        """Whether every submitted title is classified, waiting up to ``timeout`` seconds for the
        next unfinished chunk (re-raises a worker's error)."""
        while self._results:
            first = self._results[0]
            first.wait(timeout)
            if not first.ready():
                return False
            first.get()
            self._results.pop(0)
        return True

    def close(self) -> None:
        """Stop the workers, if any."""
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def _store(self, classified: list[tuple[str, int, str]]) -> None:
        for title, seniority, departments in classified:
            self.labels[title] = (seniority, departments)

    def _start_pool(self) -> Pool:
        method = "fork" if sys.version_info < (3, 12) else "forkserver"
        parent = os.getpid()
        self._pool = multiprocessing.get_context(method).Pool(2, _watch_parent, (parent,))
        return self._pool


def _watch_parent(parent: int) -> None:
    """Make a classifying worker exit once the importing process is gone (even killed)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="lookalike-parent-watch", daemon=True).start()
