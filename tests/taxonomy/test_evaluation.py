from __future__ import annotations

from collections import Counter

from lookalike.taxonomy._text import normalize
from lookalike.taxonomy.evaluation import (
    BLIND_SOURCE,
    HAND_SOURCE,
    TABLE_TERM,
    hand_checked_titles,
    onet_holdout_titles,
    score_titles,
    table_terms,
)
from lookalike.taxonomy.occupations import vocabulary_titles


def test_evaluation_titles_are_disjoint_from_the_nearest_title_vocabulary() -> None:
    vocabulary = {normalize(title) for title in vocabulary_titles()}
    evaluation = hand_checked_titles(HAND_SOURCE) + hand_checked_titles(BLIND_SOURCE)
    evaluation += onet_holdout_titles()
    assert {normalize(item.title) for item in evaluation} & vocabulary == set()


def test_about_fifteen_percent_of_onet_titles_are_held_out() -> None:
    held = len(onet_holdout_titles())
    assert 0.10 < held / (held + len(vocabulary_titles())) < 0.20


def test_no_evaluation_title_of_three_or_more_words_is_copied_into_the_tables() -> None:
    evaluation = hand_checked_titles(HAND_SOURCE) + hand_checked_titles(BLIND_SOURCE)
    copied = [
        item.title
        for item in evaluation
        if len(normalize(item.title).split()) >= 3 and normalize(item.title) in table_terms()
    ]
    assert copied == []


def test_the_hand_checked_set_covers_four_languages_and_noisy_titles() -> None:
    items = hand_checked_titles(HAND_SOURCE)
    languages = Counter(item.language for item in items)
    assert min(languages["de"], languages["fr"], languages["es"]) >= 60
    assert sum(item.style == "noisy" for item in items) >= 40
    assert sum(item.kind == TABLE_TERM for item in items) < len(items) / 3


def test_the_classifier_reaches_the_accuracy_target_on_the_hand_checked_sets() -> None:
    for source in (HAND_SOURCE, BLIND_SOURCE):
        overall = score_titles(hand_checked_titles(source), [])["overall"]
        assert overall.department_any / overall.titles >= 0.9, source
        assert overall.seniority_correct / overall.seniority_titles >= 0.9, source
