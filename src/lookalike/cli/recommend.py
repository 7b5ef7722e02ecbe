"""``lookalike recommend``: seeds from a CRM export in, lookalikes in the same CRM's import format
out, with a report of the seed rows that matched nothing.

Contacts go to the V3 Lookalike API (``/v3/contacts/lookalike``: seeds by e-mail, id, or name and
company; 5 to 100 unique seeds); companies to the Recommendations API
(``/api/recommendations/companies``: seeds by domain or id, from one), whose results carry the
size range and founding year as well.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from lookalike.cli.crm_formats import FORMATS, LAYOUTS, write_rows
from lookalike.cli.seed_files import (
    Identifier,
    SeedRow,
    chosen_identifiers,
    matched_count,
    read_seed_rows,
    unmatched_lines,
    unmatched_rows,
    write_unmatched,
)
from lookalike.client import LookalikeClient, NotFoundError
from lookalike.contract import MAX_LIMIT
from lookalike.errors import OperatorError

app = typer.Typer(help="Lookalikes for a CRM export of seeds, written in the CRM's import format.")

MIN_V3_SEEDS = 5
MAX_V3_CONTACT_LIMIT = 50

SeedsOption = Annotated[
    Path,
    typer.Option(
        "--seeds", exists=True, dir_okay=False, help="CSV export (HubSpot, Salesforce or any)."
    ),
]
OutOption = Annotated[
    Path | None,
    typer.Option("--out", dir_okay=False, help="CSV file to write [default: stdout]."),
]
FormatOption = Annotated[
    str,
    typer.Option(
        "--format",
        help="Columns: hubspot or salesforce (their import labels), or csv (lookalike's own).",
    ),
]
UnmatchedOption = Annotated[
    Path | None,
    typer.Option(
        "--unmatched", dir_okay=False, help="Also write the seed rows that matched nothing here."
    ),
]
PagesOption = Annotated[int, typer.Option("--pages", min=1, help="How many pages to fetch.")]
IndustryOption = Annotated[
    list[str] | None,
    typer.Option(
        "--industry", help="Only this industry: a NAICS code or prefix, or a label (repeatable)."
    ),
]
SizeOption = Annotated[
    list[str] | None,
    typer.Option("--size", help="Only companies of MIN-MAX employees: 50-500, 1000+ (repeatable)."),
]
CountryOption = Annotated[
    list[str] | None, typer.Option("--country", help="Only this country (repeatable).")
]
BaseUrlOption = Annotated[str, typer.Option("--base-url", help="Where the API runs.")]
ApiKeyOption = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        envvar="LOOKALIKE_API_KEY",
        help="API key [env: LOOKALIKE_API_KEY].",
        show_default=False,
        show_envvar=False,
    ),
]


@dataclass(frozen=True, slots=True)
class Query:
    """What to ask the service: the seed file, paging, filters, and where and with which key."""

    seeds: Path
    limit: int
    pages: int
    filters: dict[str, Any]
    api_key: str
    base_url: str
    same_accounts: bool = False


@dataclass(frozen=True, slots=True)
class Output:
    """Where the results go, in which layout, and where the unmatched rows go."""

    kind: str
    format: str
    out: Path | None
    unmatched: Path | None


def say(text: str) -> None:
    """One line of the report on stderr, unwrapped (stdout may be the CSV)."""
    typer.echo(text, err=True)


def size_range(text: str) -> dict[str, int]:
    """``"50-500"`` -> ``{"min": 50, "max": 500}``; ``"1000+"`` and ``"1000-"`` leave max open,
    ``"-50"`` min."""
    low, sep, high = text.strip().removesuffix("+").partition("-")
    if text.strip().endswith("+"):
        sep = "-"
    try:
        bounds = {"min": int(low) if low else None, "max": int(high) if high else None}
    except ValueError:
        bounds = {}
    if not sep and bounds:
        bounds["max"] = bounds["min"]
    result = {name: value for name, value in bounds.items() if value is not None}
    if not result or any(v < 0 for v in result.values()):
        raise OperatorError(
            f"--size has the value {text!r}. Give employees as MIN-MAX (50-500), MIN+ (1000+) "
            "or -MAX (-50)."
        )
    if result.get("min", 0) > result.get("max", result.get("min", 0)):
        raise OperatorError(f"--size {text!r} has its minimum above its maximum. Swap them.")
    return result


def filters_of(
    industries: Sequence[str] | None,
    sizes: Sequence[str] | None,
    countries: Sequence[str] | None,
) -> dict[str, Any]:
    """The API's ``filters`` object for the filter options; empty lists are left out."""
    filters = {
        "industries": list(industries or []),
        "sizes": [size_range(size) for size in sizes or []],
        "countries": list(countries or []),
    }
    return {name: value for name, value in filters.items() if value}


