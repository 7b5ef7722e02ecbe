"""NAICS 2022 index items split into a training part and an evaluation hold-out.

The ~20k official index items ("Soybean farming, field and seed production" -> 111110) are real
activity descriptions, each mapped to a 6-digit code. Whatever learns NAICS-from-text may use only
:func:`training_items`; a deterministic ~30 % of the items (by a hash of the normalised text, so
the same wording is always on the same side) is kept back for evaluation, and the evaluation data
set ``data/eval/naics-activities`` is composed from those items alone.
"""

from __future__ import annotations

import csv
import zlib
from functools import cache

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._text import normalize

EVALUATION_PERCENT = 30


def is_evaluation_item(description: str) -> bool:
    """Whether an index item description belongs to the evaluation hold-out (~30 % of items)."""
    return zlib.crc32(normalize(description).encode()) % 100 < EVALUATION_PERCENT


@cache
def _index_items() -> tuple[tuple[str, str], ...]:
    """(code, description) of every index item with a 6-digit code, in file order.

    Cross-references ("Clinics, medical -- see type", code ``******``) are left out.
    """
    path = data_path("naics", "naics_2022_index_items.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        pairs = (
            (row["naics_2022"].strip(), row["index_item_description"].strip())
            for row in csv.DictReader(handle)
        )
        return tuple(
            (code, text) for code, text in pairs if len(code) == 6 and code.isdigit() and text
        )


def evaluation_items() -> list[tuple[str, str]]:
    """(code, description) of the index items held out for evaluation, in file order."""
    return [(code, text) for code, text in _index_items() if is_evaluation_item(text)]


def training_items() -> list[tuple[str, str]]:
    """(code, description) of the index items that may be learnt from (not held out)."""
    return [(code, text) for code, text in _index_items() if not is_evaluation_item(text)]
