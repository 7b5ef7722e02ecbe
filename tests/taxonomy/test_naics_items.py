from __future__ import annotations

from lookalike.taxonomy.naics_items import evaluation_items, is_evaluation_item, training_items


def test_training_and_evaluation_items_are_disjoint_and_cover_the_index() -> None:
    training = training_items()
    evaluation = evaluation_items()
    assert not {text for _, text in training} & {text for _, text in evaluation}
    assert 15_000 < len(training) + len(evaluation) < 25_000
    assert all(len(code) == 6 and code.isdigit() for code, _ in training)
    assert 0.25 < len(evaluation) / (len(training) + len(evaluation)) < 0.35


def test_the_hold_out_depends_on_the_wording_not_on_case_or_punctuation() -> None:
    text = "Soybean farming, field and seed production"
    assert is_evaluation_item(text) == is_evaluation_item(
        "SOYBEAN farming field and seed production"
    )
    assert all(not is_evaluation_item(text) for _, text in training_items()[:200])


def test_every_evaluation_item_is_flagged_and_keeps_its_code() -> None:
    codes = {code for code, _ in training_items()}
    evaluation = evaluation_items()
    assert all(is_evaluation_item(text) for _, text in evaluation)
    assert len({code for code, _ in evaluation} - codes) < len({code for code, _ in evaluation})
