"""Helpers for ingest tests: write small import files in each format."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

WriteRows = Callable[[str, Sequence[dict[str, Any]]], Path]


def write_rows(path: Path, rows: Sequence[dict[str, Any]]) -> Path:
    """Write ``rows`` to ``path`` in the format its extension names."""
    if path.suffix == ".csv":
        columns = list(dict.fromkeys(key for row in rows for key in row))
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, columns)
            writer.writeheader()
            for row in rows:
                writer.writerow(
                    {k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()}
                )
    elif path.suffix == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    else:
        columns = list(dict.fromkeys(key for row in rows for key in row))
        full = [{column: row.get(column) for column in columns} for row in rows]
        pq.write_table(pa.Table.from_pylist(full), path)
    return path


@pytest.fixture
def rows_file(tmp_path: Path) -> WriteRows:
    """Write rows to ``tmp_path/<name>`` (format by extension) and return the path."""

    def write(name: str, rows: Sequence[dict[str, Any]]) -> Path:
        return write_rows(tmp_path / name, rows)

    return write
