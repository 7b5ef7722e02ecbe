"""The CSV layouts ``lookalike recommend`` writes: HubSpot's and Salesforce's import columns, or
lookalike's own.

HubSpot maps a column to a property by its label ("First Name", "Company Domain Name",
"Country/Region"); Salesforce's Data Import Wizard maps the labels of its field-mapping table
("Account Name", "Mailing City", "Billing Country", "Employees"). The ``Lookalike ...`` columns
are not standard properties: map them to custom properties (HubSpot offers to create one while
importing; in Salesforce create the fields first) or leave them unmapped, which imports the
rest. Contacts carry no e-mail address, so ``Email`` is empty until you enrich the rows.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

FORMATS = ("csv", "hubspot", "salesforce")
LOOKALIKE_COLUMNS = ("Lookalike ID", "Lookalike Score", "Lookalike Reasons")

Item = Mapping[str, Any]
Row = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Layout:
    """The header of one output format and how one result becomes a row of it."""

    columns: tuple[str, ...]
    row: Callable[[Item, int], Row]


def reasons_text(reasons: Iterable[Mapping[str, Any]], seed_count: int) -> str:
    """``"Vice President (4 of 5 seeds); Sales (5 of 5 seeds)"``."""
    return "; ".join(f"{r['value']} ({r['seeds']} of {seed_count} seeds)" for r in reasons)


def _lookalike(item: Item, item_id: str, seeds: int) -> Row:
    return {
        "Lookalike ID": item_id,
        "Lookalike Score": item.get("score"),
        "Lookalike Reasons": reasons_text(item.get("reasons") or [], seeds),
    }


# --- contacts: V3 lookalike results ----------------------------------------------------------


def contact_csv_row(item: Item, seeds: int) -> Row:
    """A V3 contact in lookalike's own columns."""
    title, company = item.get("jobTitle") or {}, item.get("company") or {}
    location = item.get("location") or {}
    return {
        "personId": item["id"],
        "name": " ".join(p for p in (item.get("firstName"), item.get("lastName")) if p),
        "jobTitle": title.get("title"),
        "companyId": company.get("id"),
        "companyName": company.get("name"),
        "companyDomain": company.get("domain"),
        "seniority": title.get("seniority"),
        "departments": "; ".join(title.get("departments") or []),
        "country": location.get("country"),
        "city": location.get("city"),
        "score": item.get("score"),
        "reasons": reasons_text(item.get("reasons") or [], seeds),
        "nearestSeed": item.get("nearestSeed"),
    }


def contact_hubspot_row(item: Item, seeds: int) -> Row:
    """A V3 contact in HubSpot's contact (and associated company) import columns."""
    company, location = item.get("company") or {}, item.get("location") or {}
    return {
        "First Name": item.get("firstName"),
        "Last Name": item.get("lastName"),
        "Email": "",
        "Job Title": (item.get("jobTitle") or {}).get("title"),
        "Company Name": company.get("name"),
        "Company Domain Name": company.get("domain"),
        "City": location.get("city"),
        "State/Region": location.get("state"),
        "Country/Region": location.get("country"),
        **_lookalike(item, item["id"], seeds),
    }


def contact_salesforce_row(item: Item, seeds: int) -> Row:
    """A V3 contact in the Data Import Wizard's Accounts and Contacts labels."""
    company, location = item.get("company") or {}, item.get("location") or {}
    return {
        "First Name": item.get("firstName"),
        "Last Name": item.get("lastName"),
        "Title": (item.get("jobTitle") or {}).get("title"),
        "Email": "",
        "Account Name": company.get("name"),
        "Website": company.get("domain"),
        "Mailing City": location.get("city"),
        "Mailing State/Province": location.get("state"),
        "Mailing Country": location.get("country"),
        **_lookalike(item, item["id"], seeds),
    }


# --- companies: Recommendations API results ---------------------------------------------------


def company_csv_row(item: Item, seeds: int) -> Row:
    """A recommended company in lookalike's own columns."""
    location = item.get("location") or {}
    return {
        "companyId": item["companyId"],
        "name": item.get("name"),
        "domain": item.get("fqdn"),
        "industry": item.get("industry"),
        "employees": item.get("employees"),
        "sizeRange": item.get("sizeRange"),
        "country": location.get("country"),
        "city": location.get("city"),
        "foundedYear": item.get("foundedYear"),
        "score": item.get("score"),
        "reasons": reasons_text(item.get("reasons") or [], seeds),
        "nearestSeed": item.get("nearestSeed"),
    }


def company_hubspot_row(item: Item, seeds: int) -> Row:
    """A recommended company in HubSpot's company import columns."""
    location = item.get("location") or {}
    return {
        "Company name": item.get("name"),
        "Company Domain Name": item.get("fqdn"),
        "Industry": item.get("industry"),
        "Number of Employees": item.get("employees"),
        "City": location.get("city"),
        "Country/Region": location.get("country"),
        **_lookalike(item, item["companyId"], seeds),
    }


def company_salesforce_row(item: Item, seeds: int) -> Row:
    """A recommended company in the Data Import Wizard's account labels."""
    location = item.get("location") or {}
    return {
        "Account Name": item.get("name"),
        "Website": item.get("fqdn"),
        "Industry": item.get("industry"),
        "Employees": item.get("employees"),
        "Billing City": location.get("city"),
        "Billing Country": location.get("country"),
        **_lookalike(item, item["companyId"], seeds),
    }


def _layout(row: Callable[[Item, int], Row]) -> Layout:
    # The header is the keys of a row, so the two can never disagree.
    sample = row({"id": "", "companyId": "", "company": {}, "location": {}}, 0)
    return Layout(tuple(sample), row)


LAYOUTS: dict[tuple[str, str], Layout] = {
    ("contacts", "csv"): _layout(contact_csv_row),
    ("contacts", "hubspot"): _layout(contact_hubspot_row),
    ("contacts", "salesforce"): _layout(contact_salesforce_row),
    ("companies", "csv"): _layout(company_csv_row),
    ("companies", "hubspot"): _layout(company_hubspot_row),
    ("companies", "salesforce"): _layout(company_salesforce_row),
}
CONTACT_COLUMNS = LAYOUTS["contacts", "csv"].columns
COMPANY_COLUMNS = LAYOUTS["companies", "csv"].columns


def write_rows(handle: TextIO, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Rows as CSV with one header line (``None`` is an empty cell)."""
    writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
