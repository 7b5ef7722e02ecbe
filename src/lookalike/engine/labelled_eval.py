"""Recommendation quality on real labelled data shipped in ``lookalike/data/eval``, with baselines.

Each data set is an import-ready universe (``companies.csv``, maybe ``contacts.csv``) and a
``labels.csv`` giving every entity a fine class (a GICS sub-industry, a 6-digit NAICS code, an
O*NET occupation ...), a coarse class (sector, major group) and a split. A class is wholly ``dev``
or ``holdout`` (by a hash of its name): nothing in the engine was tuned on held-out classes, so
their figures are reported apart. Seed sets are drawn from one class (3 seeds for companies, 5 for
contacts, as a client would send), and the same draws go to every method:

- ``engine``: the recommender itself, a page of :data:`PAGE`;
- ``tf-idf centroid``: cosine to the mean TF-IDF vector of the seeds over the same text;
- ``lsa centroid``: the same after a 128-dimensional TruncatedSVD (latent semantic analysis);
- ``mean vector``: exact nearest neighbours of the mean of the engine's own seed vectors;
- ``random``.

Measures per draw: normalised precision of the fine class (hits divided by the most a page could
hold: ``min(PAGE, class size - seeds)``), plain precision of the fine class and of the coarse class.
"""

from __future__ import annotations

import csv
import random
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from lookalike.domain import EntityKind, RecommendationQuery
from lookalike.engine.build import build_index
from lookalike.engine.embeddings import unit_or_zero
from lookalike.engine.generation import Generation, KindData, load_generation
from lookalike.engine.index import exact_search
from lookalike.engine.recommender import SCORE_EVERYONE_BELOW, recommend_from
from lookalike.settings import Settings

PAGE = 10
SEEDS = {EntityKind.COMPANIES: 3, EntityKind.CONTACTS: 5}
SPLITS = ("dev", "holdout")
METHODS = ("engine", "tf-idf centroid", "lsa centroid", "mean vector", "random")
LSA_DIMS = 128
COMPANY_TEXT_COLUMNS = ("description", "industry", "keywords")
Method = Callable[[list[int]], list[int]]
Progress = Callable[[str], None]


@dataclass(frozen=True)
class LabelledSet:
    """One shipped data set: where its files are and every entity's classes."""

    name: str
    kind: EntityKind
    folder: Path
    labels: dict[str, tuple[str, str, str]]  # id -> (fine, coarse, split)

    @property
    def entity_file(self) -> Path:
        """The file whose entities are recommended (contacts.csv or companies.csv)."""
        stem = "contacts" if self.kind is EntityKind.CONTACTS else "companies"
        return self.folder / f"{stem}.csv"


@dataclass
class Scores:
    """Per-draw measures of one method on one split."""

    fine_normalised: list[float] = field(default_factory=list)
    fine: list[float] = field(default_factory=list)
    coarse: list[float] = field(default_factory=list)

    def mean(self, name: str) -> float:
        """Average of one measure (0 when nothing was drawn)."""
        values: list[float] = getattr(self, name)
        return float(np.mean(values)) if values else 0.0

    @property
    def draws(self) -> int:
        return len(self.fine)


@dataclass(frozen=True)
class SetResult:
    """Scores of every method on both splits of one data set."""

    name: str
    kind: EntityKind
    entities: int
    classes: dict[str, int]  # split -> classes drawn from
    scores: dict[tuple[str, str], Scores]  # (split, method) -> scores
    retrieval: bool = False  # the engine's candidates were retrieved, not every entity scored


def eval_root() -> Path:
    """The folder of shipped labelled data sets."""
    return Path(str(resources.files("lookalike") / "data" / "eval"))


def available_sets() -> list[str]:
    """Names of the shipped data sets (folders with a labels.csv)."""
    root = eval_root()
    if not root.exists():
        return []
    return sorted(p.name for p in root.iterdir() if (p / "labels.csv").exists())


