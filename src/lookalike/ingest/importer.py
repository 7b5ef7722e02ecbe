"""Import a companies or contacts file into the store: all or nothing, without blocking requests.

Contacts in CSV or Parquet first take the columnar fast path (:mod:`lookalike.ingest.columnar`);
at the first bad row or unusual input that load is discarded and the file re-read as below.
The file is read in batches, each row validated and handed to a writer that keeps it invisible
until ``commit()``, which also bumps the universe version once. Into a SQLite file the writer
stages the rows beside the database and merges them in short transactions, so paid requests never
wait on the import for long (:mod:`lookalike.store.staging`); into PostgreSQL it upserts them in
one transaction (:mod:`lookalike.store.bulk`). The first bad row stops the writing (reading goes
on, to report every bad row) and the load is discarded; with a rejects file the good rows are
committed and the bad ones written to it. A process killed before the merge changes nothing, so
the earlier data stays intact and served.
"""

from __future__ import annotations

import csv
import gc
import logging
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from time import perf_counter
from typing import Any, Protocol, TypeVar

import orjson
import sqlalchemy as sa

from lookalike.domain import EntityKind
from lookalike.errors import ImportValidationError, RowProblem
from lookalike.ingest import columnar
from lookalike.ingest.readers import estimate_rows, file_format, read_batches
from lookalike.ingest.validation import CompanyValidator, ContactValidator, RowValidator
from lookalike.ingest.writer_process import WriterProcess
from lookalike.store.bulk import iter_company_ids
from lookalike.store.readers import create_read_engine
from lookalike.store.staging import is_staged, open_store_writer
from lookalike.store.title_classes import TitleLabels, load_title_classes, save_title_classes
from lookalike.taxonomy.title_fingerprint import title_rules_fingerprint

ProgressCallback = Callable[[int, int | None], None]
"""Called after each batch with (rows read so far, estimated total rows or None)."""

logger = logging.getLogger("lookalike.ingest")

MAX_REPORTED_PROBLEMS = 100
WRITER_PROCESS_MIN_ROWS = 50_000  # smaller files are written in-process: no child to start
_ROW_COLUMN = "(row)"
_Read = TypeVar("_Read")


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did; ``updated`` counts rows whose id was already stored (changed or not)."""

    kind: EntityKind
    source: str
    inserted: int
    updated: int
    rejected: int
    seconds: float
    universe_version: int

    @property
    def loaded(self) -> int:
        """Rows written (inserted or updated)."""
        return self.inserted + self.updated

    @property
    def rows_per_second(self) -> float:
        """Throughput over the whole import, reading and validation included."""
        return (self.loaded + self.rejected) / self.seconds if self.seconds > 0 else 0.0

    def summary(self) -> str:
        """One line for the end of ``lookalike import``."""
        return (
            f"Imported {self.loaded:,} {self.kind.value} from {self.source}: "
            f"{self.inserted:,} inserted, {self.updated:,} updated, {self.rejected:,} rejected "
            f"in {self.seconds:.1f} s ({self.rows_per_second:,.0f} rows/s); "
            f"universe version {self.universe_version}."
        )


@dataclass(slots=True)
class _Rejected:
    line: int
    values: dict[str, Any] | None
    column: str
    reason: str


def import_file(
    engine: sa.Engine,
    kind: EntityKind | str,
    path: Path | str,
    rejects_path: Path | str | None = None,
    progress: ProgressCallback | None = None,
) -> ImportReport:
    """Import ``path`` (.csv, .jsonl or .parquet) into the store; raises on bad rows.

    Without ``rejects_path`` any bad row changes nothing and raises :class:`ImportValidationError`
    with the first problems; with it the good rows are loaded and the bad ones written there.
    """
    kind, path = EntityKind(kind), Path(path)
    file_format(path)
    started = perf_counter()
    total = estimate_rows(path)
    in_process = total is not None and total < WRITER_PROCESS_MIN_ROWS
    known_titles = _kept_titles(engine, kind)
    if kind is EntityKind.CONTACTS and columnar.supports(path):
        outcome = _load_columnar(engine, path, in_process, _reporter(progress, total), known_titles)
        if outcome is not None:  # else a bad row or an unusual file: the row path reports it
            if rejects_path is not None:
                write_rejects(Path(rejects_path), [])
            (inserted, updated, version), classified = outcome
            _keep_titles(engine, classified)
            seconds = perf_counter() - started
            return ImportReport(kind, str(path), inserted, updated, 0, seconds, version)
    rejected: list[_Rejected] = []
    validator = _validator(engine, kind, known_titles)
    with gc_paused(), open_writer(engine, kind, in_process=in_process) as writer:
        _load(path, validator, writer, rejected, rejects_path is not None, total, progress)
        if rejected and rejects_path is None:
            problems = [RowProblem(r.line, r.column, r.reason) for r in rejected]
            raise ImportValidationError(str(path), problems[:MAX_REPORTED_PROBLEMS], len(problems))
        inserted, updated, version = writer.commit()
    if isinstance(validator, ContactValidator):
        _keep_titles(engine, validator.fresh_titles())
    if rejects_path is not None:
        write_rejects(Path(rejects_path), rejected)
    return ImportReport(
        kind, str(path), inserted, updated, len(rejected), perf_counter() - started, version
    )


class BatchWriter(Protocol):
    """Where validated rows go: :class:`WriterProcess`, or a writer of
    :func:`lookalike.store.staging.open_store_writer` in this process."""

    def write(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Stage (or queue) a batch of row tuples; nothing is visible before ``commit()``."""

    def commit(self) -> tuple[int, int, int]:
        """Finish the load; returns (inserted, updated, universe version)."""
        ...


