"""Build the labelled evaluation data sets under src/lookalike/data/eval/ (deterministic).

Every data set is an import-ready ``companies.csv`` (and ``contacts.csv`` for contact data sets) in
the formats of docs/data.md, a ``labels.csv`` (``id,fine,coarse,split``) and a ``SOURCE.md``:

* ``listed-companies``: the S&P 500 companies of the Wikipedia table, labelled with their GICS
  sub-industry (fine) and sector (coarse) from ``listed-companies/gics.csv``.
* ``naics-activities``: companies composed from NAICS 2022 index items held out of training
  (:func:`lookalike.taxonomy.naics_items.is_evaluation_item`), labelled with the 6-digit code.
* ``onet-contacts``: one composed contact per O*NET alternate title held out of the occupation
  vocabulary, labelled with its O*NET-SOC code.
* ``esco-contacts``: one composed contact per ESCO v1.0 alternative label, labelled with its
  ISCO-08 unit group.

Run from the repository root with the project's virtualenv:

    .venv/bin/python scripts/build_eval_data.py

The GICS labels are read from the committed ``src/lookalike/data/eval/listed-companies/gics.csv``.
To refresh them from upstream, pass a copy of ``data/constituents.csv`` from the public repository
``datasets/s-and-p-500-companies`` (ODC-PDDL-1.0; a version with a "GICS Sub-Industry" column):

    .venv/bin/python scripts/build_eval_data.py --constituents /path/to/constituents.csv

which rewrites ``gics.csv`` (symbol, name, sector, sub-industry only) before building.
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from lookalike.ingest.money import parse_revenue_usd
from lookalike.synthetic.companies import _domain, _employees, _headquarters, _whole
from lookalike.taxonomy._text import normalize
from lookalike.taxonomy.naics_items import evaluation_items
from lookalike.taxonomy.occupations import held_out_titles

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "lookalike" / "data"
EVAL = DATA / "eval"
GICS = EVAL / "listed-companies" / "gics.csv"
SEED = 20260101
HOLDOUT_PERCENT = 30
CONTACT_COMPANIES = 300
MIN_NAICS_COMPANIES = 4
MIN_TITLES = 6
ESCO_MAX_CONTACTS = 4000
COMMAND = "python scripts/build_eval_data.py"

COMPANY_COLUMNS = (
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
)
CONTACT_COLUMNS = (
    "personId",
    "companyId",
    "firstName",
    "lastName",
    "jobTitle",
    "country",
    "state",
    "city",
)
LABEL_COLUMNS = ("id", "fine", "coarse", "split")
# Countries of the composed NAICS companies: weights only, no relation to the activity.
COUNTRY_MIX = (
    ("United States", 60),
    ("United Kingdom", 10),
    ("Germany", 8),
    ("Canada", 7),
    ("France", 6),
    ("Australia", 5),
    ("Netherlands", 4),
)
_SECTOR_FOLDS = {"32": "31", "33": "31", "45": "44", "49": "48"}

Row = dict[str, str]


@dataclass
class Dataset:
    """What one data set writes: import rows, labels and the facts SOURCE.md reports."""

    name: str
    companies: list[Row]
    labels: list[Row]
    contacts: list[Row] | None = None


def split_of(fine: str) -> str:
    """``holdout`` for ~30 % of fine classes (a stable hash of the label), else ``dev``."""
    return "holdout" if zlib.crc32(fine.encode()) % 100 < HOLDOUT_PERCENT else "dev"


def label(identifier: str, fine: str, coarse: str) -> Row:
    return {"id": identifier, "fine": fine, "coarse": coarse, "split": split_of(fine)}


def company_row(**values: object) -> Row:
    row = {column: "" for column in COMPANY_COLUMNS}
    for key, value in values.items():
        assert key in row, key
        row[key] = "" if value is None else str(value)
    return row


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Row]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def read_csv(path: Path) -> list[Row]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


# ---- listed-companies ---------------------------------------------------------------------------


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


def listed_companies() -> tuple[Dataset, dict[str, object]]:
    gics = read_csv(GICS)
    wikipedia = read_csv(DATA / "wikipedia" / "companies.csv")
    # S&P 500 listings first, then any listing (a company may since have left the index).
    ranked = sorted(wikipedia, key=lambda record: "S&P 500" not in record["indices"].split("|"))
    by_ticker: dict[str, Row] = {}
    by_name: dict[str, Row] = {}
    for listing in ranked:
        by_ticker.setdefault(_ticker_key(listing["symbol"]), listing)
        by_name.setdefault(_name_key(listing["name"]), listing)
    companies: list[Row] = []
    labels: list[Row] = []
    used: set[str] = set()
    by_name_matches = 0
    unmatched: list[str] = []
    wrong_tickers: list[str] = []
    matched: list[Row] = []
    share_class_duplicates: list[str] = []
    for entry in gics:
        record: Row | None = by_ticker.get(_ticker_key(entry["symbol"]))
        if record is not None and not same_company(entry["name"], record["name"]):
            wrong_tickers.append(f"{entry['symbol']} ({record['name']})")
            record = None  # the Wikipedia table has a few wrong tickers
        if record is None:
            record = by_name.get(_name_key(entry["name"]))
            by_name_matches += record is not None
        if record is None:
            unmatched.append(entry["symbol"])
            continue
        if record["name"] in used:  # a second share class (GOOG after GOOGL): one company
            share_class_duplicates.append(entry["symbol"])
            continue
        used.add(record["name"])
        matched.append(record)
        company_id = "sp-" + re.sub(r"[^a-z0-9]+", "-", entry["symbol"].lower())
        country, state, city = _headquarters(record["country"], record["headquarters"])
        industries = [part.strip() for part in record["industries"].split("|") if part.strip()]
        companies.append(
            company_row(
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
        )
        labels.append(label(company_id, entry["gics_sub_industry"], entry["gics_sector"]))
    # How often a company's own GICS sub-industry name appears verbatim among its Wikipedia
    # industry labels (Wikipedia infoboxes sometimes quote GICS/TRBC names): a leakage measure.
    sub_by_id = {row["id"]: row["fine"] for row in labels}
    verbatim = sum(
        normalize(sub_by_id[row["companyId"]])
        in {normalize(part) for part in row["industry"].split(", ")}
        for row in companies
    )
    facts: dict[str, object] = {
        "constituents": len(gics),
        "matched": len(companies) + len(share_class_duplicates),
        "by_name": by_name_matches,
        "unmatched": ", ".join(unmatched) or "none",
        "wrong_tickers": ", ".join(wrong_tickers) or "none",
        "in_index": sum("S&P 500" in record["indices"] for record in matched),
        "share_classes": ", ".join(share_class_duplicates) or "none",
        "verbatim": verbatim,
    }
    return Dataset("listed-companies", companies, labels), facts


# ---- naics-activities ---------------------------------------------------------------------------


def naics_sector(code: str) -> str:
    return _SECTOR_FOLDS.get(code[:2], code[:2])


def _plausible_structure(rng: random.Random) -> dict[str, object]:
    """Employees, country and founding year drawn independently of any label."""
    countries = [name for name, _ in COUNTRY_MIX]
    weights = [weight for _, weight in COUNTRY_MIX]
    return {
        "employees": round(math.exp(rng.uniform(math.log(2), math.log(50_000)))),
        "country": rng.choices(countries, weights)[0],
        "foundedYear": rng.randint(1900, 2023),
    }


def naics_activities() -> tuple[Dataset, dict[str, object]]:
    rng = random.Random(SEED)
    by_code: dict[str, list[str]] = defaultdict(list)
    seen: set[tuple[str, str]] = set()
    for code, text in evaluation_items():
        key = (code, normalize(text))
        if key not in seen:
            seen.add(key)
            by_code[code].append(text)
    groups: list[tuple[str, list[str]]] = []
    for code in sorted(by_code):
        items = list(by_code[code])
        rng.shuffle(items)
        count = len(items) // 2
        if count < MIN_NAICS_COMPANIES:
            continue
        chunks = [items[2 * index : 2 * index + 2] for index in range(count)]
        if len(items) % 2:
            chunks[-1].append(items[-1])  # an odd item out joins the last company (3 items)
        groups.extend((code, chunk) for chunk in chunks)
    order = list(range(len(groups)))
    rng.shuffle(order)  # ids carry no code order
    companies: list[Row] = []
    labels: list[Row] = []
    for number, position in enumerate(order, start=1):
        code, chunk = groups[position]
        company_id = f"na-{number:05d}"
        companies.append(
            company_row(
                companyId=company_id,
                name=f"Activity Co {number}",
                description="; ".join(chunk),
                **_plausible_structure(rng),
            )
        )
        labels.append(label(company_id, code, naics_sector(code)))
    companies_sorted = sorted(companies, key=lambda row: row["companyId"])
    labels_sorted = sorted(labels, key=lambda row: row["id"])
    facts: dict[str, object] = {"items": sum(len(chunk) for _, chunk in groups)}
    return Dataset("naics-activities", companies_sorted, labels_sorted), facts


# ---- contact data sets --------------------------------------------------------------------------


def _names() -> tuple[list[str], list[str]]:
    first: list[str] = []
    last: list[str] = []
    for row in read_csv(DATA / "demo" / "names.csv"):
        if row["culture"] == "en":
            (first if row["kind"] == "first" else last).append(row["name"])
    return first, last


def contact_companies(listed: Dataset) -> list[Row]:
    """A fixed random sample of the listed companies: employers with no occupation signal."""
    rng = random.Random(SEED + 1)
    return sorted(
        rng.sample(listed.companies, min(CONTACT_COMPANIES, len(listed.companies))),
        key=lambda row: row["companyId"],
    )


def contact_dataset(
    name: str,
    prefix: str,
    titles: Sequence[tuple[str, str, str]],
    companies: list[Row],
    seed: int,
) -> Dataset:
    """One composed contact per (fine, coarse, title) at a random company of ``companies``."""
    rng = random.Random(seed)
    first_names, last_names = _names()
    order = list(range(len(titles)))
    rng.shuffle(order)
    contacts: list[Row] = []
    labels: list[Row] = []
    for number, position in enumerate(order, start=1):
        fine, coarse, title = titles[position]
        company = rng.choice(companies)
        person_id = f"{prefix}-{number:05d}"
        contacts.append(
            {
                "personId": person_id,
                "companyId": company["companyId"],
                "firstName": rng.choice(first_names),
                "lastName": rng.choice(last_names),
                "jobTitle": title,
                "country": company["country"],
                "state": company["state"],
                "city": company["city"],
            }
        )
        labels.append(label(person_id, fine, coarse))
    return Dataset(name, companies, labels, contacts)


def onet_titles() -> list[tuple[str, str, str]]:
    held = held_out_titles()
    counts = Counter(code for code, _ in held)
    return [
        (code, code[:2], title.strip())
        for code, title in held
        if counts[code] >= MIN_TITLES and title.strip()
    ]


def esco_titles() -> tuple[list[tuple[str, str, str]], dict[str, object]]:
    """ESCO alternative labels by ISCO-08 unit group, capped per group to at most ~4,000."""
    groups_by_key: dict[str, set[str]] = defaultdict(set)
    first_title: dict[str, str] = {}
    for row in read_csv(DATA / "esco" / "occupations_en.csv"):
        group = row["iscoGroup"].strip()
        if len(group) != 4 or not group.isdigit():
            continue
        for title in row["altLabels"].split("\n"):
            key = normalize(title)
            if key:
                groups_by_key[key].add(group)
                first_title.setdefault(key, title.strip())
    ambiguous = sum(len(groups) > 1 for groups in groups_by_key.values())
    by_group: dict[str, list[str]] = defaultdict(list)
    for key in sorted(groups_by_key):
        groups = groups_by_key[key]
        if len(groups) == 1:  # a label shared by occupations of different groups is dropped
            by_group[next(iter(groups))].append(first_title[key])
    kept = {group: titles for group, titles in by_group.items() if len(titles) >= MIN_TITLES}
    cap = max(len(titles) for titles in kept.values())
    while sum(min(cap, len(titles)) for titles in kept.values()) > ESCO_MAX_CONTACTS:
        cap -= 1
    rng = random.Random(SEED + 2)
    chosen: list[tuple[str, str, str]] = []
    for group in sorted(kept):
        titles = kept[group]
        sample = titles if len(titles) <= cap else rng.sample(titles, cap)
        chosen.extend((group, group[0], title) for title in sorted(sample))
    facts: dict[str, object] = {
        "labels": len(groups_by_key),
        "ambiguous": ambiguous,
        "groups_all": len(by_group),
        "cap": cap,
    }
    return chosen, facts


# ---- writing ------------------------------------------------------------------------------------


def _counts(dataset: Dataset) -> str:
    fine = Counter(row["fine"] for row in dataset.labels)
    coarse = {row["coarse"] for row in dataset.labels}
    split_rows = Counter(row["split"] for row in dataset.labels)
    split_classes = Counter(split_of(name) for name in fine)
    lines = [
        f"- companies.csv: {len(dataset.companies):,} rows",
    ]
    if dataset.contacts is not None:
        lines.append(f"- contacts.csv: {len(dataset.contacts):,} rows")
    lines += [
        f"- labels.csv: {len(dataset.labels):,} rows, {len(fine):,} fine classes, "
        f"{len(coarse):,} coarse classes",
        f"- dev: {split_rows['dev']:,} rows in {split_classes['dev']:,} fine classes; holdout: "
        f"{split_rows['holdout']:,} rows in {split_classes['holdout']:,} fine classes",
        f"- fine classes with at least 4 members: {sum(n >= 4 for n in fine.values()):,}; "
        f"largest: {max(fine.values()):,}; smallest: {min(fine.values()):,}",
    ]
    return "\n".join(lines)


SPLIT_NOTE = (
    "`split` is `holdout` when `zlib.crc32(fine.encode()) % 100 < 30`, else `dev`: a whole fine "
    "class is on one side."
)


def write_dataset(dataset: Dataset, source: str) -> None:
    folder = EVAL / dataset.name
    write_csv(folder / "companies.csv", COMPANY_COLUMNS, dataset.companies)
    if dataset.contacts is not None:
        write_csv(folder / "contacts.csv", CONTACT_COLUMNS, dataset.contacts)
    write_csv(folder / "labels.csv", LABEL_COLUMNS, dataset.labels)
    text = (
        f"{source.strip()}\n\n## Split\n\n{SPLIT_NOTE}\n\n## Counts\n\n{_counts(dataset)}\n\n"
        f"## Build\n\n```sh\n{COMMAND}\n```\n\nfrom the repository root (random seed {SEED}); "
        "see the docstring of `scripts/build_eval_data.py`.\n"
    )
    (folder / "SOURCE.md").write_text(text, encoding="utf-8")


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


def naics_source(facts: dict[str, object]) -> str:
    return f"""
