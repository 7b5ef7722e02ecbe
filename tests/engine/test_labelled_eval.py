"""`lookalike eval lookalikes` on a shipped labelled data set, through the CLI and the measure."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from lookalike.cli.main import app
from lookalike.domain import EntityKind
from lookalike.engine.labelled_eval import (
    METHODS,
    SPLITS,
    SetResult,
    available_sets,
    evaluate_set,
    load_set,
)
from lookalike.settings import Settings

DATASET = "listed-companies"
DRAWS = 5
SEED = 20221


def table_rows(output: str) -> list[list[str]]:
    """The cells of every body row of a rendered rich table."""
    return [
        [cell.strip() for cell in line.split("│")[1:-1]]
        for line in output.splitlines()
        if line.startswith("│")
    ]


@pytest.fixture(scope="module")
def result(tmp_path_factory: pytest.TempPathFactory) -> SetResult:
    settings = Settings(data_dir=Path(tmp_path_factory.mktemp("labelled")))
    messages: list[str] = []
    found = evaluate_set(settings, load_set(DATASET), DRAWS, SEED, messages.append)
    assert any("importing and indexing" in message for message in messages)
    return found


def test_eval_lookalikes_prints_every_method_on_both_splits_and_the_ratio(
    tmp_path: Path,
) -> None:
    arguments = ["--data-dir", str(tmp_path), "eval", "lookalikes"]
    options = ["--dataset", DATASET, "--draws", str(DRAWS)]
    outcome = CliRunner().invoke(app, arguments + options)
    assert outcome.exit_code == 0, outcome.output
    split, seen = "", set()
    for cells in table_rows(outcome.output):
        assert len(cells) == 6, cells
        split = cells[0].split(" (")[0] or split
        seen.add((split, cells[1]))
        assert cells[2] == str(DRAWS), cells
        assert all(0.0 <= float(value) <= 1.0 for value in cells[3:]), cells
    assert seen == {(s, m) for s in SPLITS for m in METHODS}
    text = " ".join(outcome.output.split())  # the caption wraps at the console width
    for name in SPLITS:
        assert f"{name}: engine / tf-idf centroid on fine nP@10 = " in text
    assert f"{DATASET}: " in text and " companies, 3 seeds, page 10" in text


def test_eval_lookalikes_rejects_an_unknown_data_set_naming_the_shipped_ones(
    tmp_path: Path,
) -> None:
    arguments = ["--data-dir", str(tmp_path), "eval", "lookalikes"]
    outcome = CliRunner().invoke(app, [*arguments, "--dataset", "no-such-set"])
    assert outcome.exit_code != 0
    text = " ".join(outcome.output.split())
    assert "no-such-set" in text
    assert DATASET in available_sets()
    for name in available_sets():
        assert name in text


def test_labelled_sets_are_shipped_with_labels_for_every_split() -> None:
    labelled = load_set(DATASET)
    assert labelled.kind is EntityKind.COMPANIES
    assert labelled.entity_file.exists()
    assert {split for _, _, split in labelled.labels.values()} == set(SPLITS)


def test_every_method_scores_within_the_unit_interval_on_the_same_draws(
    result: SetResult,
) -> None:
    assert result.name == DATASET and result.kind is EntityKind.COMPANIES
    assert result.entities > 0
    assert set(result.scores) == {(s, m) for s in SPLITS for m in METHODS}
    for (split, method), scores in result.scores.items():
        assert result.classes[split] > 0
        assert scores.draws == DRAWS, (split, method)
        for measure in (scores.fine_normalised, scores.fine, scores.coarse):
            assert len(measure) == DRAWS
            assert all(0.0 <= value <= 1.0 for value in measure), (split, method)


def test_the_engine_beats_random_picks_on_normalised_fine_precision(result: SetResult) -> None:
    for split in SPLITS:
        engine = result.scores[(split, "engine")].mean("fine_normalised")
        randomly = result.scores[(split, "random")].mean("fine_normalised")
        assert engine > randomly, split
        assert engine > 0.3, split


def test_eval_with_retrieval_scores_the_engine_through_its_candidate_retrieval(
    tmp_path: Path,
) -> None:
    arguments = ["--data-dir", str(tmp_path), "eval", "lookalikes"]
    options = ["--dataset", DATASET, "--draws", str(DRAWS), "--retrieval"]
    outcome = CliRunner().invoke(app, arguments + options)
    assert outcome.exit_code == 0, outcome.output
    assert "candidates retrieved" in " ".join(outcome.output.split())
    engine_rows = [cells for cells in table_rows(outcome.output) if cells[1] == "engine"]
    assert len(engine_rows) == len(SPLITS)
    assert all(0.0 < float(cells[3]) <= 1.0 for cells in engine_rows)
