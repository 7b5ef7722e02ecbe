"""NAICS 2022: codes, titles, the sector/parent hierarchy, label matching and code similarity.

Sectors 31-33 (Manufacturing), 44-45 (Retail Trade) and 48-49 (Transportation and Warehousing) span
several two-digit prefixes; :func:`naics_sector` folds them to their first prefix ("33" -> "31").
Free industry labels map to codes through a hand table of common labels, then a nearest-text lookup
over every NAICS title and the ~20k official index items ("Soybean farming", "Software publishers").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from lookalike.taxonomy._data import data_path
from lookalike.taxonomy._nearest import NearestTextIndex
from lookalike.taxonomy._text import normalize
from lookalike.taxonomy.industry_labels import INDUSTRY_LABEL_CODES
from lookalike.taxonomy.naics_items import training_items

LABEL_MIN_SIMILARITY = 0.35
_LABEL_SEPARATORS = re.compile(r"\s*[,;|/]\s*")
_SECTOR_FOLDS = {"32": "31", "33": "31", "45": "44", "49": "48"}


@dataclass(frozen=True, slots=True)
class _LabelIndex:
    codes: tuple[str, ...]
    index: NearestTextIndex


@cache
def _titles() -> dict[str, str]:
    """code -> title for every 2-6 digit code; range sectors stored under each prefix."""
    titles: dict[str, str] = {}
    with data_path("naics", "naics_2022_codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            code, title = row["code"].strip(), row["title"].strip()
            if "-" in code:
                first, last = (int(part) for part in code.split("-"))
                for prefix in range(first, last + 1):
                    titles[str(prefix)] = title
            else:
                titles[code] = title
    return titles


def naics_codes() -> list[str]:
    """Every NAICS 2022 code (2-6 digits; range sectors under each two-digit prefix), sorted."""
    return sorted(_titles())


def naics_title(code: str) -> str | None:
    """The NAICS 2022 title of a 2-6 digit code, or None when unknown."""
    return _titles().get(code.strip())


def naics_sector(code: str) -> str:
    """The two-digit sector of a code, folding 31-33, 44-45 and 48-49 to 31, 44 and 48."""
    prefix = code.strip()[:2]
    return _SECTOR_FOLDS.get(prefix, prefix)


def naics_parents(code: str) -> list[str]:
    """The known ancestors of a code, nearest first, ending at its (folded) sector."""
    code = code.strip()
    parents = [
        code[:length] for length in range(len(code) - 1, 2, -1) if code[:length] in _titles()
    ]
    sector = naics_sector(code)
    if len(code) > 2 or sector != code:
        parents.append(sector)
    return parents


def naics_similarity(first: str, second: str) -> float:
    """How related two codes are, 0..1: shared prefix length over the longer code length."""
    a, b = first.strip(), second.strip()
    if not a or not b:
        return 0.0
    a, b = naics_sector(a) + a[2:], naics_sector(b) + b[2:]
    shared = 0
    for left, right in zip(a, b, strict=False):
        if left != right:
            break
        shared += 1
    return 0.0 if shared < 2 else shared / max(len(a), len(b))


@cache
def _hand_labels() -> dict[str, str]:
    return {normalize(label): code for label, code in INDUSTRY_LABEL_CODES.items()}


@cache
def _label_index() -> _LabelIndex:
    texts: list[str] = []
    codes: list[str] = []
    for code, title in _titles().items():
        texts.append(title)
        codes.append(code)
    # Only the index items anything may learn from: the rest are evaluation text.
    for code, text in training_items():
        texts.append(text)
        codes.append(code)
    return _LabelIndex(codes=tuple(codes), index=NearestTextIndex(texts))


@lru_cache(maxsize=50_000)
def naics_for_label(label: str) -> str | None:
    """The NAICS code that best matches an industry label such as "Financial services"."""
    key = normalize(label)
    if not key:
        return None
    if key.isdigit() and key in _titles():
        return key
    parts = [normalize(part) for part in _LABEL_SEPARATORS.split(label)]
    hand_table = _hand_labels()
    for candidate in [key, *parts]:
        hand = hand_table.get(candidate) or hand_table.get(candidate.replace("&", "and"))
        if hand is not None:
            return hand
    labels = _label_index()
    best = labels.index.nearest(parts[0] if parts and parts[0] else key, k=1)
    if not best or best[0].similarity < LABEL_MIN_SIMILARITY:
        return None
    return labels.codes[best[0].position]
