"""``lookalike recommend`` for the three CRM workflows, against a real server over a universe
whose contacts carry e-mail addresses: won deals to leads, land and expand, ABM."""

from __future__ import annotations

import csv
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from lookalike.cli.crm_formats import LAYOUTS
from lookalike.cli.main import main
from lookalike.cli.recommend import size_range
from lookalike.errors import OperatorError
from lookalike.settings import Settings
from lookalike.store.database import open_store
from lookalike.store.entities import bump_universe_version, upsert_companies, upsert_contacts

KeyFactory = Callable[..., str]
ROLES = (
    ("VP Sales", 8, "Sales"),
    ("Sales Manager", 5, "Sales"),
    ("Controller", 6, "Finance"),
    ("Data Engineer", 4, "Engineering & Technical"),
)
HUBSPOT_CONTACTS = (
    "First Name", "Last Name", "Email", "Job Title", "Company Name", "Company Domain Name",
    "City", "State/Region", "Country/Region", "Lookalike ID", "Lookalike Score",
    "Lookalike Reasons",
)  # fmt: skip
SALESFORCE_CONTACTS = (
    "First Name", "Last Name", "Title", "Email", "Account Name", "Website", "Mailing City",
    "Mailing State/Province", "Mailing Country", "Lookalike ID", "Lookalike Score",
    "Lookalike Reasons",
)  # fmt: skip
HUBSPOT_COMPANIES = (
    "Company name", "Company Domain Name", "Industry", "Number of Employees", "City",
    "Country/Region", "Lookalike ID", "Lookalike Score", "Lookalike Reasons",
)  # fmt: skip
SALESFORCE_ACCOUNTS = (
    "Account Name", "Website", "Industry", "Employees", "Billing City", "Billing Country",
    "Lookalike ID", "Lookalike Score", "Lookalike Reasons",
)  # fmt: skip
# Matched by Record ID (2), Email (2) and name with Company Domain Name (1); line 7 by nothing.
WON_DEALS = """Record ID,First Name,Last Name,Email,Company Name,Company Domain Name,Job Title
p00-0,Ann0,Lee0,,Acme 0,acme00.example.com,VP Sales
p02-0,Ann2,Lee0,,Acme 2,acme02.example.com,VP Sales
,Ann4,Lee0,ANN4.Lee0@acme04.example.com,Acme 4,acme04.example.com,VP Sales
,Ann6,Lee0,ann6.lee0@acme06.example.com,,,VP Sales
,Ann8,Lee0,,Acme 8,acme08.example.com,VP Sales
901,Dana,Nobody,dana@nowhere.example,Nowhere,nowhere.example,VP Sales
"""


