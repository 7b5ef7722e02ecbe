"""Accuracy of the title classifier on labelled titles it never saw.

Sources: the hand-checked ``data/titles/eval_titles.csv`` (dev) and ``eval_titles_blind.csv``
(English, German, French and Spanish, clean and noisy titles, labelled with departments and
seniority); ``eval_titles_messy.csv``, realistic messy titles as CVs and executive listings carry
them (abbreviations, levels, companies and places inside the title, combined roles, clinical and
academic titles; style ``clean``, ``noisy`` or ``exec``), written and scored before the rules for
them were, and ``eval_titles_messy_holdout.csv``, written after that rule work and scored once;
``eval_titles_multilingual.csv`` (Italian, Portuguese and Dutch titles, which the translation
tables did not cover when it was written) and ``eval_titles_multilingual_holdout.csv``, written
at the same time, before those tables were extended, and scored once after; and the O*NET
alternate titles held out of the nearest-title vocabulary (labelled with their occupation's
department only).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from lookalike.domain import Department, Seniority
from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._text import normalize
from lookalike.taxonomy._translate import translations
from lookalike.taxonomy.occupations import held_out_titles
from lookalike.taxonomy.soc_departments import department_for_soc
from lookalike.taxonomy.title_rules import rule_tables
from lookalike.taxonomy.titles import classify_title

HAND_SOURCE = "hand-checked"
BLIND_SOURCE = "hand-blind"
MESSY_SOURCE = "hand-messy"
MESSY_HOLDOUT_SOURCE = "hand-messy-holdout"
MULTILINGUAL_SOURCE = "hand-multilingual"
MULTILINGUAL_HOLDOUT_SOURCE = "hand-multilingual-holdout"
ONET_SOURCE = "onet-holdout"
_HAND_FILES = {
    HAND_SOURCE: "eval_titles.csv",
    BLIND_SOURCE: "eval_titles_blind.csv",
    MESSY_SOURCE: "eval_titles_messy.csv",
    MESSY_HOLDOUT_SOURCE: "eval_titles_messy_holdout.csv",
    MULTILINGUAL_SOURCE: "eval_titles_multilingual.csv",
    MULTILINGUAL_HOLDOUT_SOURCE: "eval_titles_multilingual_holdout.csv",
}


@dataclass(frozen=True, slots=True)
class LabelledTitle:
    """One evaluation title with its expected departments and (when labelled) seniority."""

    title: str
    departments: frozenset[Department]
    seniority: Seniority | None
    language: str
    source: str
    style: str = "clean"
    kind: str = "composed"


@dataclass(slots=True)
class Score:
    """Running accuracy counts for one slice of the evaluation set."""

    titles: int = 0
    department_any: int = 0
    department_exact: int = 0
    seniority_titles: int = 0
    seniority_correct: int = 0
    misses: list[str] = field(default_factory=list)

    def ratio(self, hits: int, total: int) -> float | None:
        """hits / total, or None for an empty slice."""
        return hits / total if total else None


TABLE_TERM = "table term"
COMPOSED = "composed"


@cache
def table_terms() -> frozenset[str]:
    """Every word and phrase the classifier's rule and translation tables hold, normalised.

    An evaluation title equal to one of them (a bare "Recruiter", "Geschäftsführer") measures the
    tables' coverage rather than generalisation, so the evaluation reports those titles apart.
    """
    foreign = translations()
    terms = rule_tables().terms() | {" ".join(key) for key in foreign.phrases} | set(foreign.words)
    return frozenset(terms)


def _kind(title: str) -> str:
    return TABLE_TERM if normalize(title) in table_terms() else COMPOSED


def hand_checked_titles(source: str = HAND_SOURCE) -> list[LabelledTitle]:
    """Hand-labelled titles: ``eval_titles.csv`` (used for error analysis while the rules were
    written) or, for ``BLIND_SOURCE``, ``eval_titles_blind.csv`` (written before it was scored),
    ``MESSY_SOURCE`` and ``MESSY_HOLDOUT_SOURCE`` (the messy sets, see the module docstring)."""
    with data_path("titles", _HAND_FILES[source]).open(encoding="utf-8", newline="") as handle:
        return [
            LabelledTitle(
                title=row["title"],
                departments=frozenset(
                    Department.from_label(d) for d in row["departments"].split("|")
                ),
                seniority=Seniority.from_label(row["seniority"]),
                language=row["language"],
                source=source,
                style=row["style"],
                kind=_kind(row["title"]),
            )
            for row in csv.DictReader(handle)
        ]


def onet_holdout_titles(limit: int | None = None) -> list[LabelledTitle]:
    """O*NET alternate titles held out of the vocabulary, labelled by their SOC department."""
    held = held_out_titles()
    if limit is not None:
        held = held[:: max(1, len(held) // limit)][:limit]
    return [
        LabelledTitle(
            title, frozenset({department_for_soc(soc)}), None, "en", ONET_SOURCE, kind=_kind(title)
        )
        for soc, title in held
    ]


def score_titles(labelled: Iterable[LabelledTitle], slices: Sequence[str]) -> dict[str, Score]:
    """Scores keyed by slice name ("overall", "source=...", "language=...", "style=...")."""
    scores: dict[str, Score] = {}
    for item in labelled:
        predicted = classify_title(item.title)
        departments = set(predicted.departments)
        keys = ["overall"] + [f"{name}={getattr(item, name)}" for name in slices]
        for key in keys:
            score = scores.setdefault(key, Score())
            score.titles += 1
            score.department_any += bool(departments & item.departments)
            score.department_exact += departments == item.departments
            if item.seniority is not None:
                score.seniority_titles += 1
                score.seniority_correct += predicted.seniority == item.seniority
        if not departments & item.departments or (
            item.seniority is not None and predicted.seniority != item.seniority
        ):
            got = "|".join(d.value for d in predicted.departments)
            want = "|".join(sorted(d.value for d in item.departments))
            expected_seniority = item.seniority.label if item.seniority else "-"
            scores["overall"].misses.append(
                f"{item.title!r}: got {got} / {predicted.seniority.label}, "
                f"want {want} / {expected_seniority}"
            )
    return scores
