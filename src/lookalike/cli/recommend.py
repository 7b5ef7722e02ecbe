"""``lookalike recommend``: seeds from a CRM-export CSV in, a CRM-ready CSV of lookalikes out."""

from __future__ import annotations

import csv
import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer

from lookalike.cli.context import console
from lookalike.client import LookalikeClient
from lookalike.contract import MAX_LIMIT, MAX_SEEDS
from lookalike.errors import OperatorError

app = typer.Typer(help="Lookalikes for a CSV of seeds, written as a CRM-ready CSV.")

CONTACT_COLUMNS = (
    "personId", "name", "jobTitle", "companyId", "companyName", "companyDomain", "seniority",
    "departments", "country", "city", "score", "reasons", "nearestSeed",
)  # fmt: skip
COMPANY_COLUMNS = (
    "companyId", "name", "domain", "industry", "employees", "sizeRange", "country", "city",
    "foundedYear", "score", "reasons", "nearestSeed",
)  # fmt: skip
_ALIASES = {
    "personid": "personId",
    "contactid": "personId",
    "companyid": "companyId",
    "accountid": "companyId",
    "domain": "domain",
    "website": "domain",
    "companydomain": "domain",
    "fqdn": "domain",
}

SeedsOption = Annotated[
    Path, typer.Option("--seeds", exists=True, dir_okay=False, help="CSV with the seed rows.")
]
OutOption = Annotated[Path, typer.Option("--out", dir_okay=False, help="CSV file to write.")]
LimitOption = Annotated[
    int, typer.Option("--limit", min=1, max=MAX_LIMIT, help="Results per page.")
]
PagesOption = Annotated[int, typer.Option("--pages", min=1, help="How many pages to fetch.")]
BaseUrlOption = Annotated[str, typer.Option("--base-url", help="Where the API runs.")]
ApiKeyOption = Annotated[
    str | None,
    typer.Option("--api-key", help="API key [env: LOOKALIKE_API_KEY].", show_default=False),
]


def read_seeds(path: Path, kind: str) -> list[dict[str, str]]:
    """Seed objects from a CSV: ``personId``/``companyId`` or ``domain`` columns, any spelling."""
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = [_canonical(row) for row in csv.DictReader(handle)]
    seeds = [seed for seed in (_seed(row, kind) for row in rows) if seed]
    if not seeds:
        wanted = "personId" if kind == "contacts" else "companyId or domain"
        raise OperatorError(f"{path} has no seed rows: it needs a {wanted} column with values.")
    if len(seeds) > MAX_SEEDS:
        raise OperatorError(
            f"{path} has {len(seeds)} seeds; the API takes at most {MAX_SEEDS}. Keep the best ones."
        )
    return seeds


def _canonical(row: Mapping[str, str | None]) -> dict[str, str]:
    result: dict[str, str] = {}
    for name, value in row.items():
        key = _ALIASES.get("".join(ch for ch in (name or "").lower() if ch.isalnum()))
        if key and value and value.strip():
            result.setdefault(key, value.strip())
    return result


def _seed(row: Mapping[str, str], kind: str) -> dict[str, str]:
    if kind == "contacts":
        if "personId" not in row:
            return {}
        return {k: row[k] for k in ("personId", "companyId") if k in row}
    if "companyId" in row:
        return {"companyId": row["companyId"]}
    return {"domain": row["domain"]} if "domain" in row else {}


def reasons_text(reasons: Iterable[Mapping[str, Any]], seed_count: int) -> str:
    """``"Vice President (4 of 5 seeds); Sales (5 of 5 seeds)"``."""
    return "; ".join(f"{r['value']} ({r['seeds']} of {seed_count} seeds)" for r in reasons)


def contact_row(item: Mapping[str, Any], seed_count: int) -> dict[str, Any]:
    """One CSV row for a recommended contact."""
    location = item.get("location") or {}
    return {
        "personId": item["personId"],
        "name": item.get("name"),
        "jobTitle": item.get("jobTitle"),
        "companyId": item.get("companyId"),
        "companyName": item.get("companyName"),
        "companyDomain": item.get("companyDomain"),
        "seniority": (item.get("seniority") or {}).get("name"),
        "departments": "; ".join(item.get("departments") or []),
        "country": location.get("country"),
        "city": location.get("city"),
        "score": item.get("score"),
        "reasons": reasons_text(item.get("reasons") or [], seed_count),
        "nearestSeed": item.get("nearestSeed"),
    }


def company_row(item: Mapping[str, Any], seed_count: int) -> dict[str, Any]:
    """One CSV row for a recommended company."""
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
        "reasons": reasons_text(item.get("reasons") or [], seed_count),
        "nearestSeed": item.get("nearestSeed"),
    }


def _run(
    kind: str,
    seeds_path: Path,
    out: Path,
    limit: int,
    pages: int,
    base_url: str,
    api_key: str | None,
) -> None:
    key = api_key or os.environ.get("LOOKALIKE_API_KEY")
    if not key:
        raise OperatorError("No API key: pass --api-key KEY or set LOOKALIKE_API_KEY.")
    seeds = read_seeds(seeds_path, kind)
    rows, credits = [], 0
    with LookalikeClient(key, base_url, max_retries=3) as client:
        for page in client.iter_pages(kind, seeds, limit=limit, max_pages=pages):
            known = len(seeds) - len(page.get("unresolvedSeeds") or [])
            to_row = contact_row if kind == "contacts" else company_row
            rows += [to_row(item, known) for item in page[kind]]
            credits += int(page.get("creditsCharged", 0))
    write_rows(out, CONTACT_COLUMNS if kind == "contacts" else COMPANY_COLUMNS, rows)
    console.print(f"Wrote {len(rows)} {kind} to {out} ({credits} credits charged).")


def write_rows(path: Path, columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """Write ``rows`` as a CSV with a header line."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)


@app.command("contacts")
def contacts(
    seeds: SeedsOption,
    out: OutOption,
    limit: LimitOption = MAX_LIMIT,
    pages: PagesOption = 1,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    api_key: ApiKeyOption = None,
) -> None:
    """Lookalike contacts for the personId (and companyId) rows of a CSV."""
    _run("contacts", seeds, out, limit, pages, base_url, api_key)


@app.command("companies")
def companies(
    seeds: SeedsOption,
    out: OutOption,
    limit: LimitOption = MAX_LIMIT,
    pages: PagesOption = 1,
    base_url: BaseUrlOption = "http://127.0.0.1:8000",
    api_key: ApiKeyOption = None,
) -> None:
    """Lookalike companies for the companyId or domain rows of a CSV."""
    _run("companies", seeds, out, limit, pages, base_url, api_key)
