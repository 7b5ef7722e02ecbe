from __future__ import annotations

import pytest

from lookalike.domain import Department as D
from lookalike.domain import Seniority as S
from lookalike.taxonomy.titles import TitleClass, classify_title


@pytest.mark.parametrize(
    ("title", "departments", "seniority"),
    [
        ("VP Sales & Marketing EMEA", {D.SALES, D.MARKETING}, S.VICE_PRESIDENT),
        ("SVP Finance", {D.FINANCE}, S.VICE_PRESIDENT),
        ("EVP, Operations", {D.OPERATIONS}, S.VICE_PRESIDENT),
        ("CFO", {D.FINANCE}, S.C_SUITE),
        ("CTO", {D.ENGINEERING}, S.C_SUITE),
        ("Chief Revenue Officer", {D.SALES}, S.C_SUITE),
        ("Chief Information Security Officer", {D.INFORMATION_TECHNOLOGY}, S.C_SUITE),
        ("Sr. Software Engineer", {D.ENGINEERING}, S.SENIOR),
        ("Jr. Accountant", {D.FINANCE}, S.ENTRY),
        ("Head of People", {D.HUMAN_RESOURCES}, S.DIRECTOR),
        ("Geschäftsführer", {D.GENERAL_MANAGEMENT}, S.C_SUITE),
        ("Leiter Vertrieb", {D.SALES}, S.DIRECTOR),
        ("Vertriebsleiter", {D.SALES}, S.DIRECTOR),
        ("Directeur commercial", {D.SALES}, S.DIRECTOR),
        ("Jefe de ventas", {D.SALES}, S.DIRECTOR),
        ("Director de ventas", {D.SALES}, S.DIRECTOR),
        ("Co-Founder & CEO", {D.GENERAL_MANAGEMENT}, S.FOUNDER),
        ("Managing Partner", {D.GENERAL_MANAGEMENT}, S.PARTNER),
        ("Praktikant Marketing", {D.MARKETING}, S.INTERN),
        ("Stagiaire RH", {D.HUMAN_RESOURCES}, S.INTERN),
        ("Becario de marketing", {D.MARKETING}, S.INTERN),
    ],
)
def test_hard_titles_get_their_departments_and_seniority(
    title: str, departments: set[D], seniority: S
) -> None:
    result = classify_title(title)
    assert set(result.departments) == departments
    assert result.seniority == seniority


@pytest.mark.parametrize(
    "title", ["Account Executive at Acme, Berlin", "Account Executive @ Acme", "Account Executive"]
)
def test_a_trailing_company_or_location_does_not_change_the_class(title: str) -> None:
    assert classify_title(title) == TitleClass((D.SALES,), S.ENTRY)


def test_a_region_suffix_is_noise() -> None:
    assert classify_title("Sales Manager - DACH") == TitleClass((D.SALES,), S.MANAGER)


def test_whom_an_assistant_assists_does_not_make_them_senior() -> None:
    assert classify_title("Executive Assistant to the CEO").seniority == S.ENTRY
    assert classify_title("Assistenz der Geschäftsführung").seniority == S.ENTRY


def test_partner_as_a_role_family_is_not_the_partner_rank() -> None:
    assert classify_title("Partner Manager") == TitleClass((D.BUSINESS_DEVELOPMENT,), S.MANAGER)
    assert classify_title("HR Business Partner").departments == (D.HUMAN_RESOURCES,)
    assert classify_title("HR Business Partner").seniority != S.PARTNER


def test_product_owner_is_a_product_manager_not_a_founder() -> None:
    assert classify_title("Product Owner") == TitleClass((D.PRODUCT,), S.MANAGER)


def test_the_most_senior_rank_word_wins() -> None:
    assert classify_title("Senior Vice President").seniority == S.VICE_PRESIDENT
    assert classify_title("Associate Director, Finance").seniority == S.DIRECTOR
    assert classify_title("Founder and President").seniority == S.FOUNDER


def test_an_intern_stays_an_intern_whatever_entry_words_follow() -> None:
    assert classify_title("Intern - Accounts Payable Clerk").seniority == S.INTERN


def test_a_role_without_a_rank_word_is_entry_and_gibberish_is_other() -> None:
    assert classify_title("Physician") == TitleClass((D.HEALTH_CARE,), S.ENTRY)
    assert classify_title("qwrtzxy") == TitleClass((D.OTHER,), S.OTHER)
    assert classify_title("") == TitleClass((D.OTHER,), S.OTHER)


def test_a_title_with_no_keyword_gets_its_department_from_the_nearest_occupation() -> None:
    assert classify_title("Anesthesia Technician").departments == (D.HEALTH_CARE,)
    assert classify_title("Electrician").departments == (D.ENGINEERING,)


def test_german_compounds_and_feminine_forms_are_understood() -> None:
    assert classify_title("Softwareentwicklerin") == TitleClass((D.ENGINEERING,), S.ENTRY)
    assert classify_title("Personalleiterin") == TitleClass((D.HUMAN_RESOURCES,), S.DIRECTOR)


def test_classification_is_cached_for_repeated_titles() -> None:
    first = classify_title("Regional Sales Director")
    assert classify_title("Regional Sales Director") is first


def test_a_title_of_rank_words_only_has_no_department_to_look_up() -> None:
    assert classify_title("Intern") == TitleClass((D.OTHER,), S.INTERN)
    assert classify_title("Senior Manager") == TitleClass((D.OTHER,), S.MANAGER)
