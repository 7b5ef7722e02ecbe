"""The shipped evaluation data sets (src/lookalike/data/eval) are consistent and import-ready."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from lookalike.taxonomy._data import data_path

EVAL = data_path("eval")
COMPANY_COLUMNS = [
    "companyId",
    "name",
    "domain",
    "description",
    "industry",
    "naics",
    "employees",
    "revenue",
    "country",
    "state",
    "city",
    "foundedYear",
    "technologies",
    "keywords",
]
CONTACT_COLUMNS = [
    "personId",
    "companyId",
    "firstName",
    "lastName",
    "jobTitle",
    "country",
    "state",
    "city",
]
DATASETS = {
    "listed-companies": False,
    "naics-activities": False,
    "onet-contacts": True,
    "esco-contacts": True,
}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = list(reader)
        return list(reader.fieldnames or []), rows


@pytest.mark.parametrize(("name", "has_contacts"), sorted(DATASETS.items()))
def test_a_dataset_parses_and_its_labels_name_its_rows(name: str, has_contacts: bool) -> None:
    folder = EVAL / name
    assert (folder / "SOURCE.md").is_file()
    columns, companies = _read(folder / "companies.csv")
    assert columns == COMPANY_COLUMNS
    company_ids = [row["companyId"] for row in companies]
    assert len(company_ids) == len(set(company_ids)) > 0
    assert all(row["name"] for row in companies)
    assert all(not row["employees"] or row["employees"].isdigit() for row in companies)
    assert all(not row["foundedYear"] or row["foundedYear"].isdigit() for row in companies)
    ids = set(company_ids)
    if has_contacts:
        columns, contacts = _read(folder / "contacts.csv")
        assert columns == CONTACT_COLUMNS
        person_ids = [row["personId"] for row in contacts]
        assert len(person_ids) == len(set(person_ids)) > 0
        assert all(row["jobTitle"] for row in contacts)
        assert {row["companyId"] for row in contacts} <= set(company_ids)
        ids = set(person_ids)
    columns, labels = _read(folder / "labels.csv")
    assert columns == ["id", "fine", "coarse", "split"]
    label_ids = [row["id"] for row in labels]
    assert len(label_ids) == len(set(label_ids))
    assert set(label_ids) <= ids
    assert all(row["fine"] and row["coarse"] for row in labels)
    assert {row["split"] for row in labels} == {"dev", "holdout"}


@pytest.mark.parametrize("name", sorted(DATASETS))
def test_a_fine_class_is_never_on_both_sides_of_the_split(name: str) -> None:
    _, labels = _read(EVAL / name / "labels.csv")
    sides: dict[str, set[str]] = {}
    for row in labels:
        sides.setdefault(row["fine"], set()).add(row["split"])
    assert all(len(split) == 1 for split in sides.values())
    held = sum(split == {"holdout"} for split in sides.values())
    assert 0.15 < held / len(sides) < 0.45


def test_naics_activities_use_only_held_out_index_items() -> None:
    from lookalike.taxonomy.naics_items import is_evaluation_item

    _, companies = _read(EVAL / "naics-activities" / "companies.csv")
    _, labels = _read(EVAL / "naics-activities" / "labels.csv")
    fine = {row["id"]: row["fine"] for row in labels}
    evaluation: dict[str, set[str]] = {}
    from lookalike.taxonomy.naics_items import evaluation_items

    for code, text in evaluation_items():
        evaluation.setdefault(code, set()).add(text)
    for row in companies[:300]:
        items = row["description"].split("; ")
        assert 2 <= len(items) <= 3
        assert all(is_evaluation_item(item) for item in items)
        assert set(items) <= evaluation[fine[row["companyId"]]]
