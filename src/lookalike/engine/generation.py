"""Index generations on disk: the file layout, the ``CURRENT`` pointer and memory-mapped loading.

    index/
      CURRENT                   name of the live generation (replaced atomically with os.replace)
      .gen-<stamp>-<token>.partial/
                                a generation being built (renamed to gen-... once complete)
      .gen-<stamp>-<token>.lock its builder's lock, held (flock) for as long as the build runs
      gen-<stamp>-<token>/
        manifest.json           format version, universe version, index kind, counts, dimensions
        vocab.json              value lists the int columns index into (countries, technologies ...)
        traits.json             how many entities carry each trait value (for inverse frequency)
        companies/ contacts/    vectors.npy, faiss.index, ids.npy, id_order.npy, <column>.npy

Every array is a plain ``.npy`` opened with ``mmap_mode="r"``: worker processes share the pages.

Housekeeping: publishing keeps the new generation and the one it replaces (a server may have loaded
it a moment ago) and deletes older ones; every build first deletes the partial generations of
builds that are gone (killed, crashed). The operating system releases a build's lock when its
process dies however it dies, so a partial whose lock is free belongs to no running build; a
partial without a lock file counts as gone once none of its files changed for
:data:`UNLOCKED_PARTIAL_SECONDS`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.engine.index import VectorIndex, load_array, load_index
from lookalike.engine.postings import Postings
from lookalike.engine.terms import TERMS, TermMatrix
from lookalike.errors import IndexUnavailableError

FORMAT_VERSION = 2
CURRENT_FILE = "CURRENT"
KINDS = ("companies", "contacts")
DESCRIPTIONS_FILE = "descriptions.npy"  # companies: float16 text embeddings, for reranking
TOPICS_FILE = "topics.npy"  # companies: float16 latent topics of the TF-IDF terms
BACKGROUND_FILE = "background.npy"  # a fixed random sample of rows: the universe's background
BACKGROUND_ROWS = 2048
PARTIAL_SUFFIX = ".partial"
LOCK_SUFFIX = ".lock"
# A partial generation without a lock file (none is taken where flock is missing, none was taken
# before this version) may still be being built; it counts as abandoned after this long unchanged.
UNLOCKED_PARTIAL_SECONDS = 6 * 3600
OCCUPATIONS = "occupations"  # contacts: each distinct title's O*NET occupation votes (sparse)
# Files of a kind's folder that are not attribute columns.
_NOT_COLUMNS = frozenset({"ids", "id_order", "vectors", "descriptions", "topics", "background"})
ACTIVITIES = "activities"  # companies: each company's NAICS votes read from its text (sparse)
_SPARSE_STEMS = (TERMS, OCCUPATIONS, ACTIVITIES)


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
    occupations: TermMatrix | None = None  # contacts: rows are title rows (``title_row``)
    activities: TermMatrix | None = None  # companies
    # Inverted lists of the sparse matrices (by stem: terms, occupations) for lexical retrieval.
    postings: Mapping[str, Postings] = field(default_factory=dict)
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
    """Point ``CURRENT`` at ``generation`` atomically, then delete older complete generations.

    Kept: the new one, the one ``CURRENT`` named until now (a server may have loaded it a moment
    ago and still be opening its files) and the ``keep`` newest by name (so a build publishing at
    the same moment keeps its generation too); everything older goes.
    """
    previous = current_generation_path(index_dir)
    temporary = index_dir / f"{CURRENT_FILE}.{os.getpid()}.tmp"
    temporary.write_text(generation.name, encoding="utf-8")
    os.replace(temporary, index_dir / CURRENT_FILE)
    spared = {generation, previous}
    generations = sorted(p for p in index_dir.glob("gen-*") if p.is_dir())
    for old in generations[:-keep]:
        if old not in spared:
            shutil.rmtree(old, ignore_errors=True)


@contextmanager
def partial_generation(index_dir: Path, name: str) -> Iterator[Path]:
    """The folder to write generation ``name`` into, owned by this process for the block.

    The block holds the build's lock, so :func:`remove_abandoned_partials` in another process
    leaves the folder alone; the lock file is deleted when the block ends. On an error the
    partial folder is deleted too.
    """
    lock_path = index_dir / f".{name}{LOCK_SUFFIX}"
    partial = index_dir / f".{name}{PARTIAL_SUFFIX}"
    descriptor = _claim_lock(lock_path)
    try:
        yield partial
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    finally:
        lock_path.unlink(missing_ok=True)
        os.close(descriptor)


def remove_abandoned_partials(index_dir: Path, now: float | None = None) -> list[Path]:
    """Delete the partial generations of builds that are gone (see the module docstring).

    Returns the folders deleted; partials of builds still running are left alone, as are their
    locks. Lock files whose build is gone are deleted as well.
    """
    moment = time.time() if now is None else now
    removed = [
        partial
        for partial in sorted(index_dir.glob(f".gen-*{PARTIAL_SUFFIX}"))
        if _remove_if_abandoned(partial, moment)
    ]
    for lock_path in index_dir.glob(f".gen-*{LOCK_SUFFIX}"):
        descriptor = _open_or_none(lock_path)
        if descriptor is not None:
            if _lock_or_none(descriptor, wait=False):
                lock_path.unlink(missing_ok=True)
            os.close(descriptor)
    return removed


def _remove_if_abandoned(partial: Path, now: float) -> bool:
    lock_path = partial.with_name(partial.name.removesuffix(PARTIAL_SUFFIX) + LOCK_SUFFIX)
    descriptor = _open_or_none(lock_path)
    try:
        owned = None if descriptor is None else _lock_or_none(descriptor, wait=False)
        if owned is False:
            return False  # its build is running
        if owned is None and now - _last_change(partial) < UNLOCKED_PARTIAL_SECONDS:
            return False
        if not partial.is_dir():
            return False  # renamed into place a moment ago
        shutil.rmtree(partial, ignore_errors=True)
        lock_path.unlink(missing_ok=True)
        return True
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _claim_lock(lock_path: Path) -> int:
    """Open and lock ``lock_path``; again if a cleanup deleted it between the open and the lock."""
    while True:
        descriptor = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        _lock_or_none(descriptor, wait=True)
        try:
            if os.stat(lock_path).st_ino == os.fstat(descriptor).st_ino:
                return descriptor
        except FileNotFoundError:
            pass
        os.close(descriptor)


def _open_or_none(path: Path) -> int | None:
    try:
        return os.open(path, os.O_RDWR)  # never created here: a missing lock stays missing
    except FileNotFoundError:
        return None


def _lock_or_none(descriptor: int, *, wait: bool) -> bool | None:
    """True when this process now holds the lock, False when another one does, None where
    the platform has no ``flock`` (who owns a partial cannot be told)."""
    if sys.platform == "win32":
        return None
    import fcntl

    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _last_change(folder: Path) -> float:
    """The newest modification time of ``folder`` and everything in it (now, if it is gone)."""
    try:
        times = [folder.stat().st_mtime]
        times.extend(path.stat().st_mtime for path in folder.rglob("*"))
    except FileNotFoundError:
        return time.time()
    return max(times)


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


def _postings(folder: Path) -> dict[str, Postings]:
    found = {stem: Postings.load_or_none(folder, stem) for stem in (TERMS, OCCUPATIONS)}
    return {stem: postings for stem, postings in found.items() if postings is not None}


def _load_kind(folder: Path, index_kind: str, traits: Mapping[str, Mapping[str, int]]) -> KindData:
    columns: dict[str, NDArray[Any]] = {}
    for file in folder.glob("*.npy"):
        sparse = any(file.stem.startswith(f"{stem}_") for stem in _SPARSE_STEMS)
        if file.stem not in _NOT_COLUMNS and not sparse:
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
        occupations=TermMatrix.load_or_none(folder, OCCUPATIONS),
        activities=TermMatrix.load_or_none(folder, ACTIVITIES),
        postings=_postings(folder),
    )
