"""Canonical e-mail addresses, LinkedIn URLs and domains: one form for imports and seed lookups."""

from __future__ import annotations

import pytest

from lookalike.api.seeds import normalize_domain as seeds_normalize_domain
from lookalike.identifiers import normalize_domain, normalize_email, normalize_linkedin_url


def test_an_email_is_trimmed_and_lower_cased() -> None:
    assert normalize_email("  Jane.Doe+Sales@Example.CO.UK \n") == "jane.doe+sales@example.co.uk"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "jane.example.com",
        "@example.com",
        "jane@",
        "jane@@example.com",
        "jane@doe@example.com",
        "jane@localhost",
        "jane@.",
        "jane doe@example.com",
        "jane@exa mple.com",
    ],
)
def test_an_email_without_one_at_sign_between_text_and_a_dotted_domain_is_none(text: str) -> None:
    assert normalize_email(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "https://www.linkedin.com/in/Jane-Doe/",
        "http://linkedin.com/in/jane-doe",
        "linkedin.com/in/jane-doe",
        "www.linkedin.com/in/jane-doe?trk=public_profile&originalSubdomain=uk",
        "https://uk.linkedin.com/in/jane-doe#experience",
        "https://de.linkedin.com/in/jane-doe/?locale=de_DE",
        "  HTTPS://WWW.LINKEDIN.COM/IN/JANE-DOE  ",
        "https://www.linkedin.com:443/in/jane-doe",
        "https://www.linkedin.com/in/jane-doe/details/experience/",
        "//www.linkedin.com//in//jane-doe//",
    ],
)
def test_a_profile_url_becomes_linkedin_com_in_slug(text: str) -> None:
    assert normalize_linkedin_url(text) == "linkedin.com/in/jane-doe"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://www.linkedin.com/company/Acme-Corp/about/", "linkedin.com/company/acme-corp"),
        (
            "https://www.linkedin.com/school/stanford-university",
            "linkedin.com/school/stanford-university",
        ),
        ("linkedin.com/showcase/acme-cloud/", "linkedin.com/showcase/acme-cloud"),
        ("https://fr.linkedin.com/company/acme?trk=x", "linkedin.com/company/acme"),
        ("https://www.linkedin.com/company/1234567", "linkedin.com/company/1234567"),
    ],
)
def test_an_organisation_url_keeps_its_kind_and_slug(text: str, expected: str) -> None:
    assert normalize_linkedin_url(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "jane-doe",
        "https://www.linkedin.com/",
        "https://www.linkedin.com/in/",
        "https://www.linkedin.com/feed/",
        "https://www.linkedin.com/jobs/view/123",
        "https://www.linkedin.com/pub/jane-doe/1/2/3",
        "https://example.com/in/jane-doe",
        "https://notlinkedin.com/in/jane-doe",
        "https://linkedin.com.evil.example/in/jane-doe",
        "https://www.linkedin.com/in/jane doe",
        "mailto:jane@linkedin.com",
    ],
)
def test_anything_but_a_linkedin_profile_or_organisation_url_is_none(text: str) -> None:
    assert normalize_linkedin_url(text) is None


def test_normalising_twice_changes_nothing() -> None:
    email = normalize_email(" Jane@Example.com ")
    url = normalize_linkedin_url("https://uk.linkedin.com/company/Acme/")
    assert email is not None and normalize_email(email) == email
    assert url is not None and normalize_linkedin_url(url) == url


@pytest.mark.parametrize(
    "text",
    ["https://www.Acme.com/about", "acme.com", " WWW.ACME.COM:8080 ", "http://acme.com?x=1", ""],
)
def test_a_domain_normalises_as_the_seed_resolver_does(text: str) -> None:
    assert normalize_domain(text) == seeds_normalize_domain(text)


def test_a_domain_loses_scheme_www_port_and_path() -> None:
    assert normalize_domain("https://www.Acme.com:443/about") == "acme.com"
