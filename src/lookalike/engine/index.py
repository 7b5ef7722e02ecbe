"""Vector indexes: one batch-first protocol, an exact numpy reference and faiss IVF lists.

Both score by inner product over L2-normalised float32 vectors (cosine). Files are explicit formats:
``vectors.npy`` (float32, memory-mapped) and, for faiss, ``faiss.index`` (faiss's own format, opened
memory-mapped where faiss supports it). Nothing is pickled.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

IdArray = NDArray[np.int64]
ScoreArray = NDArray[np.float32]
Mask = NDArray[np.bool_]

VECTORS_FILE = "vectors.npy"
FAISS_FILE = "faiss.index"
IVF_MIN_CODES_SCANNED = 8_192  # per query, whatever the list count
IVF_PROBES = 24  # IVF lists visited per query for 400 candidates (more when filtered)
_EXACT_CHUNK = 1 << 18  # rows scored at a time by the exact scan, bounding temporary memory
_ADD_CHUNK = 1 << 18  # rows encoded at a time by an index build, bounding faiss's buffers


class VectorIndex(Protocol):
    """Nearest neighbours by inner product; ``allowed`` restricts results to rows marked True."""

    @property
    def size(self) -> int:
        """How many vectors the index holds."""
        ...

    def vectors(self) -> NDArray[np.float32]:
        """The float32 vectors (row i is id i), memory-mapped where loaded from disk."""
        ...

    def search(
        self, queries: NDArray[np.float32], k: int, allowed: Mask | None = None
    ) -> tuple[IdArray, ScoreArray]:
        """Top ``k`` ids and scores per query row, best first; missing slots have id -1."""
        ...

    def save(self, folder: Path) -> None:
        """Write the index files into ``folder``."""
        ...


def _faiss() -> Any:
    """The faiss module, imported on first use (its type stubs disagree with its SWIG API)."""
    import faiss

    return faiss


def _empty_result(n: int, k: int) -> tuple[IdArray, ScoreArray]:
    return np.full((n, k), -1, dtype=np.int64), np.full((n, k), -np.inf, dtype=np.float32)


def exact_search(
    vectors: NDArray[np.float32], queries: NDArray[np.float32], k: int, rows: IdArray | None
) -> tuple[IdArray, ScoreArray]:
    """Brute-force top ``k`` over ``rows`` of ``vectors`` (all rows when None)."""
    queries = np.ascontiguousarray(queries, dtype=np.float32)
    ids, scores = _empty_result(len(queries), k)
    total = len(vectors) if rows is None else len(rows)
    for start in range(0, total, _EXACT_CHUNK):
        stop = min(start + _EXACT_CHUNK, total)
        if rows is None:
            chunk_rows = np.arange(start, stop, dtype=np.int64)
            block = np.asarray(vectors[start:stop], dtype=np.float32)
        else:
            chunk_rows = rows[start:stop]
            block = np.asarray(vectors[chunk_rows], dtype=np.float32)
        # Each query's best k of this chunk (faiss's blocked matrix product and heaps, some twice
        # as fast as numpy's product and argpartition), then merged with the best so far.
        best_scores, best = _knn(queries, np.ascontiguousarray(block), min(k, len(block)))
        merged_ids = np.concatenate([ids, chunk_rows[np.maximum(best, 0)]], axis=1)
        merged_ids[:, k:][best < 0] = -1
        merged_scores = np.concatenate([scores, np.where(best >= 0, best_scores, -np.inf)], axis=1)
        ids, scores = _top_k(merged_ids, merged_scores, k)
    return ids, scores


def _knn(
    queries: NDArray[np.float32], block: NDArray[np.float32], k: int
) -> tuple[ScoreArray, IdArray]:
    """Exact top ``k`` inner products of ``queries`` over ``block``, on the calling thread."""
    faiss = _faiss()

    if k == 0 or len(queries) == 0:
        return np.zeros((len(queries), 0), np.float32), np.zeros((len(queries), 0), np.int64)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        scores, ids = faiss.knn(queries, block, k, metric=faiss.METRIC_INNER_PRODUCT)
    finally:
        faiss.omp_set_num_threads(threads)
    return np.asarray(scores, dtype=np.float32), np.asarray(ids, dtype=np.int64)


def _top_k(ids: IdArray, scores: ScoreArray, k: int) -> tuple[IdArray, ScoreArray]:
    if scores.shape[1] > k:
        part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        ids, scores = np.take_along_axis(ids, part, 1), np.take_along_axis(scores, part, 1)
    order = np.argsort(-scores, axis=1, kind="stable")
    return np.take_along_axis(ids, order, 1), np.take_along_axis(scores, order, 1)


class ExactIndex:
    """Exact search by numpy matrix products: the reference and the test oracle."""

    def __init__(self, vectors: NDArray[np.float32]) -> None:
        self._vectors = vectors

    @classmethod
    def load(cls, folder: Path) -> ExactIndex:
        """Open ``folder/vectors.npy`` memory-mapped, read-only."""
        return cls(_load_vectors(folder))

    @property
    def size(self) -> int:
        return int(self._vectors.shape[0])

    def vectors(self) -> NDArray[np.float32]:
        return self._vectors

    def search(
        self, queries: NDArray[np.float32], k: int, allowed: Mask | None = None
    ) -> tuple[IdArray, ScoreArray]:
        rows = None if allowed is None else np.flatnonzero(allowed).astype(np.int64)
        return exact_search(self._vectors, queries, k, rows)

    def save(self, folder: Path) -> None:
        save_vectors(folder, self._vectors)


class FaissIndex:
    """faiss over 8-bit scalar-quantised codes, with float32 rescoring of the candidates.

    IVF lists: about 5 s per million vectors to build on 2 cores, a few ms per request at 1M (an
    HNSW graph was measured too: most of a 1,077 s build at 1M for no better latency, so it is not
    offered). Filtered searches use
    ``IDSelectorBitmap`` inside the search; when the allowed rows are few (or ``k`` is a large
    share of them) an exact scan of the survivors is both cheaper and complete.
    """

    def __init__(self, index: Any, vectors: NDArray[np.float32], exact_below: int = 20_000) -> None:
        self._index = index
        self._vectors = vectors
        self.exact_below = exact_below

    @classmethod
    def build(cls, vectors: NDArray[np.float32]) -> FaissIndex:
        """Build IVF lists over 8-bit codes (inner product).

        Codes are padded with zeros to a multiple of 16 dimensions, which lets faiss use its SIMD
        distance kernels (about four times faster than the scalar path at 70 dimensions); the
        zeros change no inner product.
        """
        faiss = _faiss()

        count = len(vectors)
        dims, sq8 = padded_dims(vectors.shape[1]), faiss.ScalarQuantizer.QT_8bit
        lists = ivf_lists(count)
        quantizer = faiss.IndexFlatIP(dims)
        index: Any = faiss.IndexIVFScalarQuantizer(
            quantizer, dims, lists, sq8, faiss.METRIC_INNER_PRODUCT
        )
        index.own_fields = True
        quantizer.this.disown()
        index.cp.niter = 12  # k-means iterations: enough for coarse lists, half the default
        sample = min(count, 32 * lists)  # faiss warns below 39 points per list; 32 is plenty
        index.cp.min_points_per_centroid = 16
        if count:
            picks = np.sort(np.random.default_rng(0).choice(count, sample, replace=False))
            index.train(_padded(np.asarray(vectors[picks], dtype=np.float32), dims))
            for start in range(0, count, _ADD_CHUNK):  # bounds faiss's temporary buffers
                chunk = np.asarray(vectors[start : start + _ADD_CHUNK], dtype=np.float32)
                index.add(_padded(chunk, dims))
        return cls(index, vectors)

    @classmethod
    def load(cls, folder: Path) -> FaissIndex:
        """Open the faiss file memory-mapped (falling back to a plain read) and the vectors."""
        faiss = _faiss()

        path = str(folder / FAISS_FILE)
        try:
            index = faiss.read_index(path, faiss.IO_FLAG_MMAP_IFC)
        except RuntimeError:
            index = faiss.read_index(path)
        return cls(index, _load_vectors(folder))

    @property
    def size(self) -> int:
        return int(self._vectors.shape[0])

    def vectors(self) -> NDArray[np.float32]:
        return self._vectors

    def save(self, folder: Path) -> None:
        faiss = _faiss()

        save_vectors(folder, self._vectors)
        faiss.write_index(self._index, str(folder / FAISS_FILE))

    def search(
        self, queries: NDArray[np.float32], k: int, allowed: Mask | None = None
    ) -> tuple[IdArray, ScoreArray]:
        pool = self.size if allowed is None else int(np.count_nonzero(allowed))
        # A selective filter hides most of the lists: scanning the survivors is cheaper than a
        # filtered search below a few percent of the universe, and always complete.
        if pool <= max(self.exact_below, self.size // 50) or k * 8 >= pool:
            rows = None if allowed is None else np.flatnonzero(allowed).astype(np.int64)
            return exact_search(self._vectors, queries, k, rows)
        candidates = min(max(4 * k, 400), pool)
        # A filter hides part of the lists: probe more of them as the allowed share shrinks.
        widen = min(4.0, self.size / pool)
        found = self._lists_search(queries, candidates, int(candidates * widen), allowed)
        return self._rescore(queries, found, k)

    def _lists_search(
        self, queries: NDArray[np.float32], k: int, breadth: int, allowed: Mask | None
    ) -> IdArray:
        faiss = _faiss()

        params: Any = faiss.SearchParametersIVF()
        lists = int(self._index.nlist)
        # Small indexes have short lists: visit enough of them to see some 8,000 codes.
        floor = -(-IVF_MIN_CODES_SCANNED * lists // max(self.size, 1))
        params.nprobe = min(lists, max(IVF_PROBES, floor) * breadth // 400)
        if allowed is not None:
            bitmap = np.packbits(allowed, bitorder="little")
            selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bitmap))
            params.sel = selector
        data = _padded(np.asarray(queries, dtype=np.float32), int(self._index.d))
        # One thread per request (a setting of the calling thread only): a handful of queries
        # gains little from OpenMP, and on a busy machine its waiting threads cost milliseconds.
        threads = faiss.omp_get_max_threads()
        faiss.omp_set_num_threads(1)
        try:
            _, ids = self._index.search(data, k, params=params)
        finally:
            faiss.omp_set_num_threads(threads)
        return np.asarray(ids, dtype=np.int64)

    def _rescore(
        self, queries: NDArray[np.float32], found: IdArray, k: int
    ) -> tuple[IdArray, ScoreArray]:
        valid = found >= 0
        gathered = np.asarray(self._vectors[np.where(valid, found, 0).ravel()], dtype=np.float32)
        gathered = gathered.reshape(found.shape[0], found.shape[1], -1)
        scores = np.einsum("nkd,nd->nk", gathered, queries.astype(np.float32))
        scores = np.where(valid, scores, -np.inf).astype(np.float32)
        ids, scores = _top_k(found, scores, min(k, found.shape[1]))
        if ids.shape[1] < k:
            pad_ids, pad_scores = _empty_result(len(ids), k - ids.shape[1])
            ids, scores = np.hstack([ids, pad_ids]), np.hstack([scores, pad_scores])
        return ids, scores


def padded_dims(dims: int) -> int:
    """``dims`` rounded up to a multiple of 16 (faiss's SIMD kernels need whole blocks)."""
    return -(-dims // 16) * 16


def _padded(vectors: NDArray[np.float32], dims: int) -> NDArray[np.float32]:
    """Contiguous float32 rows widened with zero columns to ``dims``."""
    if vectors.shape[1] == dims:
        return np.ascontiguousarray(vectors, dtype=np.float32)
    wide = np.zeros((len(vectors), dims), dtype=np.float32)
    wide[:, : vectors.shape[1]] = vectors
    return wide


def ivf_lists(count: int) -> int:
    """IVF list count: about 2 sqrt(n) (some 500 vectors a list at 1M, 1,600 at 10M)."""
    return max(16, 2 * int(np.sqrt(count)))


def save_vectors(folder: Path, vectors: NDArray[np.float32]) -> None:
    """Write ``folder/vectors.npy`` unless ``vectors`` is already that file, memory-mapped."""
    path = folder / VECTORS_FILE
    filename = getattr(vectors, "filename", None)
    if filename is not None and path.exists() and Path(filename).samefile(path):
        return
    np.save(path, np.asarray(vectors, dtype=np.float32))


def load_array(path: Path) -> NDArray[Any]:
    """A ``.npy`` file memory-mapped read-only (empty arrays, which cannot be mapped, are read)."""
    try:
        mapped = np.load(path, mmap_mode="r", allow_pickle=False)
    except ValueError:
        return np.asarray(np.load(path, allow_pickle=False))
    # A plain ndarray view of the same mapped pages: indexing it skips np.memmap's Python layer.
    array: NDArray[Any] = mapped.view(np.ndarray)
    return array


def _load_vectors(folder: Path) -> NDArray[np.float32]:
    vectors = load_array(folder / VECTORS_FILE)
    return np.asarray(vectors, dtype=np.float32) if vectors.dtype != np.float32 else vectors


def load_index(folder: Path, kind: str) -> VectorIndex:
    """Open a saved index of ``kind`` (``"faiss"`` or ``"exact"``) from ``folder``."""
    if kind == "faiss" and (folder / FAISS_FILE).exists():
        return FaissIndex.load(folder)
    return ExactIndex.load(folder)


# Below this many vectors an exact scan is as fast as an index search, so no index is built.
INDEX_MIN_VECTORS = 20_000


def build_vector_index(vectors: NDArray[np.float32], kind: str) -> VectorIndex:
    """Build an index of ``kind`` over ``vectors`` (exact for small sets whatever the kind)."""
    if kind != "faiss" or len(vectors) < INDEX_MIN_VECTORS:
        return ExactIndex(vectors)
    return FaissIndex.build(vectors)
