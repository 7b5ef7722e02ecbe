"""Inverted lists of sparse matrices: the lexical half of candidate retrieval."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from lookalike.engine import postings as postings_module
from lookalike.engine.postings import Postings
from lookalike.engine.terms import TermMatrix

VOCABULARY = ["nurse", "icu", "sales", "finance"]


def votes() -> TermMatrix:
    return TermMatrix.of_weights(
        [
            [("nurse", 0.9), ("icu", 0.1)],
            [("nurse", 0.5), ("icu", 0.5)],
            [("sales", 1.0)],
            [("finance", 0.6), ("sales", 0.4)],
        ],
        VOCABULARY,
    )


def test_of_weights_gives_unit_rows_and_drops_terms_outside_the_vocabulary() -> None:
    matrix = TermMatrix.of_weights([[("nurse", 3.0), ("unknown", 9.0)], []], VOCABULARY)
    owners, terms, weights = matrix.rows(np.array([0, 1]))
    assert owners.tolist() == [0] and terms.tolist() == [0]
    assert weights.tolist() == [1.0]


def test_each_list_holds_its_entities_heaviest_first() -> None:
    lists = Postings.of(votes())
    nurse = lists.rows[lists.indptr[0] : lists.indptr[1]].tolist()
    icu = lists.rows[lists.indptr[1] : lists.indptr[2]].tolist()
    sales = lists.rows[lists.indptr[2] : lists.indptr[3]].tolist()
    assert nurse == [0, 1]  # 0.99 before 0.71
    assert icu == [1, 0]
    assert sales == [2, 3]


def test_entities_sharing_a_matrix_row_are_all_listed_and_only_their_heaviest_entries() -> None:
    # Contacts 0 and 2 share title row 1, contact 1 has title row 3.
    lists = Postings.of(votes(), np.array([1, 3, 1]), kept_per_row=1)
    listed = {
        term: lists.rows[lists.indptr[i] : lists.indptr[i + 1]].tolist()
        for i, term in enumerate(VOCABULARY)
    }
    # Title row 1 weighs nurse and icu equally: one of them is kept.
    assert sorted(listed["nurse"] + listed["icu"]) == [0, 2]
    assert listed["finance"] == [1] and listed["sales"] == []


def test_retrieve_reads_the_lists_of_the_centroids_heaviest_terms_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lists = Postings.of(votes())
    assert lists.retrieve({2: 0.9}).tolist() == [2, 3]
    assert lists.retrieve({}).tolist() == []
    monkeypatch.setattr(postings_module, "RETRIEVAL_TERMS", 1)
    assert lists.retrieve({0: 0.8, 3: 0.2}).tolist() == [0, 1]


def test_save_then_load_gives_the_same_lists(tmp_path: Path) -> None:
    lists = Postings.of(votes())
    assert Postings.load_or_none(tmp_path, "occupations") is None
    lists.save(tmp_path, "occupations")
    loaded = Postings.load_or_none(tmp_path, "occupations")
    assert loaded is not None
    assert loaded.indptr.tolist() == lists.indptr.tolist()
    assert loaded.rows.tolist() == lists.rows.tolist()
