"""Read import files (CSV, JSON Lines, Parquet) as batches of numbered raw rows.

Every reader yields lists of ``(line, values)``. ``line`` is where a user finds the row: the
physical line in CSV and JSON Lines (the header is line 1 of a CSV), the 1-based row number in
Parquet. ``values`` maps column names to raw values, or is a string saying why the line could not
be parsed.
Batches keep memory flat on files of millions of rows.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from lookalike.errors import DataError

RawRow = tuple[int, dict[str, Any] | str]
BATCH_SIZE = 20_000
FORMATS = (".csv", ".jsonl", ".parquet")


def file_format(path: Path) -> str:
    """The format of ``path`` by extension (``.csv``, ``.jsonl`` or ``.parquet``)."""
    suffix = path.suffix.lower()
    if suffix == ".ndjson":
        return ".jsonl"
    if suffix not in FORMATS:
        raise DataError(
            f"File {path} has the extension {suffix or '(none)'!r}, which is not importable. "
            "Use .csv, .jsonl or .parquet."
        )
    return suffix


def read_batches(path: Path, batch_size: int = BATCH_SIZE) -> Iterator[list[RawRow]]:
    """Batches of numbered raw rows of an import file, chosen by its extension."""
    if not path.is_file():
        raise DataError(f"File {path} does not exist. Check the path.")
    readers = {".csv": _read_csv, ".jsonl": _read_jsonl, ".parquet": _read_parquet}
    return readers[file_format(path)](path, batch_size)


def estimate_rows(path: Path) -> int | None:
    """About how many rows ``path`` holds (for a progress bar), without parsing it."""
    kind = file_format(path)
    if kind == ".parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    lines = 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            lines += chunk.count(b"\n")
    return max(lines - 1, 0) if kind == ".csv" else lines


def _read_csv(path: Path, batch_size: int) -> Iterator[list[RawRow]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        columns = [name.strip() for name in header]
        width = len(columns)
        batch: list[RawRow] = []
        for record in reader:
            if not record:
                continue
            if len(record) != width:
                batch.append((reader.line_num, f"has {len(record)} fields, the header {width}"))
            else:
                batch.append((reader.line_num, dict(zip(columns, record, strict=True))))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch


def _read_jsonl(path: Path, batch_size: int) -> Iterator[list[RawRow]]:
    with path.open("rb") as handle:
        batch: list[RawRow] = []
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            batch.append((number, _parse_json_object(line)))
            if len(batch) >= batch_size:
                yield batch
                batch = []
        if batch:
            yield batch


def _parse_json_object(line: bytes) -> dict[str, Any] | str:
    try:
        value = orjson.loads(line)
    except orjson.JSONDecodeError as error:
        return f"is not valid JSON ({error.msg})"
    if not isinstance(value, dict):
        return "is not a JSON object"
    return value


def _read_parquet(path: Path, batch_size: int) -> Iterator[list[RawRow]]:
    import pyarrow.parquet as pq

    row_number = 0
    for record_batch in pq.ParquetFile(path).iter_batches(batch_size=batch_size):
        rows = record_batch.to_pylist()
        yield [(row_number + offset, values) for offset, values in enumerate(rows, start=1)]
        row_number += len(rows)
