"""The naics-activities data set: companies composed from held-out NAICS 2022 index items."""

from __future__ import annotations

import math
import random
from collections import defaultdict

from eval_data.common import MIN_NAICS_COMPANIES, SEED, Dataset, Row, company_row, label
from lookalike.taxonomy._text import normalize
from lookalike.taxonomy.naics_items import evaluation_items

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
