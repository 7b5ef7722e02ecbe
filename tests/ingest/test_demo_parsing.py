"""Reading the demo sources: revenue texts, headquarters and employer names."""

from __future__ import annotations

import pytest

from lookalike.ingest.demo_companies import (
    _headquarters,
    estimated_employees,
    parse_employees,
    title_case,
)
from lookalike.ingest.money import USD_PER_UNIT, parse_revenue_usd


@pytest.mark.parametrize(
    ("text", "usd"),
    [
        ("8.861 billion Euros (2024)", 8.861e9 * USD_PER_UNIT["EUR"]),
        ("€ 1.996 billion (2024)", 1.996e9 * USD_PER_UNIT["EUR"]),
        ("US$ 394.3 billion", 394.3e9),
        ("¥ 37.15 trillion", 37.15e12 * USD_PER_UNIT["JPY"]),
        ("£ 3,553.1 million (2024)", 3553.1e6 * USD_PER_UNIT["GBP"]),
        ("SEK 4 billion", 4e9 * USD_PER_UNIT["SEK"]),
        ("US$ 1.1B", 1.1e9),
    ],
)
def test_revenue_texts_become_approximate_dollars(text: str, usd: float) -> None:
    assert parse_revenue_usd(text) == round(usd)


@pytest.mark.parametrize("text", ["", "n/a", None])
def test_unreadable_revenue_is_none(text: str | None) -> None:
    assert parse_revenue_usd(text) is None


def test_headquarters_give_country_state_and_city() -> None:
    assert _headquarters("Birmingham, Alabama", "Regions Center , Birmingham, Alabama U.S.") == (
        "United States",
        "Alabama",
        "Birmingham",
    )
    assert _headquarters("", "Walldorf , Baden-Württemberg , Germany") == (
        "Germany",
        None,
        "Walldorf",
    )


def test_upper_case_employer_names_are_title_cased() -> None:
    assert title_case("ACME DATA SYSTEMS LLC") == "Acme Data Systems LLC"
    assert title_case("SMITH-JONES CORP") == "Smith-Jones Corp"


def test_estimated_size_grows_with_approvals() -> None:
    assert (
        estimated_employees(0, "A") < estimated_employees(50, "A") < estimated_employees(5_000, "A")
    )


@pytest.mark.parametrize(
    ("text", "employees"),
    [
        ("23,299 (December, 2024)", 23_299),
        ("9 000 (2024)", 9_000),
        ("8.914 (2023)", 8_914),
        ("approx. 4,200 (November 2025)", 4_200),
        ("2.1 million (2024)", 2_100_000),
        ("", None),
    ],
)
def test_infobox_headcounts_read_european_digit_groups(text: str, employees: int | None) -> None:
    assert parse_employees(text) == employees
