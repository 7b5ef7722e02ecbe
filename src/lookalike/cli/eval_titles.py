"""``lookalike eval titles``: accuracy of the title classifier on labelled titles it never saw."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from lookalike.cli.context import console
from lookalike.taxonomy.evaluation import (
    BLIND_SOURCE,
    HAND_SOURCE,
    MESSY_HOLDOUT_SOURCE,
    MESSY_SOURCE,
    MULTILINGUAL_HOLDOUT_SOURCE,
    MULTILINGUAL_SOURCE,
    LabelledTitle,
    Score,
    hand_checked_titles,
    onet_holdout_titles,
    score_titles,
)

# department any / exact and seniority of hand-messy when first scored (before the rules for its
# titles were written) and of hand-messy-holdout when scored once (after that work was finished)
MESSY_FIRST_SCORE = "0.873/0.832/0.911"
MESSY_HOLDOUT_SCORE = "0.960/0.894/0.974"
# the same for the Italian, Portuguese and Dutch titles, before the translation tables covered them
MULTILINGUAL_FIRST_SCORE = "0.477/0.462/0.385"
MULTILINGUAL_HOLDOUT_FIRST_SCORE = "0.400/0.400/0.333"


def _percent(score: Score, hits: int, total: int) -> str:
    ratio = score.ratio(hits, total)
    return "-" if ratio is None else f"{ratio:.3f}"


def _add_rows(table: Table, label: str, items: list[LabelledTitle]) -> list[str]:
    """Rows for one source: overall, then per language, style and kind; returns the misses."""
    scores = score_titles(items, ["language", "style", "kind"])
    keys = ["overall"] + [
        key
        for prefix in ("language=", "style=", "kind=")
        for key in sorted(k for k in scores if k.startswith(prefix))
    ]
    for key in keys:
        score = scores[key]
        if key != "overall" and scores[key].titles == score_total(scores):
            continue  # a slice holding every title adds nothing to the overall row
        name = label if key == "overall" else f"  {key.split('=', 1)[1]}"
        table.add_row(
            name,
            str(score.titles),
            _percent(score, score.department_any, score.titles),
            _percent(score, score.department_exact, score.titles),
            _percent(score, score.seniority_correct, score.seniority_titles),
        )
    return scores["overall"].misses


def score_total(scores: dict[str, Score]) -> int:
    """How many titles the overall row counts."""
    return scores["overall"].titles


def titles(
    ctx: typer.Context,
    onet_limit: Annotated[
        int,
        typer.Option(
            "--onet-limit", help="Score at most this many O*NET hold-out titles (0: all)."
        ),
    ] = 0,
    show_misses: Annotated[
        int, typer.Option("--show-misses", help="Also list this many misclassified titles.")
    ] = 0,
) -> None:
    """Department and seniority accuracy, overall, per source and per language."""
    console.print("Loading the title vocabulary and scoring ...")
    table = Table(title="Title classifier accuracy (titles never seen by its tables or vocabulary)")
    for column in ("source / slice", "titles", "department any", "department exact", "seniority"):
        table.add_column(column, justify="left" if column.startswith("source") else "right")
    misses: list[str] = []
    misses += _add_rows(table, f"{HAND_SOURCE} (dev)", hand_checked_titles(HAND_SOURCE))
    misses += _add_rows(table, f"{BLIND_SOURCE}", hand_checked_titles(BLIND_SOURCE))
    messy_label = f"{MESSY_SOURCE} (blind first score {MESSY_FIRST_SCORE})"
    misses += _add_rows(table, messy_label, hand_checked_titles(MESSY_SOURCE))
    holdout_label = f"{MESSY_HOLDOUT_SOURCE} (held out {MESSY_HOLDOUT_SCORE})"
    misses += _add_rows(table, holdout_label, hand_checked_titles(MESSY_HOLDOUT_SOURCE))
    multilingual_label = f"{MULTILINGUAL_SOURCE} (first score {MULTILINGUAL_FIRST_SCORE})"
    misses += _add_rows(table, multilingual_label, hand_checked_titles(MULTILINGUAL_SOURCE))
    multilingual_holdout_label = (
        f"{MULTILINGUAL_HOLDOUT_SOURCE} (first score {MULTILINGUAL_HOLDOUT_FIRST_SCORE})"
    )
    misses += _add_rows(
        table, multilingual_holdout_label, hand_checked_titles(MULTILINGUAL_HOLDOUT_SOURCE)
    )
    onet = onet_holdout_titles(limit=onet_limit or None)
    misses += _add_rows(table, "onet-holdout (department only)", onet)
    out = Console(width=110)
    out.print(table)
    out.print(
        "department any: a predicted department is one of the labelled ones; exact: the same set.\n"
        "hand-checked (dev) guided the error analysis of the rule tables; hand-blind was scored\n"
        "after its labels were written (first score, before the vocabulary gaps it showed were\n"
        "filled: department any 0.903, exact 0.862, seniority 0.934); onet-holdout: O*NET\n"
        "alternate titles left out of the lookup, labelled by their occupation's SOC group.\n"
        "hand-messy: realistic CV and executive-listing titles (abbreviations, levels, companies,\n"
        "places, combined roles), first scored before the rules for them were written;\n"
        "hand-messy-holdout: written after that work and scored once. The scores in their labels\n"
        "are department any / exact / seniority at that first scoring.\n"
        "hand-multilingual (dev) and hand-multilingual-holdout: Italian, Portuguese and Dutch\n"
        "titles written before the translation tables covered those languages; the holdout was\n"
        "scored once after that work.\n"
        "'table term': the whole title is a word or phrase of the tables; 'composed': it is not."
    )
    for miss in misses[:show_misses]:
        out.print(f"miss: {miss}")