def company(i: int) -> dict[str, object]:
    return {
        "company_id": f"c{i:02d}",
        "name": f"Acme {i}",
        "domain": f"acme{i:02d}.example.com",
        "industry": ("Software Publishers", "Commercial Banking")[i % 2],
        "naics": ("513210", "522110")[i % 2],
        "employees": 50 * (i + 1),
        "employees_estimated": False,
        "country": ("United States", "Germany")[(i // 2) % 2],
        "city": ("Austin", "Berlin")[(i // 2) % 2],
        "technologies": "Python|AWS",
        "keywords": "",
    }


def contact(i: int, r: int) -> dict[str, object]:
    title, seniority, department = ROLES[r]
    return {
        "person_id": f"p{i:02d}-{r}",
        "company_id": f"c{i:02d}",
        "first_name": f"Ann{i}",
        "last_name": f"Lee{r}",
        "email": f"ann{i}.lee{r}@acme{i:02d}.example.com",
        "job_title": title,
        "country": company(i)["country"],
        "city": company(i)["city"],
        "seniority": seniority,
        "departments": department,
        "composed": True,
    }


@pytest.fixture(scope="module")
def universe_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Twenty companies with four contacts each, every contact with an e-mail address."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("crm-universe"), index={"kind": "exact"})
    engine = open_store(settings)
    try:
        with engine.begin() as conn:
            upsert_companies(conn, [company(i) for i in range(20)])
            upsert_contacts(conn, [contact(i, r) for i in range(20) for r in range(len(ROLES))])
            bump_universe_version(conn)
        from lookalike.engine.build import build_index

        build_index(settings, engine)
    finally:
        engine.dispose()
    return settings


@pytest.fixture
def recommend(
    monkeypatch: pytest.MonkeyPatch, base_url: str, new_key: KeyFactory
) -> Callable[..., int]:
    """``recommend("contacts", "--seeds", ...)`` -> the exit code, against the test server."""
    monkeypatch.setenv("LOOKALIKE_API_KEY", new_key())

    def run(*args: str) -> int:
        monkeypatch.setattr(sys, "argv", ["lookalike", "recommend", *args, "--base-url", base_url])
        try:
            main()
        except SystemExit as done:
            return int(done.code or 0)
        return 0

    return run


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def header_and_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def test_a_hubspot_export_becomes_a_hubspot_contact_import(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds, out = write(tmp_path / "won.csv", WON_DEALS), tmp_path / "leads.csv"
    args = ("--seeds", str(seeds), "--format", "hubspot", "--out", str(out), "--limit", "6")
    assert recommend("contacts", *args) == 0
    header, rows = header_and_rows(out)
    assert tuple(header) == HUBSPOT_CONTACTS == LAYOUTS["contacts", "hubspot"].columns
    assert len(rows) == 6 and len({row["Lookalike ID"] for row in rows}) == 6
    assert all(
        row["First Name"] and row["Last Name"] and row["Company Domain Name"] for row in rows
    )
    assert all("of 5 seeds)" in row["Lookalike Reasons"] for row in rows)
    err = capsys.readouterr().err
    assert "1 of 6 seed rows matched nothing" in err and "line 7:" in err
    assert "Warning" not in err


def test_unmatched_rows_are_written_as_read_with_a_reason(
    recommend: Callable[..., int], tmp_path: Path
) -> None:
    seeds, unmatched = write(tmp_path / "won.csv", WON_DEALS), tmp_path / "unmatched.csv"
    args = ("--seeds", str(seeds), "--out", str(tmp_path / "o.csv"), "--unmatched", str(unmatched))
    assert recommend("contacts", *args) == 0
    header, rows = header_and_rows(unmatched)
    assert header == [*WON_DEALS.splitlines()[0].split(","), "Unmatched Reason"]
    assert [row["Record ID"] for row in rows] == ["901"]
    assert "dana@nowhere.example" in rows[0]["Unmatched Reason"]


def test_a_salesforce_export_becomes_a_salesforce_contact_import(
    recommend: Callable[..., int], tmp_path: Path
) -> None:
    export = "Contact ID,First Name,Last Name,Account Name,Email,Title\n" + "".join(
        f"p{i:02d}-1,Ann{i},Lee1,Acme {i},,Sales Manager\n" for i in range(0, 10, 2)
    )
    seeds, out = write(tmp_path / "sf.csv", export), tmp_path / "leads.csv"
    args = ("--seeds", str(seeds), "--format", "salesforce", "--out", str(out), "--limit", "4")
    assert recommend("contacts", *args) == 0
    header, rows = header_and_rows(out)
    assert tuple(header) == SALESFORCE_CONTACTS
    assert len(rows) == 4 and all(row["Account Name"].startswith("Acme ") for row in rows)
    assert all(row["Website"].endswith(".example.com") and row["Last Name"] for row in rows)


def test_contacts_match_by_name_and_company_name_alone(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    export = "First Name,Last Name,Account Name\n" + "".join(
        f"Ann{i},Lee0,acme {i}\n" for i in range(5)
    )
    seeds = write(tmp_path / "names.csv", export)
    assert recommend("contacts", "--seeds", str(seeds), "--out", str(tmp_path / "o.csv")) == 0
    assert "All 5 seed rows matched." in capsys.readouterr().err


def test_same_accounts_keeps_every_result_inside_the_seeds_companies(
    recommend: Callable[..., int], tmp_path: Path
) -> None:
    export = "Contact ID,First Name,Last Name,Account ID\n" + "".join(
        f"p{i:02d}-{r},Ann{i},Lee{r},c{i:02d}\n"
        for i, r in ((1, 0), (1, 1), (1, 2), (3, 0), (3, 1))
    )
    seeds, out = write(tmp_path / "champions.csv", export), tmp_path / "colleagues.csv"
    args = ("--seeds", str(seeds), "--same-accounts", "--out", str(out), "--limit", "20")
    assert recommend("contacts", *args) == 0
    _, rows = header_and_rows(out)
    assert {row["personId"] for row in rows} == {"p01-3", "p03-2", "p03-3"}
    assert {row["companyId"] for row in rows} == {"c01", "c03"}


def test_same_accounts_without_an_account_column_is_a_one_line_error(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = write(tmp_path / "won.csv", WON_DEALS)
    assert recommend("contacts", "--seeds", str(seeds), "--same-accounts") == 1
    assert "error: --same-accounts needs the seeds' accounts" in capsys.readouterr().err


def test_contact_filters_are_applied(recommend: Callable[..., int], tmp_path: Path) -> None:
    seeds, out = write(tmp_path / "won.csv", WON_DEALS), tmp_path / "leads.csv"
    args = ("--seeds", str(seeds), "--country", "Germany", "--out", str(out), "--limit", "10")
    assert recommend("contacts", *args) == 0
    _, rows = header_and_rows(out)
    assert rows and {row["country"] for row in rows} == {"Germany"}


def test_fewer_than_five_seed_rows_are_refused_before_any_call(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = write(tmp_path / "few.csv", "Email\nann0.lee0@acme00.example.com\nx@y.example\n")
    assert recommend("contacts", "--seeds", str(seeds)) == 1
    assert "needs 5 to 100 unique seeds" in capsys.readouterr().err


def test_fewer_than_five_matched_rows_say_so(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emails = ["ann0.lee0@acme00.example.com", "ann2.lee0@acme02.example.com"]
    emails += [f"nobody{i}@nowhere.example" for i in range(3)]
    seeds = write(tmp_path / "few.csv", "Email\n" + "\n".join(emails) + "\n")
    assert recommend("contacts", "--seeds", str(seeds), "--out", str(tmp_path / "o.csv")) == 0
    err = capsys.readouterr().err
    assert "Warning: only 2 seed row(s) matched a contact" in err and "5 or more" in err


def test_no_matching_row_is_an_error_with_the_unmatched_report(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emails = "".join(f"nobody{i}@nowhere.example\n" for i in range(5))
    seeds, unmatched = write(tmp_path / "none.csv", "Email\n" + emails), tmp_path / "u.csv"
    assert recommend("contacts", "--seeds", str(seeds), "--unmatched", str(unmatched)) == 1
    assert "error:" in capsys.readouterr().err
    assert len(header_and_rows(unmatched)[1]) == 5


def test_results_go_to_stdout_without_out(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = write(tmp_path / "won.csv", WON_DEALS)
    assert recommend("contacts", "--seeds", str(seeds), "--limit", "2") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("personId,name,jobTitle") and len(lines) == 3


@pytest.mark.parametrize(
    ("output_format", "columns", "domain_column"),
    [
        ("hubspot", HUBSPOT_COMPANIES, "Company Domain Name"),
        ("salesforce", SALESFORCE_ACCOUNTS, "Website"),
    ],
)
def test_top_customers_become_a_company_import(
    recommend: Callable[..., int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    output_format: str,
    columns: tuple[str, ...],
    domain_column: str,
) -> None:
    export = "Record ID,Company name,Company Domain Name\n1,Acme 0,acme00.example.com\n"
    export += "2,Acme 2,https://www.acme02.example.com/\n3,Ghost,ghost.example\n"
    seeds, out = write(tmp_path / "top.csv", export), tmp_path / "accounts.csv"
    args = ("--seeds", str(seeds), "--format", output_format, "--out", str(out), "--limit", "5")
    assert recommend("companies", *args) == 0
    header, rows = header_and_rows(out)
    assert tuple(header) == columns and len(rows) == 5
    assert all(row[domain_column].endswith(".example.com") for row in rows)
    assert not {"c00", "c02"} & {row["Lookalike ID"] for row in rows}
    assert "line 4: nothing in the data has this domain ghost.example" in capsys.readouterr().err


def test_company_industry_size_and_country_filters_are_applied(
    recommend: Callable[..., int], tmp_path: Path
) -> None:
    seeds = write(tmp_path / "top.csv", "Website\nacme00.example.com\nacme01.example.com\n")
    out = tmp_path / "accounts.csv"
    filters = ("--industry", "522110", "--size", "200-800", "--country", "Germany")
    assert recommend("companies", "--seeds", str(seeds), *filters, "--out", str(out)) == 0
    _, rows = header_and_rows(out)
    assert {row["companyId"] for row in rows} == {"c03", "c07", "c11", "c15"}
    assert {(row["industry"], row["country"]) for row in rows} == {
        ("Commercial Banking", "Germany")
    }


@pytest.mark.parametrize(
    ("text", "bounds"),
    [
        ("50-500", {"min": 50, "max": 500}),
        ("1000+", {"min": 1000}),
        ("1000-", {"min": 1000}),
        ("-50", {"max": 50}),
        ("200", {"min": 200, "max": 200}),
    ],
)
def test_size_ranges_read_as_employee_bounds(text: str, bounds: dict[str, int]) -> None:
    assert size_range(text) == bounds


@pytest.mark.parametrize("text", ["big", "500-50", "-", "5-x"])
def test_a_bad_size_names_the_value_and_the_fix(text: str) -> None:
    with pytest.raises(OperatorError, match="--size"):
        size_range(text)


def test_an_unknown_format_is_a_one_line_error(
    recommend: Callable[..., int], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = write(tmp_path / "won.csv", WON_DEALS)
    assert recommend("contacts", "--seeds", str(seeds), "--format", "pipedrive") == 1
    assert "--format has the value 'pipedrive'. Use one of: csv, hubspot, salesforce." in (
        capsys.readouterr().err
    )
