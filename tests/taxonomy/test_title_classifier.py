"""The title classifier: shares of its likeliest occupations, learnt from the lookup's vocabulary,
placing titles that vocabulary holds out."""

from __future__ import annotations

import random

import pytest

from lookalike.taxonomy.occupation_match import occupation_votes
from lookalike.taxonomy.occupations import held_out_titles
from lookalike.taxonomy.title_classifier import (
    VOTED,
    classifier_votes,
    classifier_votes_many,
)


def test_votes_are_shares_of_the_likeliest_occupations_best_first() -> None:
    votes = classifier_votes("Registered Nurse - ICU")
    shares = [share for _, share in votes]
    assert len(votes) == VOTED and sum(shares) == pytest.approx(1.0)
    assert shares == sorted(shares, reverse=True)
    assert votes[0][0].startswith("29-1141")  # registered nurses


def test_one_title_votes_as_it_does_in_a_batch() -> None:
    titles = ["Sr. Software Eng II", "Geschäftsführer", "Forklift Driver"]
    batch = classifier_votes_many(titles)
    for title, votes in zip(titles, batch, strict=True):
        assert [code for code, _ in votes] == [code for code, _ in classifier_votes(title)]


def test_most_titles_the_vocabulary_holds_out_have_their_occupation_among_the_top_three() -> None:
    held = held_out_titles()
    sample = random.Random(7).sample(held, 300)
    votes = classifier_votes_many([title for _, title in sample])
    found = [
        code in {c for c, _ in vote[:3]} for (code, _), vote in zip(sample, votes, strict=True)
    ]
    assert sum(found) / len(found) >= 0.65


def test_the_blended_vote_still_gives_a_vocabulary_title_to_its_own_occupation_alone() -> None:
    assert occupation_votes("Registered Nurses") == (("29-1141.00", 1.0),)