def load_set(name: str) -> LabelledSet:
    """Read one data set's labels; its kind is contacts when it ships a contacts.csv."""
    folder = eval_root() / name
    kind = EntityKind.CONTACTS if (folder / "contacts.csv").exists() else EntityKind.COMPANIES
    with (folder / "labels.csv").open(encoding="utf-8", newline="") as handle:
        labels = {
            row["id"]: (row["fine"], row["coarse"], row["split"]) for row in csv.DictReader(handle)
        }
    return LabelledSet(name, kind, folder, labels)


@contextmanager
def imported_universe(settings: Settings, labelled: LabelledSet) -> Iterator[Generation]:
    """Import the set into a scratch store through the normal import path and index it."""
    from lookalike.ingest.importer import import_file
    from lookalike.store.database import create_store_engine, upgrade_database

    with tempfile.TemporaryDirectory(prefix="lookalike-eval-") as folder:
        scratch = settings.model_copy(update={"data_dir": Path(folder), "database_url": None})
        engine = create_store_engine(scratch.resolved_database_url)
        try:
            upgrade_database(engine)
            import_file(engine, EntityKind.COMPANIES, labelled.folder / "companies.csv")
            if labelled.kind is EntityKind.CONTACTS:
                import_file(engine, EntityKind.CONTACTS, labelled.folder / "contacts.csv")
            build_index(scratch, engine)
        finally:
            engine.dispose()
        yield load_generation(scratch.index_dir, scratch.index.kind)


def entity_texts(labelled: LabelledSet, data: KindData) -> list[str]:
    """The text each entity carries, in index row order: what the text baselines read."""
    by_id: dict[str, str] = {}
    with labelled.entity_file.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if labelled.kind is EntityKind.CONTACTS:
                text = row.get("jobTitle") or ""
                by_id[row["personId"]] = text
            else:
                parts = (row.get(column) or "" for column in COMPANY_TEXT_COLUMNS)
                by_id[row["companyId"]] = " ".join(p.replace("|", " ") for p in parts if p)
    return [by_id.get(data.id_of(row), "") for row in range(data.size)]


def evaluate_set(
    settings: Settings,
    labelled: LabelledSet,
    draws: int,
    seed: int,
    progress: Progress,
    retrieval: bool = False,
) -> SetResult:
    """Import, index and score one data set on both splits.

    With ``retrieval`` the engine never scores every entity: its candidates come from the ANN
    index and the inverted lists, as they do for universes above ``SCORE_EVERYONE_BELOW``.
    """
    progress(f"{labelled.name}: importing and indexing")
    with imported_universe(settings, labelled) as generation:
        data = generation.contacts if labelled.kind is EntityKind.CONTACTS else generation.companies
        fine, coarse, split = _row_labels(labelled, data)
        progress(f"{labelled.name}: fitting the text baselines")
        methods = _methods(generation, labelled, data, 0 if retrieval else SCORE_EVERYONE_BELOW)
        scores = {(s, m): Scores() for s in SPLITS for m in METHODS}
        classes: dict[str, int] = {}
        for split_name in SPLITS:
            progress(f"{labelled.name}: {draws} draws on {split_name}")
            classes[split_name] = _score_split(
                split_name, fine, coarse, split, methods, scores, labelled.kind, draws, seed
            )
        return SetResult(labelled.name, labelled.kind, data.size, classes, scores, retrieval)


def _row_labels(
    labelled: LabelledSet, data: KindData
) -> tuple[NDArray[np.str_], NDArray[np.str_], NDArray[np.str_]]:
    triples = [labelled.labels.get(data.id_of(row), ("", "", "")) for row in range(data.size)]
    fine, coarse, split = zip(*triples, strict=True) if triples else ((), (), ())
    return np.array(fine), np.array(coarse), np.array(split)


