"""Title classifications kept between imports: read back only under their classifier's
fingerprint, replaced when saved again."""

from __future__ import annotations

import sqlalchemy as sa

from lookalike.store.title_classes import load_title_classes, save_title_classes


def _load(engine: sa.Engine, rules: str) -> dict[str, tuple[int, str]]:
    with engine.connect() as conn:
        return load_title_classes(conn, rules)


def test_kept_titles_are_read_back_only_under_the_fingerprint_they_were_saved_with(
    store_engine: sa.Engine,
) -> None:
    labels = {"Staff Nurse": (2, "Health Care"), "Head of Sales": (5, "Sales|General Management")}

    assert save_title_classes(store_engine, "rules-a", labels) == 2

    assert _load(store_engine, "rules-a") == labels
    assert _load(store_engine, "rules-b") == {}


def test_saving_a_title_again_replaces_its_classification_and_fingerprint(
    store_engine: sa.Engine,
) -> None:
    save_title_classes(store_engine, "old", {"Data Engineer": (2, "Engineering & Technical")})
    save_title_classes(store_engine, "new", {"Data Engineer": (3, "Information Technology")})

    assert _load(store_engine, "old") == {}
    assert _load(store_engine, "new") == {"Data Engineer": (3, "Information Technology")}


def test_many_titles_are_kept_in_batches(store_engine: sa.Engine) -> None:
    labels = {f"Title {n}": (n % 7, "Sales") for n in range(12_345)}

    save_title_classes(store_engine, "rules", labels)

    assert _load(store_engine, "rules") == labels
