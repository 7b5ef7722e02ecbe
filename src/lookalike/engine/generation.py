"""Index generations on disk: the file layout, the ``CURRENT`` pointer and memory-mapped loading.

    index/
      CURRENT                   name of the live generation (replaced atomically with os.replace)
      gen-<stamp>-<token>/
        manifest.json           format version, universe version, index kind, counts, dimensions
        vocab.json              value lists the int columns index into (countries, technologies ...)
        traits.json             how many entities carry each trait value (for inverse frequency)
        companies/ contacts/    vectors.npy, faiss.index, ids.npy, id_order.npy, <column>.npy

Every array is a plain ``.npy`` opened with ``mmap_mode="r"``: worker processes share the pages.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.engine.index import VectorIndex, load_array, load_index
from lookalike.engine.terms import TermMatrix
from lookalike.errors import IndexUnavailableError

FORMAT_VERSION = 2
CURRENT_FILE = "CURRENT"
KINDS = ("companies", "contacts")
DESCRIPTIONS_FILE = "descriptions.npy"  # companies: float16 text embeddings, for reranking
TOPICS_FILE = "topics.npy"  # companies: float16 latent topics of the TF-IDF terms
BACKGROUND_FILE = "background.npy"  # a fixed random sample of rows: the universe's background
BACKGROUND_ROWS = 2048
# Files of a kind's folder that are not attribute columns.
_NOT_COLUMNS = frozenset({"ids", "id_order", "vectors", "descriptions", "topics", "background"})


@dataclass(frozen=True)
class ValueCounts:
    """How many entities carry each value of one trait, looked up for many values at once."""

    keys: NDArray[np.int64]
    counts: NDArray[np.int64]

    @classmethod
    def of(cls, counts: Mapping[str, int]) -> ValueCounts:
        """From the ``{"value": count}`` mapping stored in ``traits.json``."""
        pairs = sorted((int(key), int(count)) for key, count in counts.items())
        keys = np.array([key for key, _ in pairs], dtype=np.int64)
        return cls(keys, np.array([count for _, count in pairs], dtype=np.int64))

    def lookup(self, values: NDArray[np.int64]) -> NDArray[np.int64]:
        """The count of each value (0 for values never seen)."""
        if len(self.keys) == 0:
            return np.zeros(len(values), dtype=np.int64)
        positions = np.minimum(np.searchsorted(self.keys, values), len(self.keys) - 1)
        return np.where(self.keys[positions] == values, self.counts[positions], 0)


@dataclass(frozen=True)
class KindData:
    """One entity kind of a generation: ids, attribute columns, the vector index, trait counts."""

    ids: NDArray[np.bytes_]
    id_order: NDArray[np.int64]
    columns: Mapping[str, NDArray[Any]]
    index: VectorIndex
    trait_counts: Mapping[str, ValueCounts]
    background: NDArray[np.int64]
    descriptions: NDArray[np.float16] | None = None
    topics: NDArray[np.float16] | None = None
    terms: TermMatrix | None = None
    # What requests read about the background rows, kept (see engine/row_cache.py).
    background_cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        return int(self.ids.shape[0])

    def rows_of(self, entity_ids: Iterable[str]) -> NDArray[np.int64]:
        """Rows of the known ids among ``entity_ids`` (unknown ids are dropped), in input order."""
        width = self.ids.dtype.itemsize
        # An id longer than the widest stored id cannot be stored (and must not be truncated).
        encoded = [e for e in (i.encode("utf-8") for i in entity_ids) if len(e) <= width]
        wanted = np.array(encoded, dtype=self.ids.dtype)
        if self.size == 0 or len(wanted) == 0:
            return np.zeros(0, dtype=np.int64)
        positions = np.searchsorted(self.ids, wanted, sorter=self.id_order)
        positions = np.minimum(positions, self.size - 1)
        rows = self.id_order[positions]
        return np.asarray(rows[self.ids[rows] == wanted], dtype=np.int64)

    def id_of(self, row: int) -> str:
        """The entity id stored at ``row``."""
        return bytes(self.ids[row]).decode("utf-8")


@dataclass(frozen=True)
class Generation:
    """A loaded, read-only index generation."""

    path: Path
    manifest: Mapping[str, Any]
    vocab: Mapping[str, list[str]]
    companies: KindData
    contacts: KindData

    @property
    def universe_version(self) -> int:
        return int(self.manifest["universe_version"])


def current_generation_path(index_dir: Path) -> Path | None:
    """The live generation directory named by ``CURRENT``, or None when there is none."""
    pointer = index_dir / CURRENT_FILE
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    return path if (path / "manifest.json").exists() else None


def publish_generation(index_dir: Path, generation: Path, keep: int = 2) -> None:
    """Point ``CURRENT`` at ``generation`` atomically, then delete all but the ``keep`` newest."""
    temporary = index_dir / f"{CURRENT_FILE}.{os.getpid()}.tmp"
    temporary.write_text(generation.name, encoding="utf-8")
    os.replace(temporary, index_dir / CURRENT_FILE)
    generations = sorted(p for p in index_dir.glob("gen-*") if p.is_dir())
    for old in generations[:-keep]:
        if old != generation:
            shutil.rmtree(old, ignore_errors=True)


def write_kind(
    folder: Path,
    ids: list[str] | NDArray[np.bytes_],
    columns: Mapping[str, NDArray[Any]],
    index: VectorIndex,
) -> None:
    """Write one entity kind's ids (text or utf-8 bytes), columns and index into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(ids, np.ndarray):
        id_array = ids if len(ids) else np.zeros(0, dtype="S1")
    else:
        width = max((len(i.encode("utf-8")) for i in ids), default=1)
        id_array = np.array([i.encode("utf-8") for i in ids], dtype=f"S{width}")
    np.save(folder / "ids.npy", id_array)
    np.save(folder / "id_order.npy", np.argsort(id_array, kind="stable").astype(np.int64))
    for name, values in columns.items():
        np.save(folder / f"{name}.npy", values)
    np.save(folder / BACKGROUND_FILE, background_sample(len(id_array)))
    index.save(folder)


