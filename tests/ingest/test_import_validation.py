"""Bad rows: nothing changes and every bad row is reported, or rejects go to a file."""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from lookalike.errors import DataError, ImportValidationError
from lookalike.ingest.importer import import_file
from lookalike.store.entities import count_entities, universe_version

WriteRows = Callable[[str, Sequence[dict[str, Any]]], Path]  # the ``rows_file`` fixture

GOOD_COMPANY = {"companyId": "c-1", "name": "Acme"}


def _problems(engine: sa.Engine, kind: str, path: Path) -> list[str]:
    with pytest.raises(ImportValidationError) as caught:
        import_file(engine, kind, path)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ({"companyId": "", "name": "X"}, "line 3, column companyId: is required"),
        ({"companyId": "c-2"}, "line 3, column name: is required"),
        ({"companyId": "c-2", "name": "X", "employees": "many"}, "line 3, column employees: must"),
        ({"companyId": "c-2", "name": "X", "naics": "5A"}, "line 3, column naics: must be a NAICS"),
        ({"companyId": "c-2", "name": "X", "naics": "1234567"}, "line 3, column naics:"),
        ({"companyId": "c-2", "name": "X", "revenue": "-5"}, "line 3, column revenue:"),
        ({"companyId": "c-2", "name": "X", "foundedYear": "99999"}, "line 3, column foundedYear:"),
        ({"companyId": "c-2", "name": "X", "domain": "not a domain"}, "line 3, column domain:"),
        (
            {"companyId": "c-2", "name": "X", "linkedinUrl": "https://www.linkedin.com/in/ada"},
            "line 3, column linkedinUrl: must be the LinkedIn URL of a company page such as "
            "linkedin.com/company/acme, not 'https://www.linkedin.com/in/ada'",
        ),
        (
            {"companyId": "c-2", "name": "X", "linkedinUrl": "acme.com/company/acme"},
            "line 3, column linkedinUrl: must be the LinkedIn URL of a company page",
        ),
        (
            {"companyId": "c-2", "name": "X", "linkedinUrl": "linkedin.com/company/" + "a" * 250},
            "line 3, column linkedinUrl: is 271 characters long once normalised; the limit is 255",
        ),
        ({"companyId": "c-1", "name": "Again"}, "line 3, column companyId: 'c-1' appears more"),
    ],
)
def test_a_bad_company_row_changes_nothing_and_is_reported(
    store_engine: sa.Engine, rows_file: WriteRows, bad: dict[str, str], expected: str
) -> None:
    path = rows_file("companies.csv", [GOOD_COMPANY, bad])

    problems = _problems(store_engine, "companies", path)

    assert len(problems) == 1 and problems[0].startswith(expected)
    with store_engine.connect() as conn:
        assert count_entities(conn) == (0, 0)
        assert universe_version(conn) == 0


@pytest.mark.parametrize(
    ("bad", "expected"),
    [
        ({"personId": "p-2", "companyId": "nope", "jobTitle": "CEO"}, "column companyId: company"),
        ({"personId": "p-2", "companyId": "c-1", "jobTitle": ""}, "column jobTitle: is required"),
        (
            {"personId": "p-2", "companyId": "c-1", "jobTitle": "X", "seniority": "Boss"},
            "column seniority:",
        ),
        (
            {"personId": "p-2", "companyId": "c-1", "jobTitle": "X", "seniority": "42"},
            "column seniority:",
        ),
        (
            {"personId": "p-2", "companyId": "c-1", "jobTitle": "X", "departments": "Sales|Magic"},
            "column departments:",
        ),
        (
            {"personId": "p-1", "companyId": "c-1", "jobTitle": "X"},
            "column personId: 'p-1' appears",
        ),
        (
            {"personId": "p-2", "companyId": "c-1", "jobTitle": "X", "email": "ada at example"},
            "column email: must be an e-mail address such as jane@example.com, "
            "not 'ada at example'",
        ),
        (
            {"personId": "p-2", "companyId": "c-1", "jobTitle": "X", "email": "ada@localhost"},
            "column email: must be an e-mail address",
        ),
        (
            {"personId": "p-2", "companyId": "c-1", "jobTitle": "X", "email": "a@b.co" + "m" * 320},
            "column email: is 326 characters long; the limit is 320",
        ),
        (
            {"personId": "p-2", "companyId": "c-1", "jobTitle": "X", "linkedinUrl": "ada-l"},
            "column linkedinUrl: must be the LinkedIn URL of a profile such as "
            "linkedin.com/in/jane-doe, not 'ada-l'",
        ),
        (
            {
                "personId": "p-2",
                "companyId": "c-1",
                "jobTitle": "X",
                "linkedinUrl": "https://www.linkedin.com/company/acme",
            },
            "column linkedinUrl: must be the LinkedIn URL of a profile",
        ),
    ],
)
def test_a_bad_contact_row_changes_nothing_and_is_reported(
    store_engine: sa.Engine, rows_file: WriteRows, bad: dict[str, str], expected: str
) -> None:
    import_file(store_engine, "companies", rows_file("companies.csv", [GOOD_COMPANY]))
    good = {"personId": "p-1", "companyId": "c-1", "jobTitle": "Engineer"}
    path = rows_file("contacts.csv", [good, bad])

    problems = _problems(store_engine, "contacts", path)

    assert len(problems) == 1 and problems[0].startswith("line 3, " + expected)
    with store_engine.connect() as conn:
        assert count_entities(conn) == (1, 0)


