"""The listed-companies data set: S&P 500 companies of the Wikipedia table, labelled with GICS."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from eval_data.common import DATA, GICS, Dataset, Row, company_row, label, read_csv, write_csv
from lookalike.ingest.money import parse_revenue_usd
from lookalike.synthetic.companies import _domain, _employees, _headquarters, _whole
from lookalike.taxonomy._text import normalize


def refresh_gics(constituents: Path) -> None:
    """Rewrite gics.csv from an upstream constituents.csv (needed columns only)."""
    rows = read_csv(constituents)
    if not rows or "GICS Sub-Industry" not in rows[0]:
        raise SystemExit(f"{constituents}: no 'GICS Sub-Industry' column (an old version?)")
    write_csv(
        GICS,
        ("symbol", "name", "gics_sector", "gics_sub_industry"),
        (
            {
                "symbol": row["Symbol"].strip(),
                "name": (row.get("Security") or row.get("Name") or "").strip(),
                "gics_sector": row["GICS Sector"].strip(),
                "gics_sub_industry": row["GICS Sub-Industry"].strip(),
            }
            for row in rows
        ),
    )


def _ticker_key(symbol: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", symbol.upper())


_NAME_STOP = frozenset(
    {"inc", "incorporated", "corp", "corporation", "co", "company", "the", "plc", "ltd"}
    | {"limited", "group", "holdings", "and", "&", "of"}
)


def _name_tokens(name: str) -> list[str]:
    """Normalised name words without legal forms and share-class notes ("(Class A)")."""
    return [
        word for word in normalize(re.sub(r"\(.*?\)", "", name)).split() if word not in _NAME_STOP
    ]


def _name_key(name: str) -> str:
    return " ".join(_name_tokens(name))


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(char in letters for char in short)


def same_company(first: str, second: str) -> bool:
    """Whether two names plausibly name one company: a shared word, one run-together name the
    start of the other ("Onsemi" / "ON Semiconductor"), or initials ("BNY" / "Bank of New York
    Mellon", "FIS" / "Fidelity National Information Services", "FICO" / "Fair Isaac")."""
    a, b = _name_tokens(first), _name_tokens(second)
    if not a or not b:
        return False
    if set(a) & set(b):
        return True
    for short, long in ((a, b), (b, a)):
        compact, long_compact = "".join(short), "".join(long)
        if len(compact) >= 3 and long_compact.startswith(compact):
            return True
        if len(long) < 2 or len(compact) < 2:
            continue
        initials = "".join(word[0] for word in long)
        if compact[0] == initials[0] and (
            _subsequence(compact, initials) or compact.startswith(initials)
        ):
            return True
    return False


@dataclass
class GicsJoin:
    """The Wikipedia listing found for each GICS constituent, and what the join reports."""

    pairs: list[tuple[Row, Row]] = field(default_factory=list)  # (gics entry, Wikipedia listing)
    by_name: int = 0
    unmatched: list[str] = field(default_factory=list)
    wrong_tickers: list[str] = field(default_factory=list)
    share_class_duplicates: list[str] = field(default_factory=list)


def _listing_lookups(wikipedia: list[Row]) -> tuple[dict[str, Row], dict[str, Row]]:
    """Wikipedia listings by ticker key and by name key; the first listing of a key wins."""
    # S&P 500 listings first, then any listing (a company may since have left the index).
    ranked = sorted(wikipedia, key=lambda record: "S&P 500" not in record["indices"].split("|"))
    by_ticker: dict[str, Row] = {}
    by_name: dict[str, Row] = {}
    for listing in ranked:
        by_ticker.setdefault(_ticker_key(listing["symbol"]), listing)
        by_name.setdefault(_name_key(listing["name"]), listing)
    return by_ticker, by_name


def _find_listing(
    entry: Row, by_ticker: dict[str, Row], by_name: dict[str, Row], join: GicsJoin
) -> Row | None:
    """The listing of one constituent: by ticker when the names agree, else by name."""
    record: Row | None = by_ticker.get(_ticker_key(entry["symbol"]))
    if record is not None and not same_company(entry["name"], record["name"]):
        join.wrong_tickers.append(f"{entry['symbol']} ({record['name']})")
        record = None  # the Wikipedia table has a few wrong tickers
    if record is None:
        record = by_name.get(_name_key(entry["name"]))
        join.by_name += record is not None
    return record


def join_gics(gics: list[Row], wikipedia: list[Row]) -> GicsJoin:
    """Match the GICS constituents to Wikipedia listings, one company per listing."""
    by_ticker, by_name = _listing_lookups(wikipedia)
    join = GicsJoin()
    used: set[str] = set()
    for entry in gics:
        record = _find_listing(entry, by_ticker, by_name, join)
        if record is None:
            join.unmatched.append(entry["symbol"])
            continue
        if record["name"] in used:  # a second share class (GOOG after GOOGL): one company
            join.share_class_duplicates.append(entry["symbol"])
            continue
        used.add(record["name"])
        join.pairs.append((entry, record))
    return join


def _company_id(symbol: str) -> str:
    return "sp-" + re.sub(r"[^a-z0-9]+", "-", symbol.lower())


def listed_company_row(company_id: str, record: Row) -> Row:
    """The import row of one matched company, from its Wikipedia listing."""
    country, state, city = _headquarters(record["country"], record["headquarters"])
    industries = [part.strip() for part in record["industries"].split("|") if part.strip()]
    return company_row(
        companyId=company_id,
        name=record["name"].strip(),
        domain=_domain(record["website"]),
        description=record["products"].strip()[:500],
        industry=", ".join(industries)[:500],
        employees=_employees(record),
        revenue=parse_revenue_usd(record["revenue"]),
        country=country,
        state=state,
        city=city,
        foundedYear=_whole(record["founded_year"], 1500, 2026),
    )


def _verbatim_count(companies: list[Row], labels: list[Row]) -> int:
    # How often a company's own GICS sub-industry name appears verbatim among its Wikipedia
    # industry labels (Wikipedia infoboxes sometimes quote GICS/TRBC names): a leakage measure.
    sub_by_id = {row["id"]: row["fine"] for row in labels}
    return sum(
        normalize(sub_by_id[row["companyId"]])
        in {normalize(part) for part in row["industry"].split(", ")}
        for row in companies
    )


def listed_companies() -> tuple[Dataset, dict[str, object]]:
    gics = read_csv(GICS)
    join = join_gics(gics, read_csv(DATA / "wikipedia" / "companies.csv"))
    companies: list[Row] = []
    labels: list[Row] = []
    for entry, record in join.pairs:
        company_id = _company_id(entry["symbol"])
        companies.append(listed_company_row(company_id, record))
        labels.append(label(company_id, entry["gics_sub_industry"], entry["gics_sector"]))
    facts: dict[str, object] = {
        "constituents": len(gics),
        "matched": len(companies) + len(join.share_class_duplicates),
        "by_name": join.by_name,
        "unmatched": ", ".join(join.unmatched) or "none",
        "wrong_tickers": ", ".join(join.wrong_tickers) or "none",
        "in_index": sum("S&P 500" in record["indices"] for _, record in join.pairs),
        "share_classes": ", ".join(join.share_class_duplicates) or "none",
        "verbatim": _verbatim_count(companies, labels),
    }
    return Dataset("listed-companies", companies, labels), facts


def listed_source(facts: dict[str, object]) -> str:
    return f"""
# listed-companies

Real companies: the S&P 500 constituents found in the project's Wikipedia company table, labelled
with a standard classification the engine never sees.

- Companies: `src/lookalike/data/wikipedia/companies.csv` (Wikipedia infobox data), rows whose
  `indices` include "S&P 500". Licence CC BY-SA 4.0. Attribution: "Company data derived from
  Wikipedia (en.wikipedia.org), CC BY-SA 4.0"; `companies.csv` here is a derived table and stays
  CC BY-SA 4.0.
- Labels: `gics.csv` (symbol, name, GICS sector, GICS sub-industry), the needed columns of
  `data/constituents.csv` of the public repository `datasets/s-and-p-500-companies`
  (github.com/datasets/s-and-p-500-companies, commit da0c87bda83a66623f58a5fc1f787b9eb996dec2),
  itself extracted from Wikipedia's "List of S&P 500 companies". Licence: Open Data Commons Public
  Domain Dedication and License (ODC-PDDL-1.0); no attribution required, credit to Rufus Pollock and
  the Open Knowledge Foundation appreciated. GICS is a classification of MSCI and S&P Dow Jones
  Indices; only the membership facts are used.

`fine` = GICS sub-industry, `coarse` = GICS sector. Ids `sp-<ticker>`.

Join: by ticker (punctuation ignored, "BRK.B" = "BRKB") when the names agree (a shared word or
initials), else by normalised name without legal forms; S&P 500 listings of the Wikipedia table
first, then its other listings (companies that left the index since the GICS snapshot):
{facts["matched"]} of {facts["constituents"]} constituents matched ({facts["by_name"]} by name,
{facts["in_index"]} to rows listed in the S&P 500); unmatched:
{facts["unmatched"]}.
Wrong tickers in the Wikipedia table, rejected by the name check:
{facts["wrong_tickers"]}. Second share classes of one company
(kept once, under the first ticker): {facts["share_classes"]}.

Columns: `name`, `domain` (from the website), `description` (the infobox products text, as one
string, cut at 500 characters; empty for many companies), `industry` (the Wikipedia industry labels
joined with ", "), `employees`, `revenue` (USD at fixed rates, as in the demo), `country`, `state`
and `city` parsed from the headquarters text, `foundedYear`; no `naics` (derived from `industry`
on import).

Caveat: Wikipedia industry labels sometimes quote GICS or TRBC names; in {facts["verbatim"]}
companies the company's own GICS sub-industry name appears verbatim among its `industry` labels.
The universe is every matched company; an evaluator picks query classes with enough members.
"""
