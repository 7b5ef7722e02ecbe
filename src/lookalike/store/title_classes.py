"""Job titles' departments and seniority kept between imports.

An import classifies each distinct title once (:mod:`lookalike.ingest.columnar`,
:class:`lookalike.ingest.validation.ContactValidator`); the classifications are kept here with the
fingerprint of the classifier that made them, and the next import of the same store reads those of
the running classifier back instead of classifying the titles again. A daily re-import of a
refreshed file then classifies only its new titles. The table is a cache: the contacts themselves
hold their own department and seniority, and losing it costs only time.
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import islice

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from lookalike.store.schema import title_classes

TitleLabels = dict[str, tuple[int, str]]
"""Title -> (seniority value, "|"-joined department names), as a contacts row stores them."""

# Titles per transaction: each holds SQLite's write lock for a few milliseconds, so paid requests
# keep being served while a large import's titles are kept (docs/operations.md).
_WRITE_BATCH = 2_000


def load_title_classes(conn: sa.Connection, rules: str) -> TitleLabels:
    """Every kept classification made by the classifier of fingerprint ``rules``."""
    query = sa.select(
        title_classes.c.title, title_classes.c.seniority, title_classes.c.departments
    ).where(title_classes.c.rules == rules)
    return {
        title: (int(seniority), departments)
        for title, seniority, departments in conn.execute(query)
    }


def save_title_classes(engine: sa.Engine, rules: str, labels: Mapping[str, tuple[int, str]]) -> int:
    """Keep ``labels`` under fingerprint ``rules`` (replacing other versions of the same titles),
    a short transaction per batch; returns how many were written."""
    insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert
    statement = insert(title_classes)
    statement = statement.on_conflict_do_update(
        index_elements=[title_classes.c.title],
        set_={
            "seniority": statement.excluded.seniority,
            "departments": statement.excluded.departments,
            "rules": statement.excluded.rules,
        },
    )
    rows = (
        {"title": title, "seniority": seniority, "departments": departments, "rules": rules}
        for title, (seniority, departments) in labels.items()
    )
    while batch := list(islice(rows, _WRITE_BATCH)):
        with engine.begin() as conn:
            conn.execute(statement, batch)
    return len(labels)