def background_sample(size: int) -> NDArray[np.int64]:
    """Sorted random rows (fixed seed), at most :data:`BACKGROUND_ROWS`, standing for everyone."""
    if size == 0:
        return np.zeros(0, dtype=np.int64)
    picked = np.random.default_rng(0).choice(size, min(size, BACKGROUND_ROWS), replace=False)
    return np.sort(picked.astype(np.int64))


def load_generation(index_dir: Path, index_kind: str) -> Generation:
    """Open the live generation memory-mapped; raises IndexUnavailableError when there is none."""
    path = current_generation_path(index_dir)
    if path is None:
        raise IndexUnavailableError(
            f"No vector index in {index_dir}. Build one with `lookalike index build`."
        )
    manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailableError(
            f"The index in {path} has format {manifest.get('format_version')}, this version reads "
            f"{FORMAT_VERSION}. Rebuild it with `lookalike index build`."
        )
    vocab = json.loads((path / "vocab.json").read_text(encoding="utf-8"))
    traits = json.loads((path / "traits.json").read_text(encoding="utf-8"))
    kinds = {kind: _load_kind(path / kind, index_kind, traits[kind]) for kind in KINDS}
    return Generation(path, manifest, vocab, kinds["companies"], kinds["contacts"])


def _load_kind(folder: Path, index_kind: str, traits: Mapping[str, Mapping[str, int]]) -> KindData:
    columns: dict[str, NDArray[Any]] = {}
    for file in folder.glob("*.npy"):
        if file.stem not in _NOT_COLUMNS and not file.stem.startswith("terms_"):
            columns[file.stem] = load_array(file)
    descriptions, topics = folder / DESCRIPTIONS_FILE, folder / TOPICS_FILE
    return KindData(
        ids=load_array(folder / "ids.npy"),
        id_order=load_array(folder / "id_order.npy"),
        columns=columns,
        index=load_index(folder, index_kind),
        trait_counts={name: ValueCounts.of(counts) for name, counts in traits.items()},
        background=np.asarray(load_array(folder / BACKGROUND_FILE), dtype=np.int64),
        descriptions=load_array(descriptions) if descriptions.exists() else None,
        topics=load_array(topics) if topics.exists() else None,
        terms=TermMatrix.load_or_none(folder),
    )