# naics-activities

Companies composed from real text: NAICS 2022 index items (`src/lookalike/data/naics/
naics_2022_index_items.csv`, U.S. Census Bureau / OMB, public domain), each an official activity
description mapped to a 6-digit NAICS code.

Only evaluation items are used: `lookalike.taxonomy.naics_items.is_evaluation_item` (a crc32 hash
of the normalised text, ~30 % of items); whatever learns NAICS-from-text must use
`training_items()`, never these. For each 6-digit code the evaluation items (unique by normalised
text) are shuffled with a fixed seed and paired; an odd item out joins the last pair. Each company's
`description` is its 2 (or 3) items joined with "; ". Codes giving fewer than
{MIN_NAICS_COMPANIES} companies are left out; {facts["items"]:,} items are used.

`fine` = 6-digit NAICS code, `coarse` = 2-digit sector (31-33, 44-45 and 48-49 folded to 31, 44
and 48). Ids `na-<n>` in a shuffled order; names "Activity Co <n>".

The structural fields carry no label signal: `employees` log-uniform in 2..50,000, `country` drawn
from a fixed mix (60 % United States, then United Kingdom, Germany, Canada, France, Australia,
Netherlands), `foundedYear` uniform in 1900..2023; no `naics`, no `industry`, no domain. These
companies are composed, not real.
"""


def contacts_source(name: str, body: str) -> str:
    return f"""
