"""Display cards: the fields a recommendation shows, read in one statement per page."""

from __future__ import annotations

import sqlalchemy as sa

from lookalike.store.display import company_cards, contact_cards
from lookalike.store.entities import upsert_companies, upsert_contacts


def _store(engine: sa.Engine) -> None:
    with engine.begin() as conn:
        upsert_companies(
            conn,
            [
                {
                    "company_id": "c1",
                    "name": "Acme",
                    "domain": "acme.com",
                    "employees_estimated": False,
                    "technologies": "",
                    "keywords": "",
                    "country": "United States",
                    "state": "Massachusetts",
                    "city": "Boston",
                    "linkedin_url": "linkedin.com/company/acme",
                }
            ],
        )
        upsert_contacts(
            conn,
            [
                {
                    "person_id": "p1",
                    "company_id": "c1",
                    "first_name": "Ada",
                    "last_name": "Lovelace",
                    "job_title": "CTO",
                    "seniority": 9,
                    "departments": "Engineering",
                    "composed": False,
                    "email": "ada@acme.com",
                    "linkedin_url": "linkedin.com/in/ada",
                }
            ],
        )


def test_a_contact_card_carries_its_linkedin_url_after_the_employer(
    store_engine: sa.Engine,
) -> None:
    _store(store_engine)
    with store_engine.connect() as conn:
        card = contact_cards(conn, ["p1"])["p1"]

    # Appended after the fields readers unpack by position (api/results.py::contact_item).
    assert tuple(card)[9:12] == ("Acme", "acme.com", "linkedin.com/in/ada")
    assert card.linkedin_url == "linkedin.com/in/ada"
    assert "email" not in card._fields


def test_a_company_card_carries_its_state_and_linkedin_url(store_engine: sa.Engine) -> None:
    _store(store_engine)
    with store_engine.connect() as conn:
        card = company_cards(conn, ["c1", "c2"])

    assert set(card) == {"c1"}
    assert (card["c1"].state, card["c1"].linkedin_url) == (
        "Massachusetts",
        "linkedin.com/company/acme",
    )
