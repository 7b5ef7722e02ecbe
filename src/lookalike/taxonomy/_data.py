"""Where the reference data shipped with the package lives."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def data_path(*parts: str) -> Path:
    """A file under ``src/lookalike/data``, e.g. ``data_path("onet", "Occupation Data.txt")``."""
    return DATA_DIR.joinpath(*parts)