# {name}

{body.strip()}

People are composed, not real: first and last names are drawn at random from the English names of
`src/lookalike/data/demo/names.csv`, with no contact details. Each contact works at a random company
of this data set's `companies.csv` ({CONTACT_COMPANIES} companies drawn with a fixed seed from
`listed-companies/companies.csv`, same ids and rows, Wikipedia-derived, CC BY-SA 4.0), so the
employer carries no occupation signal; the contact's country, state and city are the company's.
Import `companies.csv` first, then `contacts.csv`. Ids `{name.split("-")[0]}-<n>` in a shuffled
order.
"""


ONET_BODY = """
Real job titles: the O*NET 27.0 alternate and short titles that the project's occupation lookup
holds out of its vocabulary (`lookalike.taxonomy.occupations.held_out_titles()`, a crc32 hash of the
normalised title, unique by normalised title), kept for occupations with at least 6 such titles.
One contact per title.

Source: O*NET 27.0 Database (`src/lookalike/data/onet/Alternate Titles.txt`). Licence CC BY 4.0.
Attribution: "This product includes information from the O*NET 27.0 Database by the U.S.
Department of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0
license. O*NET is a trademark of USDOL/ETA."

`fine` = O*NET-SOC code (e.g. 15-1252.00), `coarse` = 2-digit SOC major group ("15").
"""


def esco_body(facts: dict[str, object]) -> str:
    return f"""