def _score_split(
    split_name: str,
    fine: NDArray[np.str_],
    coarse: NDArray[np.str_],
    split: NDArray[np.str_],
    methods: dict[str, Method],
    scores: dict[tuple[str, str], Scores],
    kind: EntityKind,
    draws: int,
    seed: int,
) -> int:
    """Draw seed sets from this split's classes and score every method on the same draws."""
    seeds_per_draw = SEEDS[kind]
    members: dict[str, list[int]] = defaultdict(list)
    for row in np.flatnonzero((split == split_name) & (fine != "")).tolist():
        members[str(fine[row])].append(row)
    class_sizes = {label: int(np.count_nonzero(fine == label)) for label in members}
    eligible = sorted(label for label, rows in members.items() if len(rows) > seeds_per_draw)
    rng = random.Random(f"{seed}-{split_name}")
    for _ in range(draws if eligible else 0):
        label = rng.choice(eligible)
        seeds = rng.sample(members[label], seeds_per_draw)
        best_possible = min(PAGE, class_sizes[label] - seeds_per_draw)
        for name, method in methods.items():
            found = method(seeds)[:PAGE]
            hits = sum(1 for row in found if fine[row] == label)
            coarse_hits = sum(1 for row in found if coarse[row] == coarse[seeds[0]])
            result = scores[(split_name, name)]
            result.fine_normalised.append(hits / best_possible)
            result.fine.append(hits / PAGE)
            result.coarse.append(coarse_hits / PAGE)
    return len(eligible)


def _methods(
    generation: Generation, labelled: LabelledSet, data: KindData, score_everyone_below: int
) -> dict[str, Method]:
    texts = entity_texts(labelled, data)
    tfidf, lsa = _text_matrices(texts, labelled.kind)
    vectors = data.index.vectors()

    def engine(seeds: list[int]) -> list[int]:
        query = RecommendationQuery(
            kind=labelled.kind, seed_ids=tuple(data.id_of(r) for r in seeds), limit=PAGE
        )
        page = recommend_from(generation, query, score_everyone_below)
        return [int(row) for row in data.rows_of(item.entity_id for item in page.items)]

    def mean_vector(seeds: list[int]) -> list[int]:
        centre = unit_or_zero(np.asarray(vectors[seeds], np.float32).mean(axis=0))[None, :]
        ids, _ = exact_search(vectors, centre, PAGE + len(seeds), None)
        return [r for r in ids[0].tolist() if r >= 0 and r not in seeds]

    rng = random.Random(0)

    def random_pick(seeds: list[int]) -> list[int]:
        others = [r for r in rng.sample(range(data.size), min(data.size, PAGE + len(seeds)))]
        return [r for r in others if r not in seeds]

    return {
        "engine": engine,
        "tf-idf centroid": lambda seeds: _centroid_neighbours(tfidf, seeds),
        "lsa centroid": lambda seeds: _centroid_neighbours(lsa, seeds),
        "mean vector": mean_vector,
        "random": random_pick,
    }


def _text_matrices(texts: Sequence[str], kind: EntityKind) -> tuple[Any, NDArray[np.float32]]:
    """The TF-IDF matrix of ``texts`` (sparse, rows unit length) and its LSA projection."""
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    tfidf = TfidfVectorizer(sublinear_tf=True).fit_transform(texts)
    dims = max(1, min(LSA_DIMS, tfidf.shape[1] - 1, tfidf.shape[0] - 1))
    lsa = TruncatedSVD(n_components=dims, random_state=0).fit_transform(tfidf)
    norms = np.linalg.norm(lsa, axis=1, keepdims=True)
    return tfidf, (lsa / np.where(norms > 0, norms, 1.0)).astype(np.float32)


def _centroid_neighbours(matrix: Any, seeds: list[int]) -> list[int]:
    """Rows by cosine to the mean of the seed rows (sparse or dense), seeds left out."""
    centre = np.asarray(matrix[seeds].mean(axis=0)).ravel()
    similarity = np.asarray(matrix @ centre, dtype=np.float64).ravel()
    similarity[seeds] = -np.inf
    count = min(PAGE, len(similarity) - len(seeds))
    if count <= 0:
        return []
    top = np.argpartition(-similarity, count - 1)[:count]
    return [int(r) for r in top[np.argsort(-similarity[top], kind="stable")]]
