"""The demo companies: real listed companies and H-1B employers, read from the packaged sources."""

from __future__ import annotations

import pytest

from lookalike.synthetic.companies import (
    _headquarters,
    demo_companies,
    estimated_employees,
    parse_employees,
    title_case,
)


def test_companies_have_stable_ids_and_real_attributes() -> None:
    by_id = {company.company_id: company for company in demo_companies()}

    sap = by_id["wk-sap"]
    assert (sap.domain, sap.country, sap.city, sap.founded_year) == (
        "sap.com",
        "Germany",
        "Walldorf",
        1972,
    )
    assert sap.naics is not None and sap.employees is not None and sap.revenue is not None
    assert sum(company_id.startswith("wk-") for company_id in by_id) > 1_800
    assert sum(company_id.startswith("h1b-") for company_id in by_id) > 50_000
    h1b = by_id["h1b-1"]
    assert h1b.employees_estimated and h1b.country == "United States"
    assert h1b.name != h1b.name.upper()


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
