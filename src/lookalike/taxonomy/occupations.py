"""O*NET occupations: nearest-occupation lookup for job titles in English, German, French, Spanish.

The vocabulary is every O*NET 27.0 occupation title plus its alternate titles, except a
deterministic ~15 % of alternate titles held out (by a hash of the normalised title) as an
evaluation set the lookup never sees, and except every title of the hand-labelled evaluation files.
Foreign words are rendered in English first (:mod:`lookalike.taxonomy._translate`), so
"Softwareentwickler" and "Software Developer" land on the same occupation.
"""

from __future__ import annotations

import csv
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._nearest import NearestTextIndex
from lookalike.taxonomy._text import normalize
from lookalike.taxonomy._translate import to_english
from lookalike.text_model import text_model

HOLDOUT_PERCENT = 15
# hand-labelled evaluation titles (data/titles/): never part of the lookup vocabulary
EVALUATION_FILES = (
    "eval_titles.csv",
    "eval_titles_blind.csv",
    "eval_titles_messy.csv",
    "eval_titles_messy_holdout.csv",
)
MIN_SIMILARITY = 0.2
VOTING_NEIGHBOURS = 10
# occupations are looked for among more neighbours when the title's department narrows the vote
AGREEMENT_NEIGHBOURS = 40
DISAGREEING_WEIGHT = 0.1
# neighbours less than half as similar as the best one are not worth ranking
NEIGHBOUR_RELATIVE_SIMILARITY = 0.5
SEMANTIC_DIMS = 128  # leading dimensions of the sentence model used for title neighbours


@dataclass(frozen=True, slots=True)
class OccupationMatch:
    """The occupation nearest to a title: SOC code, matched vocabulary title and similarity."""

    soc_code: str
    title: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Occupation:
    """One O*NET occupation: SOC code, title and description."""

    soc_code: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class _Vocabulary:
    titles: tuple[str, ...]
    soc_codes: tuple[str, ...]
    index: NearestTextIndex
    by_key: dict[str, tuple[str, str]]  # normalised title -> (soc code, title)


def _read_tsv(name: str) -> list[list[str]]:
    with data_path("onet", name).open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows[1:]


def is_held_out(title: str) -> bool:
    """Whether an alternate title belongs to the evaluation hold-out (never in the vocabulary)."""
    return zlib.crc32(normalize(title).encode()) % 100 < HOLDOUT_PERCENT


@cache
def _occupations() -> dict[str, Occupation]:
    return {row[0]: Occupation(row[0], row[1], row[2]) for row in _read_tsv("Occupation Data.txt")}


@cache
def _alternate_titles() -> tuple[tuple[str, str], ...]:
    """(soc_code, title) pairs of every alternate and short title."""
    pairs: list[tuple[str, str]] = []
    for row in _read_tsv("Alternate Titles.txt"):
        pairs.append((row[0], row[1]))
        if len(row) > 2 and row[2] not in ("", "n/a"):
            pairs.append((row[0], row[2]))
    return tuple(pairs)


def held_out_titles() -> list[tuple[str, str]]:
    """(soc_code, title) pairs held out of the vocabulary for evaluation, unique by title."""
    vocabulary_keys = {normalize(title) for title in _vocabulary().titles}
    seen: set[str] = set()
    held: list[tuple[str, str]] = []
    for soc_code, title in _alternate_titles():
        key = normalize(title)
        if is_held_out(title) and key not in vocabulary_keys and key not in seen:
            seen.add(key)
            held.append((soc_code, title))
    return held


@cache
def evaluation_title_keys() -> frozenset[str]:
    """Normalised titles of the hand-labelled evaluation files, which the vocabulary leaves out."""
    keys: set[str] = set()
    for name in EVALUATION_FILES:
        with data_path("titles", name).open(encoding="utf-8", newline="") as handle:
            keys.update(normalize(row["title"]) for row in csv.DictReader(handle))
    return frozenset(keys)


@cache
def _vocabulary() -> _Vocabulary:
    entries: dict[str, tuple[str, str]] = {}
    excluded = evaluation_title_keys()
    for soc_code, occupation in _occupations().items():
        if normalize(occupation.title) not in excluded:
            entries.setdefault(normalize(occupation.title), (soc_code, occupation.title))
    for soc_code, title in _alternate_titles():
        key = normalize(title)
        if not is_held_out(title) and key not in excluded:
            entries.setdefault(key, (soc_code, title))
    soc_codes = tuple(soc for soc, _ in entries.values())
    titles = tuple(title for _, title in entries.values())
    index = NearestTextIndex([" ".join(to_english(title)) for title in titles])
    return _Vocabulary(titles=titles, soc_codes=soc_codes, index=index, by_key=entries)