def api_key_or_env(api_key: str | None) -> str:
    """The key given by ``--api-key`` (typer reads ``LOOKALIKE_API_KEY`` when it is absent)."""
    if not api_key:
        raise OperatorError("No API key: pass --api-key KEY or set LOOKALIKE_API_KEY.")
    return api_key


def checked_format(value: str) -> str:
    """``value`` in lower case, when it names an output format."""
    if value.lower() not in FORMATS:
        raise OperatorError(f"--format has the value {value!r}. Use one of: {', '.join(FORMATS)}.")
    return value.lower()


def same_account_ids(rows: Sequence[SeedRow]) -> list[str]:
    """The seeds' company ids (``--same-accounts``), from their Company ID / Account ID column."""
    ids = list(dict.fromkeys(row.company_id for row in rows if row.company_id))
    if not ids:
        raise OperatorError(
            "--same-accounts needs the seeds' accounts: add a Company ID (or Account ID) column "
            "with the company ids of your lookalike data (the companyId you imported)."
        )
    if missing := [str(row.line) for row in rows if row.identifiers and not row.company_id]:
        say(
            f"Warning: lines {', '.join(missing)} have no Company ID; their accounts are not "
            "searched."
        )
    return ids


def contact_seed_lists(sent: Sequence[Identifier]) -> dict[str, list[Any]]:
    """V3 identifier lists (``ids``, ``emails``, ``contacts``) for the client."""
    lists: dict[str, list[Any]] = {"ids": [], "emails": [], "contacts": []}
    plural = {"id": "ids", "email": "emails", "name": "contacts"}
    for identifier in sent:
        lists[plural[identifier.kind]].append(identifier.value)
    return lists


def company_seeds(sent: Sequence[Identifier]) -> list[dict[str, str]]:
    """Recommendations API seed objects: ``{"domain"}`` or ``{"companyId"}``."""
    field = {"domain": "domain", "id": "companyId"}
    return [{field[i.kind]: str(i.value)} for i in sent]


def need_five_seeds(rows: Sequence[SeedRow], path: Path) -> None:
    """Refuse, before any call, a file with fewer usable rows than a V3 first call needs."""
    usable = sum(1 for row in rows if row.identifiers)
    if usable < MIN_V3_SEEDS:
        raise OperatorError(
            f"{path} has {usable} seed row(s) that name a contact; the V3 Lookalike API needs "
            f"{MIN_V3_SEEDS} to 100 unique seeds. Add rows until at least {MIN_V3_SEEDS} match."
        )


def report_unmatched(
    output: Output, header: Sequence[str], rows: Sequence[SeedRow], unmatched: Any
) -> None:
    """Print the unmatched rows, and write them to ``--unmatched`` when given."""
    for line in unmatched_lines(unmatched, len(rows)):
        say(line)
    if output.unmatched is not None:
        write_unmatched(output.unmatched, header, unmatched)
        say(f"Wrote {len(unmatched)} unmatched rows to {output.unmatched}.")


def warn_if_few_matched(matched: int) -> None:
    """Say so when the lookalikes rest on fewer seeds than the V3 API asks for."""
    if matched < MIN_V3_SEEDS:
        say(
            f"Warning: only {matched} seed row(s) matched a contact. The V3 Lookalike API needs "
            f"{MIN_V3_SEEDS} or more unique seeds; these lookalikes rest on {matched}. Fix or add "
            "rows (see the unmatched report above)."
        )


@contextmanager
def opened(out: Path | None) -> Iterator[TextIO]:
    """The output file (UTF-8, no BOM), or stdout."""
    if out is None:
        yield sys.stdout
        return
    with out.open("w", newline="", encoding="utf-8") as handle:
        yield handle


def write_results(output: Output, items: Sequence[Mapping[str, Any]], seeds: int) -> None:
    """Write the results in the chosen layout."""
    layout = LAYOUTS[output.kind, output.format]
    with opened(output.out) as handle:
        write_rows(handle, layout.columns, (layout.row(item, seeds) for item in items))