Real job titles from a source the engine is not tuned on: the ESCO v1.0 alternative labels
(`altLabels` of `src/lookalike/data/esco/occupations_en.csv`; preferred labels are not used).
Licence: European Commission reuse policy (Decision 2011/833/EU), commercial use allowed with
attribution: "© European Union, ESCO classification".

{facts["labels"]:,} distinct normalised labels; {facts["ambiguous"]:,} that belong to occupations of
different ISCO-08 unit groups are dropped. Unit groups with at least {MIN_TITLES} labels are kept;
each keeps at most {facts["cap"]} labels (a fixed-seed sample; the cap is the largest that keeps the
total at or under {ESCO_MAX_CONTACTS:,}). One contact per label.

`fine` = ISCO-08 unit group (4 digits) of the label's ESCO occupation, `coarse` = ISCO-08 major
group (1 digit).
"""


def write_index(datasets: Sequence[Dataset]) -> None:
    lines = [
        "# Evaluation data sets",
        "",
        "Real, openly licensed, labelled data for `lookalike eval`, built by",
        "`scripts/build_eval_data.py` (deterministic). Each folder holds `companies.csv` (and",
        "`contacts.csv` for contact data sets) in the import formats of docs/data.md, `labels.csv`",
        "(`id,fine,coarse,split`; `id` is a companyId or personId; `split` is `dev` or",
        "`holdout`, by a stable hash of the fine label, ~30 % of fine classes held out) and",
        "`SOURCE.md` (origin, licence, attribution, build command, counts).",
        "",
        "| data set | kind | rows | fine / coarse classes | fine | coarse | licence |",
        "|---|---|---|---|---|---|---|",
    ]
    meta = {
        "listed-companies": ("GICS sub-industry", "GICS sector", "CC BY-SA 4.0 + ODC-PDDL-1.0"),
        "naics-activities": ("NAICS 6-digit", "NAICS sector", "public domain"),
        "onet-contacts": ("O*NET-SOC", "SOC major group", "CC BY 4.0 (+ CC BY-SA companies)"),
        "esco-contacts": ("ISCO-08 unit group", "ISCO major group", "EC reuse (+ CC BY-SA)"),
    }
    for dataset in datasets:
        kind = "contacts" if dataset.contacts is not None else "companies"
        fine = {row["fine"] for row in dataset.labels}
        coarse = {row["coarse"] for row in dataset.labels}
        fine_name, coarse_name, licence = meta[dataset.name]
        lines.append(
            f"| [{dataset.name}]({dataset.name}/SOURCE.md) | {kind} | {len(dataset.labels):,} | "
            f"{len(fine)} / {len(coarse)} | {fine_name} | {coarse_name} | {licence} |"
        )
    lines += [
        "",
        "People in the contact data sets and the naics-activities companies are composed, not",
        "real.",
        "",
    ]
    (EVAL / "README.md").write_text("\n".join(lines), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--constituents",
        type=Path,
        help="upstream data/constituents.csv of datasets/s-and-p-500-companies: rewrite gics.csv",
    )
    args = parser.parse_args(argv)
    if args.constituents is not None:
        refresh_gics(args.constituents)
    listed, listed_facts = listed_companies()
    naics, naics_facts = naics_activities()
    employers = contact_companies(listed)
    onet = contact_dataset("onet-contacts", "onet", onet_titles(), employers, SEED + 3)
    esco_list, esco_facts = esco_titles()
    esco = contact_dataset("esco-contacts", "esco", esco_list, employers, SEED + 4)
    write_dataset(listed, listed_source(listed_facts))
    write_dataset(naics, naics_source(naics_facts))
    write_dataset(onet, contacts_source("onet-contacts", ONET_BODY))
    write_dataset(esco, contacts_source("esco-contacts", esco_body(esco_facts)))
    datasets = [listed, naics, onet, esco]
    write_index(datasets)
    for dataset in datasets:
        print(f"{dataset.name}: {len(dataset.labels)} labelled rows")


if __name__ == "__main__":
    main()
