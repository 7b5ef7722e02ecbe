"""The engine-test universe: companies of known segments and contacts of known roles."""

from __future__ import annotations

import random

from lookalike.synthetic.segments import ROLES, SEGMENTS, company_rows, contact_rows


def test_company_segments_repeat_in_order_and_rows_repeat_for_the_same_seed() -> None:
    first, again = company_rows(24, random.Random(3)), company_rows(24, random.Random(3))

    assert first == again
    assert [row["naics"] for row in first] == [SEGMENTS[i % len(SEGMENTS)].naics for i in range(24)]


def test_every_contact_holds_one_of_the_known_roles_at_its_company() -> None:
    rng = random.Random(3)
    companies = company_rows(10, rng)

    contacts = contact_rows(companies, 4, rng)

    titles = {title: role for role in ROLES for title in role.titles}
    assert len(contacts) == 40
    assert all(titles[row["job_title"]].seniority == row["seniority"] for row in contacts)
    assert {row["company_id"] for row in contacts} == {row["company_id"] for row in companies}
