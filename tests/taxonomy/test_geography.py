from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lookalike.taxonomy.geography import normalize_country, us_state_name

COMPANIES = Path(__file__).parents[2] / "src" / "lookalike" / "data" / "wikipedia" / "companies.csv"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("USA", "United States"),
        ("US", "United States"),
        ("United States of America", "United States"),
        ("Deutschland", "Germany"),
        ("DEU", "Germany"),
        ("España", "Spain"),
        ("Suisse", "Switzerland"),
        ("gb", "United Kingdom"),
        ("Houston, Texas", "United States"),
        ("Washington, D.C.", "United States"),
        ("Warmley,Bristol, United Kingdom", "United Kingdom"),
    ],
)
def test_aliases_codes_and_local_names_give_the_canonical_country(text: str, country: str) -> None:
    assert normalize_country(text) == country


def test_unknown_places_give_none() -> None:
    assert normalize_country("") is None
    assert normalize_country("Atlantis") is None


def test_every_country_of_the_wikipedia_companies_is_known() -> None:
    with COMPANIES.open(encoding="utf-8", newline="") as handle:
        countries = {row["country"] for row in csv.DictReader(handle) if "," not in row["country"]}
    unknown = {c for c in countries if c not in ("", "none") and normalize_country(c) is None}
    assert unknown == set()


def test_us_state_codes_give_state_names() -> None:
    assert us_state_name("tx") == "Texas"
    assert us_state_name("ZZ") is None
