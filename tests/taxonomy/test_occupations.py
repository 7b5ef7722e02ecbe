from __future__ import annotations

import pytest

from lookalike.taxonomy.occupation_match import match_occupation, occupation_votes
from lookalike.taxonomy.occupations import (
    nearest_occupations,
    occupation_codes,
    occupation_or_none,
)


def test_a_known_title_matches_its_occupation_exactly() -> None:
    match = match_occupation("Software Developers")
    assert match is not None
    assert match.soc_code == "15-1252.00"
    assert 0.95 <= match.similarity <= 1.0


def test_differently_worded_and_foreign_titles_land_on_the_same_occupation() -> None:
    codes = {
        match.soc_code
        for match in map(
            match_occupation,
            [
                "Softwareentwickler",
                "Ingénieur logiciel",
                "Software Engineer",
                "Desarrollador de software",
            ],
        )
        if match is not None
    }
    assert codes == {"15-1252.00"}


def test_a_german_sales_head_matches_a_sales_occupation() -> None:
    match = match_occupation("Vertriebsleiter")
    assert match is not None
    assert match.soc_code.startswith("41-") or match.soc_code.startswith("11-2022")


def test_gibberish_matches_nothing() -> None:
    assert match_occupation("qwrtzxy") is None
    assert match_occupation("") is None


def test_neighbours_come_best_first_within_zero_and_one() -> None:
    matches = nearest_occupations("Registered Nurse", k=5)
    similarities = [m.similarity for m in matches]
    assert similarities == sorted(similarities, reverse=True)
    assert all(0.0 < s <= 1.0 for s in similarities)


def test_every_occupation_code_has_a_title_and_description() -> None:
    codes = occupation_codes()
    assert len(codes) > 1000
    occupation = occupation_or_none("11-1011.00")
    assert occupation is not None
    assert occupation.title == "Chief Executives"
    assert occupation.description
    assert occupation_or_none("99-9999.99") is None


@pytest.mark.parametrize(
    ("title", "soc_code"),
    [
        ("Chief Revenue Officer", "11-2022.00"),
        ("VP Sales", "11-2022.00"),
        ("Leiter Vertrieb", "11-2022.00"),
        ("Head of Growth", "11-2021.00"),
        ("SDR", "41-3091.00"),
    ],
)
def test_occupation_agrees_with_the_department_the_title_names(title: str, soc_code: str) -> None:
    match = match_occupation(title)
    assert match is not None and match.soc_code == soc_code


def test_a_titles_votes_are_shares_best_first_and_an_exact_title_leads_with_its_own() -> None:
    votes = occupation_votes("Software Developers")
    shares = [share for _, share in votes]
    assert votes[0][0] == "15-1252.00"
    assert shares == sorted(shares, reverse=True)
    assert sum(shares) == pytest.approx(1.0)
    assert occupation_votes("qwrtzxy") == ()


def test_two_wordings_of_one_job_share_most_of_their_votes() -> None:
    def cosine(first: str, second: str) -> float:
        a, b = dict(occupation_votes(first)), dict(occupation_votes(second))
        dot = sum(a[code] * b.get(code, 0.0) for code in a)
        return dot / (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5

    assert cosine("ICU Staff Nurse", "Registered Nurse - Intensive Care") > 0.5
    assert cosine("ICU Staff Nurse", "Inside Sales Representative") < 0.1
