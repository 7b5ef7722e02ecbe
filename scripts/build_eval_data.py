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
from collections.abc import Sequence
from pathlib import Path

from eval_data.common import SEED, write_dataset, write_index
from eval_data.contacts import (
    ONET_BODY,
    contact_companies,
    contact_dataset,
    contacts_source,
    esco_body,
    esco_titles,
    onet_titles,
)
from eval_data.listed import listed_companies, listed_source, refresh_gics
from eval_data.naics import naics_activities, naics_source


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