@pytest.mark.parametrize("extension", [".csv", ".jsonl", ".parquet"])
def test_a_bad_identifier_is_reported_the_same_in_every_format(
    store_engine: sa.Engine, rows_file: WriteRows, extension: str
) -> None:
    import_file(store_engine, "companies", rows_file("companies.csv", [GOOD_COMPANY]))
    rows = [
        {"personId": "p-1", "companyId": "c-1", "jobTitle": "CTO", "email": "ada@example.com"},
        {"personId": "p-2", "companyId": "c-1", "jobTitle": "CFO", "email": "grace@"},
    ]

    problems = _problems(store_engine, "contacts", rows_file(f"contacts{extension}", rows))

    line = 3 if extension == ".csv" else 2
    assert problems == [
        f"line {line}, column email: must be an e-mail address such as jane@example.com, "
        "not 'grace@'"
    ]


def test_a_rejected_identifier_keeps_its_row_as_given_in_the_rejects_file(
    store_engine: sa.Engine, rows_file: WriteRows, tmp_path: Path
) -> None:
    rows = [
        {**GOOD_COMPANY, "linkedinUrl": "https://www.linkedin.com/company/acme/"},
        {"companyId": "c-2", "name": "B", "linkedinUrl": "https://www.linkedin.com/feed/"},
    ]
    rejects = tmp_path / "rejects.csv"

    report = import_file(
        store_engine, "companies", rows_file("companies.jsonl", rows), rejects_path=rejects
    )

    assert (report.inserted, report.rejected) == (1, 1)
    with rejects.open(newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [(r["companyId"], r["linkedinUrl"], r["column"]) for r in written] == [
        ("c-2", "https://www.linkedin.com/feed/", "linkedinUrl")
    ]


def test_every_bad_row_is_counted_and_the_first_hundred_listed(
    tmp_path: Path, store_engine: sa.Engine, rows_file: WriteRows
) -> None:
    rows = [{"companyId": f"c-{n}", "name": "" if n % 2 else "ok"} for n in range(300)]

    with pytest.raises(ImportValidationError) as caught:
        import_file(store_engine, "companies", rows_file("companies.jsonl", rows))

    assert caught.value.total == 150
    assert len(caught.value.problems) == 100
    assert str(caught.value.problems[0]) == "line 2, column name: is required"


def test_broken_jsonl_lines_are_reported_with_their_line(
    store_engine: sa.Engine, tmp_path: Path
) -> None:
    path = tmp_path / "companies.jsonl"
    path.write_text('{"companyId": "c-1", "name": "A"}\n{not json\n[1, 2]\n', encoding="utf-8")

    problems = _problems(store_engine, "companies", path)

    assert [p.split(":")[0] for p in problems] == ["line 2, column (row)", "line 3, column (row)"]


def test_rejects_file_gets_bad_rows_and_good_rows_load(
    store_engine: sa.Engine, rows_file: WriteRows, tmp_path: Path
) -> None:
    rows = [
        GOOD_COMPANY,
        {"companyId": "c-2", "name": "B", "naics": "x"},
        {"companyId": "c-3", "name": "C"},
    ]
    rejects = tmp_path / "rejects.csv"

    report = import_file(
        store_engine, "companies", rows_file("companies.csv", rows), rejects_path=rejects
    )

    assert (report.inserted, report.rejected) == (2, 1)
    with rejects.open(newline="", encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert written == [
        {
            "companyId": "c-2",
            "name": "B",
            "naics": "x",
            "line": "3",
            "column": "naics",
            "reason": "must be a NAICS code of 2 to 6 digits, not 'x'",
        }
    ]


def test_unknown_extension_is_refused(store_engine: sa.Engine, tmp_path: Path) -> None:
    path = tmp_path / "companies.xlsx"
    path.write_text("x", encoding="utf-8")

    with pytest.raises(DataError, match=r"Use \.csv, \.jsonl or \.parquet"):
        import_file(store_engine, "companies", path)


def test_too_long_id_is_a_bad_row(store_engine: sa.Engine, rows_file: WriteRows) -> None:
    path = rows_file("companies.parquet", [{"companyId": "x" * 200, "name": "Long"}])

    problems = _problems(store_engine, "companies", path)

    assert problems == ["line 1, column companyId: is 200 characters long; the limit is 128"]
