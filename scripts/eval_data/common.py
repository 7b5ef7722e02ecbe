"""Shared constants, row and label helpers, CSV reading and writing of the evaluation data sets."""

from __future__ import annotations

import csv
import zlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
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
