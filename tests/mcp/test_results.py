"""The compact shapes the MCP tools return, from real-shaped API bodies."""

from __future__ import annotations

from lookalike.mcp.results import company_page, contact_page, next_page, reason_phrases, usage

CONTACT = {
    "id": "p-131147",
    "firstName": "Steven",
    "lastName": "Thomas",
    "jobTitle": {"title": "Inside Sales Representative", "departments": ["Sales"]},
    "company": {"id": "wk-oracle", "name": "Oracle Corporation", "domain": "oracle.com"},
    "score": 1.0,
    "reasons": [
        {"type": "title", "value": "Sales Representatives, Wholesale and Manufacturing, Except "
         "Technical and Scientific Products", "seeds": 3},
        {"type": "department", "value": "Sales", "seeds": 1},
    ],
    "nearestSeed": "p-130917",
}  # fmt: skip
PAGE = {
    "dedupeSessionId": "039f7bc8",
    "results": [CONTACT],
    "meta": {"returned": 1, "hasMore": True},
    "billing": {"creditsCharged": 1, "resultsReturned": 1},
    "unresolvedSeeds": ["nobody@example.com"],
}


def test_reasons_become_short_phrases_with_long_values_cut() -> None:
    phrases = reason_phrases(CONTACT["reasons"])  # type: ignore[arg-type]
    assert phrases[1] == "department: Sales (1 seed)"
    assert phrases[0].startswith("title: Sales Representatives") and "... (3 seeds)" in phrases[0]
    assert len(phrases[0]) < 90


def test_a_contact_page_keeps_the_session_and_one_line_per_contact() -> None:
    page = contact_page(PAGE)
    assert page["dedupeSessionId"] == "039f7bc8" and page["hasMore"] and page["returned"] == 1
    assert page["unresolvedSeeds"] == ["nobody@example.com"] and page["creditsCharged"] == 1
    contact = page["contacts"][0]
    assert (contact["name"], contact["title"], contact["company"]) == (
        "Steven Thomas", "Inside Sales Representative", "Oracle Corporation",
    )  # fmt: skip
    assert contact["companyId"] == "wk-oracle" and contact["nearestSeed"] == "p-130917"


def test_a_company_with_gaps_reads_as_empty_text_and_no_employee_count() -> None:
    body = {**PAGE, "results": [{"id": "c1", "name": "Acme", "score": 0.5, "reasons": []}]}
    company = company_page(body)["companies"][0]
    assert company["domain"] == company["industry"] == company["country"] == ""
    assert company["employees"] is None and company["reasons"] == []


def test_a_next_page_fills_only_the_list_of_its_kind() -> None:
    page = next_page("contacts", PAGE)
    assert page["kind"] == "contacts" and len(page["contacts"]) == 1 and page["companies"] == []


def test_usage_is_flattened_with_the_price_of_each_kind() -> None:
    body = {
        "credits": {"total": 100, "used": 7, "remaining": 93},
        "rateLimits": {"daily": {"limit": 10, "used": 1, "remaining": 9}},
        "plan": {"category": "basic"},
        "pricing": {"lookalikeContact": {"credits": 1}, "lookalikeCompany": {"credits": 2}},
    }
    flat = usage(body)
    assert (flat["creditsUsed"], flat["creditsPerContact"], flat["creditsPerCompany"]) == (7, 1, 2)
    assert flat["plan"] == "basic" and flat["rateLimits"]["daily"]["remaining"] == 9
