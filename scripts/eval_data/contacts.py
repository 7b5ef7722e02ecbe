"""The onet-contacts and esco-contacts data sets: composed people with real job titles."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Sequence

from eval_data.common import (
    CONTACT_COMPANIES,
    DATA,
    ESCO_MAX_CONTACTS,
    MIN_TITLES,
    SEED,
    Dataset,
    Row,
    label,
    read_csv,
)
from lookalike.taxonomy._text import normalize
from lookalike.taxonomy.occupations import held_out_titles


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
