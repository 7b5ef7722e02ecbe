"""Imports keep the titles they classify, and a later import reads them back instead of
classifying again (on the columnar CSV path and on the row path of JSON lines)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from lookalike.ingest.importer import import_file
from lookalike.store.schema import contacts
from lookalike.store.title_classes import load_title_classes, save_title_classes
from lookalike.taxonomy.title_fingerprint import title_rules_fingerprint
from lookalike.taxonomy.titles import classify_title

FORMATS = ["csv", "jsonl"]  # the columnar fast path, the row validators
WriteRows = Callable[[str, Sequence[dict[str, Any]]], Path]  # the ``rows_file`` fixture


def _import(engine: sa.Engine, rows_file: WriteRows, suffix: str, titles: list[str]) -> None:
    import_file(
        engine, "companies", rows_file("companies.csv", [{"companyId": "c-1", "name": "Acme"}])
    )
    people = [
        {"personId": f"p-{n}", "companyId": "c-1", "jobTitle": title}
        for n, title in enumerate(titles)
    ]
    import_file(engine, "contacts", rows_file(f"contacts.{suffix}", people))


def _stored_labels(engine: sa.Engine) -> dict[str, tuple[int, str]]:
    query = sa.select(contacts.c.job_title, contacts.c.seniority, contacts.c.departments)
    with engine.connect() as conn:
        return {
            title: (int(seniority), departments)
            for title, seniority, departments in conn.execute(query)
        }


def _kept(engine: sa.Engine) -> dict[str, tuple[int, str]]:
    with engine.connect() as conn:
        return load_title_classes(conn, title_rules_fingerprint())


def _classified(title: str) -> tuple[int, str]:
    found = classify_title(title)
    return int(found.seniority), "|".join(found.departments)


@pytest.mark.parametrize("suffix", FORMATS)
def test_an_import_keeps_each_title_it_classified(
    store_engine: sa.Engine, rows_file: WriteRows, suffix: str
) -> None:
    titles = ["VP of Sales", "Registered Nurse - ICU", "Geschäftsführer", "Sr. Software Eng II"]

    _import(store_engine, rows_file, suffix, titles)

    assert _kept(store_engine) == {title: _classified(title) for title in titles}


@pytest.mark.parametrize("suffix", FORMATS)
def test_a_later_import_takes_a_kept_title_instead_of_classifying_it_again(
    store_engine: sa.Engine, rows_file: WriteRows, suffix: str
) -> None:
    # A kept classification no classifier would give: only reading it back stores it.
    planted = (7, "Legal")
    assert _classified("Chief Widget Wrangler") != planted
    save_title_classes(store_engine, title_rules_fingerprint(), {"Chief Widget Wrangler": planted})

    _import(store_engine, rows_file, suffix, ["Chief Widget Wrangler", "Account Executive"])

    stored = _stored_labels(store_engine)
    assert stored["Chief Widget Wrangler"] == planted
    assert stored["Account Executive"] == _classified("Account Executive")


@pytest.mark.parametrize("suffix", FORMATS)
def test_titles_kept_by_another_classifier_version_are_classified_afresh(
    store_engine: sa.Engine, rows_file: WriteRows, suffix: str
) -> None:
    save_title_classes(store_engine, "an-older-classifier", {"Chief Widget Wrangler": (7, "Legal")})

    _import(store_engine, rows_file, suffix, ["Chief Widget Wrangler"])

    assert _stored_labels(store_engine) == {
        "Chief Widget Wrangler": _classified("Chief Widget Wrangler")
    }
    assert _kept(store_engine) == {"Chief Widget Wrangler": _classified("Chief Widget Wrangler")}