@contextmanager
def open_writer(
    engine: sa.Engine, kind: EntityKind, *, in_process: bool = False
) -> Iterator[BatchWriter]:
    """A writer process (a second core), or this process for small loads and in-memory SQLite;
    either way the rows change the store only on ``commit()``."""
    if in_process or (engine.dialect.name == "sqlite" and not is_staged(engine)):
        with open_store_writer(engine, kind) as writer:
            yield writer
        return
    engine.dispose()  # the child must not inherit pooled connections in use
    with WriterProcess(engine.url.render_as_string(hide_password=False), kind) as writer:
        yield writer


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: a bulk load makes millions of acyclic objects and the
    collector would otherwise rescan the growing sets of seen ids again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_columnar(
    engine: sa.Engine,
    path: Path,
    in_process: bool,
    progress: Callable[[int], None] | None,
    known_titles: TitleLabels,
) -> tuple[tuple[int, int, int], TitleLabels] | None:
    """Contacts through the columnar fast path: ((inserted, updated, version), the titles it
    classified), or None (rolled back) when the file needs the row validators."""
    company_ids = _company_ids(engine)
    try:
        with gc_paused(), open_writer(engine, EntityKind.CONTACTS, in_process=in_process) as writer:
            load = columnar.load_contacts(path, company_ids, writer.write, progress, known_titles)
            return writer.commit(), load
    except columnar.NeedsRowPath:
        return None


def _validator(engine: sa.Engine, kind: EntityKind, known_titles: TitleLabels) -> RowValidator:
    if kind is EntityKind.COMPANIES:
        return CompanyValidator()
    return ContactValidator(_company_ids(engine), known_titles)


def _kept_titles(engine: sa.Engine, kind: EntityKind) -> TitleLabels:
    """The titles earlier imports classified with this classifier (contacts only)."""
    if kind is not EntityKind.CONTACTS:
        return {}
    rules = title_rules_fingerprint()
    return _read_store(engine, lambda conn: load_title_classes(conn, rules))


def _keep_titles(engine: sa.Engine, classified: TitleLabels) -> None:
    """Keep the titles an import classified for the next one. The import is committed by now;
    a failure here loses only the cache, so it is logged, not raised."""
    if not classified:
        return
    try:
        save_title_classes(engine, title_rules_fingerprint(), classified)
    except sa.exc.SQLAlchemyError as error:
        logger.warning("could not keep %d classified titles: %s", len(classified), error)


def _company_ids(engine: sa.Engine) -> list[str]:
    return _read_store(engine, lambda conn: list(iter_company_ids(conn)))


def _read_store(engine: sa.Engine, read: Callable[[sa.Connection], _Read]) -> _Read:
    """What ``read`` reads from the store, without taking SQLite's write lock."""
    if not is_staged(engine):
        with engine.connect() as conn:
            return read(conn)
    reader = create_read_engine(engine)  # a store transaction would take SQLite's write lock
    try:
        with reader.connect() as conn:
            return read(conn)
    finally:
        reader.dispose()


def _reporter(progress: ProgressCallback | None, total: int | None) -> Callable[[int], None] | None:
    if progress is None:
        return None
    return lambda done: progress(done, total)


def _load(
    path: Path,
    validator: RowValidator,
    writer: BatchWriter,
    rejected: list[_Rejected],
    keep_going: bool,
    total: int | None,
    progress: ProgressCallback | None,
) -> None:
    done = 0
    check = validator.check
    for batch in read_batches(path):
        good: list[tuple[Any, ...]] = []
        for line, values in batch:
            if isinstance(values, str):
                rejected.append(_Rejected(line, None, _ROW_COLUMN, values))
                continue
            result = check(values)
            if len(result) == 2:
                rejected.append(_Rejected(line, values, result[0], result[1]))
            else:
                good.append(result)
        if keep_going or not rejected:
            writer.write(good)
        done += len(batch)
        if progress is not None:
            progress(done, total)


def write_rejects(path: Path, rejected: list[_Rejected]) -> None:
    """Write bad rows to a CSV: their original columns plus ``line``, ``column`` and ``reason``."""
    columns: dict[str, None] = {}
    for item in rejected:
        columns.update(dict.fromkeys(item.values or {}))
    names = [name for name in columns if name not in ("line", "column", "reason")]
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([*names, "line", "column", "reason"])
        for item in rejected:
            values = item.values or {}
            cells = [_cell(values.get(name)) for name in names]
            writer.writerow([*cells, item.line, item.column, item.reason])


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        return orjson.dumps(value).decode()
    return str(value)
