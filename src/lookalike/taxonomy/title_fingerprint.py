"""A fingerprint of everything that decides a title's department and seniority.

:func:`lookalike.taxonomy.titles.classify_title` is a pure function of the title, the code of the
modules it runs and the data files they read. Classifications kept between imports
(:mod:`lookalike.store.title_classes`) carry this fingerprint, and only those of the running
version are reused: an upgrade that changes a rule, a translation or the O*NET vocabulary
classifies every title afresh.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib import import_module
from pathlib import Path

from lookalike.taxonomy._data import data_path

_MODULES = (
    "lookalike.domain",
    "lookalike.taxonomy._nearest",
    "lookalike.taxonomy._text",
    "lookalike.taxonomy._translate",
    "lookalike.taxonomy.occupations",
    "lookalike.taxonomy.soc_departments",
    "lookalike.taxonomy.title_rules",
    "lookalike.taxonomy.titles",
)
_DATA = (("titles",), ("onet", "Occupation Data.txt"), ("onet", "Alternate Titles.txt"))


@cache
def title_rules_fingerprint() -> str:
    """A short hex digest of the classifying modules' source and the data files they read."""
    digest = hashlib.sha256()
    for path in [_source_of(name) for name in _MODULES] + _data_files():
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _source_of(module: str) -> Path:
    source = getattr(import_module(module), "__file__", None)
    if source is None:  # pragma: no cover - every module listed is a plain source file
        raise RuntimeError(f"{module} has no source file")
    return Path(source)


def _data_files() -> list[Path]:
    files: list[Path] = []
    for parts in _DATA:
        path = data_path(*parts)
        files.extend(sorted(p for p in path.iterdir() if p.is_file()) if path.is_dir() else [path])
    return files