def fetch_contacts(
    query: Query, sent: Sequence[Identifier], filters: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """Every V3 page of one session."""
    with LookalikeClient(query.api_key, query.base_url, max_retries=3) as client:
        lists = contact_seed_lists(sent)
        pages = client.iter_contact_lookalikes(
            ids=lists["ids"],
            emails=lists["emails"],
            contacts=lists["contacts"],
            limit=query.limit,
            filters=filters or None,
            max_pages=query.pages,
        )
        return list(pages)


def fetch_companies(query: Query, sent: Sequence[Identifier]) -> list[dict[str, Any]]:
    """Every Recommendations API page of one session."""
    with LookalikeClient(query.api_key, query.base_url, max_retries=3) as client:
        pages = client.iter_pages(
            "companies",
            company_seeds(sent),
            limit=query.limit,
            filters=query.filters or None,
            max_pages=query.pages,
        )
        return list(pages)


def run_contacts(query: Query, output: Output) -> None:
    """Lookalike contacts for the seed rows, written as ``output`` says."""
    header, rows = read_seed_rows(query.seeds, "contacts")
    need_five_seeds(rows, query.seeds)
    filters = dict(query.filters)
    if query.same_accounts:
        filters["companyIds"] = same_account_ids(rows)
    sent = chosen_identifiers(rows)
    found, matched = fetch_reporting_unmatched(
        lambda: fetch_contacts(query, sent, filters), output, header, rows, sent
    )
    warn_if_few_matched(matched)
    items = [item for page in found for item in page["results"]]
    write_results(output, items, matched)
    say_written(output, items, sum(int(page["billing"]["creditsCharged"]) for page in found))


def run_companies(query: Query, output: Output) -> None:
    """Lookalike companies for the seed rows, written as ``output`` says."""
    header, rows = read_seed_rows(query.seeds, "companies")
    sent = chosen_identifiers(rows)
    found, matched = fetch_reporting_unmatched(
        lambda: fetch_companies(query, sent), output, header, rows, sent
    )
    items = [item for page in found for item in page["companies"]]
    write_results(output, items, matched)
    say_written(output, items, sum(int(page.get("creditsCharged", 0)) for page in found))


def fetch_reporting_unmatched(
    fetch: Callable[[], list[dict[str, Any]]],
    output: Output,
    header: Sequence[str],
    rows: Sequence[SeedRow],
    sent: Sequence[Identifier],
) -> tuple[list[dict[str, Any]], int]:
    """The pages ``fetch`` returns and how many seed rows matched, after reporting the rows that
    matched nothing (every row, when the API found none of the seeds)."""
    try:
        found = fetch()
    except NotFoundError:
        report_unmatched(output, header, rows, unmatched_rows(rows, sent, [i.shown for i in sent]))
        raise
    unmatched = unmatched_rows(rows, sent, found[0].get("unresolvedSeeds") or [])
    report_unmatched(output, header, rows, unmatched)
    return found, matched_count(rows, unmatched)


def say_written(output: Output, items: Sequence[Mapping[str, Any]], credits: int) -> None:
    """The report's last line: how many results went where, and what they cost."""
    where = output.out or "stdout"
    say(f"Wrote {len(items)} {output.kind} to {where} ({credits} credits charged).")


@app.command("contacts")
def contacts(
    seeds: SeedsOption,
    out: OutOption = None,
    output_format: FormatOption = "csv",
    unmatched: UnmatchedOption = None,
    same_accounts: Annotated[
        bool,
        typer.Option(
            "--same-accounts",
            help="Land and expand: only colleagues at the seeds' own companies (their Company ID "
            "or Account ID column).",
        ),
    ] = False,
    industry: IndustryOption = None,
    size: SizeOption = None,
    country: CountryOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_V3_CONTACT_LIMIT, help="Results per page.")
    ] = MAX_LIMIT,
    pages: PagesOption = 1,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    api_key: ApiKeyOption = None,
) -> None:
    """Lookalike contacts for 5 to 100 seed rows, matched by email, id, or name and company."""
    output = Output("contacts", checked_format(output_format), out, unmatched)
    filters = filters_of(industry, size, country)
    query = Query(seeds, limit, pages, filters, api_key_or_env(api_key), base_url, same_accounts)
    run_contacts(query, output)


@app.command("companies")
def companies(
    seeds: SeedsOption,
    out: OutOption = None,
    output_format: FormatOption = "csv",
    unmatched: UnmatchedOption = None,
    industry: IndustryOption = None,
    size: SizeOption = None,
    country: CountryOption = None,
    limit: Annotated[
        int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="Results per page.")
    ] = MAX_LIMIT,
    pages: PagesOption = 1,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    api_key: ApiKeyOption = None,
) -> None:
    """Lookalike companies for 1 to 100 seed rows, matched by domain (or website) or id."""
    output = Output("companies", checked_format(output_format), out, unmatched)
    filters = filters_of(industry, size, country)
    run_companies(Query(seeds, limit, pages, filters, api_key_or_env(api_key), base_url), output)
