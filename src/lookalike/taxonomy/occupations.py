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
from dataclasses import dataclass
from functools import cache, lru_cache

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._nearest import NearestTextIndex
from lookalike.taxonomy._text import normalize
from lookalike.taxonomy._translate import to_english

HOLDOUT_PERCENT = 15
# hand-labelled evaluation titles (data/titles/): never part of the lookup vocabulary
EVALUATION_FILES = ("eval_titles.csv", "eval_titles_blind.csv")
MIN_SIMILARITY = 0.2
VOTING_NEIGHBOURS = 10
# neighbours less than half as similar as the best one are not worth ranking
NEIGHBOUR_RELATIVE_SIMILARITY = 0.5


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
    return _Vocabulary(titles=titles, soc_codes=soc_codes, index=index)


def vocabulary_titles() -> tuple[str, ...]:
    """Every title the lookup can match (occupation titles and kept alternate titles)."""
    return _vocabulary().titles


@lru_cache(maxsize=200_000)
def match_occupation(title: str) -> OccupationMatch | None:
    """The O*NET occupation nearest to ``title``, or None when nothing is similar enough.

    The ten nearest vocabulary titles vote for their occupation, weighted by similarity to the
    fourth power, so one odd near-duplicate ("Software Test Engineer") does not outvote many
    close titles of another occupation ("Java Software Engineer", "Systems Software Engineer").
    """
    matches = nearest_occupations(title, k=VOTING_NEIGHBOURS)
    if not matches:
        return None
    votes: dict[str, float] = {}
    for match in matches:
        votes[match.soc_code] = votes.get(match.soc_code, 0.0) + match.similarity**4
    winner = max(votes, key=votes.__getitem__)
    return next(match for match in matches if match.soc_code == winner)


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


def occupation_codes() -> list[str]:
    """Every O*NET-SOC code, sorted."""
    return sorted(_occupations())


def occupation_or_none(soc_code: str) -> Occupation | None:
    """The occupation (title and description) of a SOC code, or None when unknown."""
    return _occupations().get(soc_code)
