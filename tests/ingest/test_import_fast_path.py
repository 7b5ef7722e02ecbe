"""The columnar fast path for contacts: same rows and same reports as the row-by-row validators."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from lookalike.errors import ImportValidationError
from lookalike.ingest import columnar, importer
from lookalike.ingest.importer import import_file
from lookalike.ingest.validation import ContactValidator
from lookalike.store.entities import count_entities, universe_version
from lookalike.store.schema import contacts
from lookalike.taxonomy.titles import classify_title

COMPANY_IDS = ["c-1", "c-2", "c-3"]
WriteRows = Callable[[str, Sequence[dict[str, Any]]], Path]  # the ``rows_file`` fixture


def _stored_contacts(engine: sa.Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        rows = conn.execute(sa.select(contacts).order_by(contacts.c.person_id)).all()
    return [tuple(row) for row in rows]


def _expected_contacts(path: Path) -> list[tuple[object, ...]]:
    validator = ContactValidator(COMPANY_IDS)
    if path.suffix == ".parquet":
        rows = [validator.check(values) for values in pq.read_table(path).to_pylist()]
        return sorted(rows, key=lambda row: str(row[0]))
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        rows = [validator.check({k.strip(): v for k, v in values.items()}) for values in reader]
    assert all(len(row) > 2 for row in rows)
    return sorted(rows, key=lambda row: str(row[0]))


def _import_companies(engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "companies.csv"
    path.write_text("companyId,name\n" + "".join(f"{c},{c}\n" for c in COMPANY_IDS))
    import_file(engine, "companies", path)


def test_the_whitespace_trimmed_is_exactly_what_str_strip_removes() -> None:
    spaces = "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace())
    assert spaces == columnar.PYTHON_WHITESPACE


def test_csv_contacts_store_the_same_rows_as_the_row_validator_gives(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    _import_companies(store_engine, tmp_path)
    path = tmp_path / "contacts.csv"
    path.write_bytes(
        "\ufeffpersonId, companyId ,firstName,lastName,jobTitle,country,city,extra\n"
        "p-1,c-1,Ada,Lovelace,VP of Sales,USA,Boston,x\n"
        ' p-2\u00a0,c-2,"Grace, Jr.","Hopper\nSmith",\x1cChief Financial Officer ,Deutschland,,\n'
        'p-3,\tc-3,,,"Senior ""Data"" Engineer",,  Paris  ,\n'
        "\n"
        "p-4,c-1,José,Núñez,Directora de Ventas,España,Madrid,y\n".encode()
    )

    report = import_file(store_engine, "contacts", path)

    assert (report.inserted, report.rejected) == (4, 0)
    assert _stored_contacts(store_engine) == _expected_contacts(path)


def test_many_distinct_titles_get_the_classes_classify_title_gives(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    _import_companies(store_engine, tmp_path)
    words = ["Sales", "Data", "Marketing", "Finance", "Legal", "Support", "Product", "Security"]
    ranks = ["Intern", "Senior", "Head of", "Director", "Lead", "VP", "Chief", "Manager"]
    count = columnar.POOL_MIN_TITLES + 500
    titles = [f"{ranks[n % 8]} {words[n // 8 % 8]} Team {n}" for n in range(count)]
    path = tmp_path / "contacts.csv"
    path.write_text(
        "personId,companyId,jobTitle\n"
        + "".join(f"p-{n},c-{n % 3 + 1},{title}\n" for n, title in enumerate(titles))
    )

    report = import_file(store_engine, "contacts", path)

    assert report.inserted == count
    stored = {row[4]: (row[8], row[9]) for row in _stored_contacts(store_engine)}
    for title in titles:
        expected = classify_title(title)
        assert stored[title] == (int(expected.seniority), "|".join(expected.departments))


IDENTIFIED_CONTACTS = [
    {
        "personId": "p-1",
        "companyId": "c-1",
        "jobTitle": "CTO",
        "email": " Ada@Example.COM ",
        "linkedinUrl": "https://uk.linkedin.com/in/Ada-L/?trk=x",
    },
    {"personId": "p-2", "companyId": "c-2", "jobTitle": "CFO", "email": "", "linkedinUrl": None},
    {
        "personId": "p-3",
        "companyId": "c-1",
        "jobTitle": "Engineer",
        "email": "ada@example.com",  # shared addresses are allowed; lookups pick the smallest id
        "linkedinUrl": "linkedin.com/in/grace#top",
    },
]


@pytest.mark.parametrize("extension", [".csv", ".parquet"])
def test_emails_and_linkedin_urls_take_the_fast_path_and_store_what_the_row_path_gives(
    store_engine: sa.Engine,
    tmp_path: Path,
    rows_file: WriteRows,
    monkeypatch: pytest.MonkeyPatch,
    extension: str,
) -> None:
    _import_companies(store_engine, tmp_path)
    path = rows_file(f"contacts{extension}", IDENTIFIED_CONTACTS)

    def no_row_path(*args: object) -> None:
        raise AssertionError("the columnar path fell back to the row validators")

    monkeypatch.setattr(importer, "ContactValidator", no_row_path)
    import_file(store_engine, "contacts", path)

    stored = _stored_contacts(store_engine)
    assert stored == _expected_contacts(path)
    assert [row[-2:] for row in stored] == [
        ("ada@example.com", "linkedin.com/in/ada-l"),
        (None, None),
        ("ada@example.com", "linkedin.com/in/grace"),
    ]


_BAD_EMAIL = "must be an e-mail address such as jane@example.com"
_BAD_PROFILE = "must be the LinkedIn URL of a profile such as linkedin.com/in/jane-doe"


@pytest.mark.parametrize(
    ("column", "bad", "reason"),
    [
        ("email", "ada.example.com", _BAD_EMAIL),
        ("email", "a@b@example.com", _BAD_EMAIL),
        ("linkedinUrl", "linkedin.com/company/acme", _BAD_PROFILE),
        ("linkedinUrl", "https://example.com/in/ada", _BAD_PROFILE),
    ],
)
@pytest.mark.parametrize("extension", [".csv", ".parquet"])
def test_a_bad_identifier_after_good_batches_is_reported_by_line_and_column(
    store_engine: sa.Engine,
    tmp_path: Path,
    rows_file: WriteRows,
    monkeypatch: pytest.MonkeyPatch,
    extension: str,
    column: str,
    bad: str,
    reason: str,
) -> None:
    _import_companies(store_engine, tmp_path)
    monkeypatch.setattr(columnar, "BATCH_BYTES", 4096)  # many small batches, written as they go
    monkeypatch.setattr(columnar, "PARQUET_BATCH_ROWS", 100)
    monkeypatch.setattr(columnar, "WRITE_ROWS", 100)
    rows = [
        {"personId": f"p-{n}", "companyId": "c-1", "jobTitle": "Engineer", column: ""}
        for n in range(1000)
    ]
    rows[700][column] = bad
    path = rows_file(f"contacts{extension}", rows)

    with pytest.raises(ImportValidationError) as caught:
        import_file(store_engine, "contacts", path)

    line = 702 if extension == ".csv" else 701
    assert [str(p) for p in caught.value.problems] == [
        f"line {line}, column {column}: {reason}, not {bad!r}"
    ]
    with store_engine.connect() as conn:
        assert count_entities(conn) == (3, 0)


@pytest.mark.parametrize(
    ("bad_line", "expected"),
    [
        (
            "p-2500,c-9,Sales Manager",
            "column companyId: company 'c-9' does not exist; import it first",
        ),
        ("p-7,c-1,Sales Manager", "column personId: 'p-7' appears more than once in the file"),
    ],
)
def test_a_bad_row_after_batches_already_written_changes_nothing_and_is_reported(
    store_engine: sa.Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bad_line: str,
    expected: str,
) -> None:
    _import_companies(store_engine, tmp_path)
    with store_engine.connect() as conn:
        before = (count_entities(conn), universe_version(conn))
    monkeypatch.setattr(columnar, "BATCH_BYTES", 4096)  # many small batches
    monkeypatch.setattr(columnar, "WRITE_ROWS", 100)
    lines = [f"p-{n},c-{n % 3 + 1},Sales Manager\n" for n in range(3000)]
    lines[2500] = bad_line + "\n"
    path = tmp_path / "contacts.csv"
    path.write_text("personId,companyId,jobTitle\n" + "".join(lines))

    with pytest.raises(ImportValidationError) as caught:
        import_file(store_engine, "contacts", path)

    assert [str(p) for p in caught.value.problems] == [f"line 2502, {expected}"]
    with store_engine.connect() as conn:
        assert (count_entities(conn), universe_version(conn)) == before


def test_a_quoted_line_break_keeps_the_reported_line_numbers_physical(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    _import_companies(store_engine, tmp_path)
    path = tmp_path / "contacts.csv"
    path.write_text(
        'personId,companyId,jobTitle\np-1,c-1,"Head of\nSales"\np-2,c-1,\np-3,c-1,Engineer\n'
    )

    with pytest.raises(ImportValidationError) as caught:
        import_file(store_engine, "contacts", path)

    assert [str(p) for p in caught.value.problems] == ["line 4, column jobTitle: is required"]