def vocabulary_titles() -> tuple[str, ...]:
    """Every title the lookup can match (occupation titles and kept alternate titles)."""
    return _vocabulary().titles


def vocabulary_entries() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The vocabulary's titles and the SOC code of each (what the title classifier learns)."""
    vocabulary = _vocabulary()
    return vocabulary.titles, vocabulary.soc_codes


def exact_vocabulary_title(title: str) -> tuple[str, str] | None:
    """``(soc_code, vocabulary title)`` when ``title`` is, once normalised, a vocabulary title."""
    return _vocabulary().by_key.get(normalize(title))


def nearest_occupations(title: str, k: int = 10) -> list[OccupationMatch]:
    """Up to ``k`` vocabulary titles nearest to ``title``, best first, none below MIN_SIMILARITY."""
    english = " ".join(to_english(title))
    if not english:
        return []
    vocabulary = _vocabulary()
    return [
        OccupationMatch(
            vocabulary.soc_codes[n.position], vocabulary.titles[n.position], min(1.0, n.similarity)
        )
        for n in vocabulary.index.nearest(english, k=k, relative=NEIGHBOUR_RELATIVE_SIMILARITY)
        if n.similarity >= MIN_SIMILARITY
    ]


@cache
def _semantic_vocabulary() -> NDArray[np.float32]:
    """Unit embeddings (leading :data:`SEMANTIC_DIMS`) of the vocabulary titles, in English."""
    vectors = text_model().embed([" ".join(to_english(t)) for t in _vocabulary().titles])
    return _unit_rows(vectors[:, :SEMANTIC_DIMS])


def _unit_rows(matrix: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.ascontiguousarray(matrix / np.where(norms > 0, norms, 1.0), dtype=np.float32)


@cache
def occupation_centroids() -> dict[str, NDArray[np.float32]]:
    """Each occupation's meaning: the unit mean embedding of its vocabulary titles.

    Held-out titles are not in the vocabulary, so they shape no occupation's vector.
    """
    vectors = _semantic_vocabulary()
    codes = np.array(_vocabulary().soc_codes)
    unique, inverse = np.unique(codes, return_inverse=True)
    sums = np.zeros((len(unique), vectors.shape[1]), dtype=np.float64)
    np.add.at(sums, inverse, vectors)
    centroids = _unit_rows(sums.astype(np.float32))
    return {str(code): centroids[row] for row, code in enumerate(unique)}


def semantic_neighbours(title: str, k: int = 10) -> list[OccupationMatch]:
    """Up to ``k`` vocabulary titles nearest in meaning (the shipped sentence model), best first.

    Two wordings of one job ("Backend Developer", "Server-side Software Engineer") share few
    character n-grams but land close here.
    """
    english = " ".join(to_english(title))
    if not english:
        return []
    query = _unit_rows(text_model().embed([english])[:, :SEMANTIC_DIMS])[0]
    if not query.any():
        return []
    similarity = _semantic_vocabulary() @ query
    top = np.argpartition(-similarity, min(k, len(similarity) - 1))[:k]
    vocabulary = _vocabulary()
    return [
        OccupationMatch(vocabulary.soc_codes[i], vocabulary.titles[i], float(similarity[i]))
        for i in top[np.argsort(-similarity[top])]
        if similarity[i] >= MIN_SIMILARITY
    ]


@cache
def _semantic_search() -> Any:
    """A faiss inner-product index over :func:`_semantic_vocabulary` (exact, batch searches)."""
    import faiss

    vectors = _semantic_vocabulary()
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    return index


def semantic_neighbours_many(titles: Sequence[str], k: int = 10) -> list[list[OccupationMatch]]:
    """:func:`semantic_neighbours` of many titles at once (one matrix search, not one per title)."""
    if not titles:
        return []
    english = [" ".join(to_english(title)) for title in titles]
    queries = _unit_rows(text_model().embed(english)[:, :SEMANTIC_DIMS])
    similarities, positions = _semantic_search().search(queries, k)
    vocabulary = _vocabulary()
    found: list[list[OccupationMatch]] = []
    for query, row_similarity, row_positions in zip(queries, similarities, positions, strict=True):
        found.append(
            [
                OccupationMatch(vocabulary.soc_codes[i], vocabulary.titles[i], float(similarity))
                for similarity, i in zip(
                    row_similarity.tolist(), row_positions.tolist(), strict=True
                )
                if query.any() and i >= 0 and similarity >= MIN_SIMILARITY
            ]
        )
    return found


def occupation_codes() -> list[str]:
    """Every O*NET-SOC code, sorted."""
    return sorted(_occupations())


def occupation_or_none(soc_code: str) -> Occupation | None:
    """The occupation (title and description) of a SOC code, or None when unknown."""
    return _occupations().get(soc_code)
