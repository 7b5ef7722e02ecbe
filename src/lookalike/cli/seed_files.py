"""Seed rows of a CRM export (HubSpot, Salesforce or any CSV) and the report of rows that matched
nothing.

Columns are recognised by name in any spelling ("Record ID", "record_id" and "recordId" are one
column). Each row yields its identifiers, most dependable first: for contacts the e-mail address,
the id, then first and last name with the company's domain (or name); for companies the domain,
then the id. A row is matched when the service resolves any of them.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lookalike.contract import MAX_SEEDS
from lookalike.errors import OperatorError

# Canonical field <- normalised column names (lower case, letters and digits only).
_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "contacts": {
        "id": ("personid", "contactid", "recordid", "id", "lookalikeid"),
        "email": ("email", "emailaddress", "workemail"),
        "first_name": ("firstname",),
        "last_name": ("lastname",),
        "domain": ("companydomainname", "companydomain", "domain", "website", "websiteurl"),
        "company_name": ("companyname", "accountname", "company", "associatedcompany"),
        "company_id": (
            "companyid", "accountid", "associatedcompanyid", "associatedcompanyids",
            "associatedcompanyidsprimary",
        ),
    },
    "companies": {
        "id": ("companyid", "accountid", "recordid", "id", "lookalikeid"),
        "domain": (
            "companydomainname", "companydomain", "domain", "website", "websiteurl", "fqdn",
        ),
    },
}  # fmt: skip
UNMATCHED_REASON_COLUMN = "Unmatched Reason"


@dataclass(frozen=True, slots=True)
class Identifier:
    """One way a row names an entity: ``kind`` is "email", "id", "name" or "domain"."""

    kind: str
    value: str | Mapping[str, str]
    shown: str


@dataclass(slots=True)
class SeedRow:
    """A data row of the seed file: its line number, cells as read, and identifiers."""

    line: int
    cells: dict[str, str]
    identifiers: list[Identifier] = field(default_factory=list)
    company_id: str | None = None


def read_seed_rows(path: Path, kind: str) -> tuple[list[str], list[SeedRow]]:
    """The header and the data rows of ``path`` (``kind`` is "contacts" or "companies")."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or [])
        rows = [
            _seed_row(line, {k: (v or "").strip() for k, v in row.items() if k}, kind)
            for line, row in enumerate(reader, start=2)
        ]
    if not any(row.identifiers for row in rows):
        raise OperatorError(f"{path} has no seed rows: {_wanted(kind)}.")
    if len(rows) > MAX_SEEDS:
        raise OperatorError(
            f"{path} has {len(rows)} seed rows; the API takes at most {MAX_SEEDS}. "
            "Keep the best ones."
        )
    return header, rows


def _wanted(kind: str) -> str:
    if kind == "contacts":
        return (
            "it needs an Email, a contact id (personId, Record ID, Contact ID), or First Name "
            "and Last Name with Company Domain Name or Company/Account Name, with values"
        )
    return "it needs a domain (Company Domain Name, Website) or companyId column with values"


def _fields(cells: Mapping[str, str], kind: str) -> dict[str, str]:
    by_name = {"".join(ch for ch in name.lower() if ch.isalnum()): v for name, v in cells.items()}
    found: dict[str, str] = {}
    for canonical, names in _COLUMNS[kind].items():
        value = next((by_name[name] for name in names if by_name.get(name)), "")
        if value:
            found[canonical] = value
    return found


def _seed_row(line: int, cells: dict[str, str], kind: str) -> SeedRow:
    found = _fields(cells, kind)
    row = SeedRow(line, cells)
    if kind == "companies":
        row.identifiers = [
            Identifier(name, found[name], found[name]) for name in ("domain", "id") if name in found
        ]
        return row
    row.identifiers = [
        Identifier(name, found[name], found[name]) for name in ("email", "id") if name in found
    ]
    if person := _person(found):
        row.identifiers.append(Identifier("name", person, _shown_name(person)))
    company_id = found.get("company_id", "")
    row.company_id = company_id.split(";")[0].strip() or None
    return row


def _person(found: Mapping[str, str]) -> dict[str, str]:
    if not (found.get("first_name") and found.get("last_name")):
        return {}
    person = {"firstName": found["first_name"], "lastName": found["last_name"]}
    if found.get("domain"):
        person["companyDomain"] = found["domain"]
    elif found.get("company_name"):
        person["companyName"] = found["company_name"]
    else:
        return {}
    return person


def _shown_name(person: Mapping[str, str]) -> str:
    # The service reports a contact by name that it cannot find in this form.
    company = person.get("companyDomain") or person.get("companyName")
    return f"{person['firstName']} {person['lastName']} ({company})"


def chosen_identifiers(rows: Sequence[SeedRow]) -> list[Identifier]:
    """The identifiers to send: each row's first, then the others while the request has room
    (at most ``MAX_SEEDS``), without repeats."""
    chosen = dict.fromkeys(_key(row.identifiers[0]) for row in rows if row.identifiers)
    by_key = {_key(i): i for row in rows for i in row.identifiers}
    for row in rows:
        for extra in row.identifiers[1:]:
            if len(chosen) >= MAX_SEEDS:
                break
            chosen.setdefault(_key(extra))
    return [by_key[key] for key in chosen]


def _key(identifier: Identifier) -> tuple[str, str]:
    return identifier.kind, identifier.shown.strip().lower()


def unmatched_rows(
    rows: Sequence[SeedRow], sent: Sequence[Identifier], unresolved: Iterable[str]
) -> list[tuple[SeedRow, str]]:
    """The rows none of whose sent identifiers resolved, each with the reason."""
    missing = {_loose(value) for value in unresolved}
    sent_keys = {_key(i) for i in sent}
    result = []
    for row in rows:
        tried = [i for i in row.identifiers if _key(i) in sent_keys]
        if not row.identifiers:
            result.append((row, "no identifier in this row"))
        elif all(_loose(i.shown) in missing for i in tried):
            names = ", ".join(f"{i.kind} {i.shown}" for i in tried)
            result.append((row, f"nothing in the data has this {names}"))
    return result


def _loose(text: str) -> str:
    # Domains come back in their normal form from the Recommendations API.
    lowered = text.strip().lower()
    host = lowered.split("://", 1)[-1].split("/", 1)[0] if "://" in lowered else lowered
    return host.removeprefix("www.").rstrip("/")


def matched_count(rows: Sequence[SeedRow], unmatched: Sequence[tuple[SeedRow, Any]]) -> int:
    """How many rows with identifiers matched."""
    return sum(1 for row in rows if row.identifiers) - sum(
        1 for row, _ in unmatched if row.identifiers
    )


def write_unmatched(
    path: Path, header: Sequence[str], unmatched: Sequence[tuple[SeedRow, str]]
) -> None:
    """The unmatched rows as read, with an ``Unmatched Reason`` column, ready to fix and rerun."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*header, UNMATCHED_REASON_COLUMN])
        writer.writeheader()
        for row, reason in unmatched:
            writer.writerow({**row.cells, UNMATCHED_REASON_COLUMN: reason})


def unmatched_lines(unmatched: Sequence[tuple[SeedRow, str]], total: int) -> list[str]:
    """The report printed on stderr: one line per unmatched row."""
    if not unmatched:
        return [f"All {total} seed rows matched."]
    lines = [f"{len(unmatched)} of {total} seed rows matched nothing:"]
    lines += [f"  line {row.line}: {reason}" for row, reason in unmatched]
    return lines
