"""Job title understanding: any raw job title -> Lusha departments and seniority.

The title is cut at a trailing company ("... at Acme", "... @ Acme", "... bei/chez Acme") and
loses the parts after a separator that name a company ("..., Acme Corp", "... | ex-Uber"), is
rendered in English word by word (:mod:`lookalike.taxonomy._translate`), then read by the rule
tables of :mod:`lookalike.taxonomy.title_rules`: the most senior rank word decides the seniority,
keyword phrases the departments, and the nearest O*NET occupations decide the department when no
keyword does. Results are cached: an import with repeated titles costs a dictionary lookup each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lookalike.domain import Department, Seniority
from lookalike.taxonomy._text import words
from lookalike.taxonomy._translate import to_english
from lookalike.taxonomy.occupations import nearest_occupations
from lookalike.taxonomy.soc_departments import department_for_soc
from lookalike.taxonomy.title_rules import rule_tables

MAX_DEPARTMENTS = 3
OCCUPATION_MIN_SIMILARITY = 0.45
OCCUPATION_NEIGHBOURS = 10
GENERIC_OCCUPATION_MIN_SIMILARITY = 0.6
_LONGEST_PHRASE = 4
# "... at Acme", but not "Stay at home parent"
_COMPANY_SUFFIX = re.compile(r"(\s+(at|bei|chez)\s+(?!home\b)|\s*@\s*)(?=\S).*$", re.IGNORECASE)
# the separators a title's parts are written between: "Sr. Consultant, Deloitte", "AE | Acme Ltd"
_SEGMENT_BREAK = re.compile(r"\s*[,;|()\[\]]\s*|\s+[-\u2013\u2014]\s+")
# words that mark a part as a company ("Acme Corp", "Siemens AG") or a former one ("ex-Uber")
_COMPANY_MARKERS = frozenset(
    {"inc", "ltd", "llc", "llp", "plc", "gmbh", "ag", "kg", "corp", "corporation", "limited"}
    | {"sarl", "srl", "bv", "nv", "co", "ex", "former", "formerly"}
)


@dataclass(frozen=True, slots=True)
class TitleClass:
    """What a title says: one or more departments and a seniority."""

    departments: tuple[Department, ...]
    seniority: Seniority


def _phrase_hits(
    tokens: Sequence[str], table: Mapping[tuple[str, ...], object]
) -> list[tuple[int, int]]:
    """(start, length) of the table phrases in ``tokens``: longest first, never overlapping."""
    hits: list[tuple[int, int]] = []
    position = 0
    while position < len(tokens):
        for length in range(min(_LONGEST_PHRASE, len(tokens) - position), 0, -1):
            if tuple(tokens[position : position + length]) in table:
                hits.append((position, length))
                position += length
                break
        else:
            position += 1
    return hits


def _seniority_from_words(
    tokens: Sequence[str], part_starts: frozenset[int] = frozenset()
) -> Seniority | None:
    """The most senior rank named by ``tokens``, or None when no rank word is present.

    ``part_starts``: the positions where a part of the title after a separator begins; a word of
    another part does not make "partner" a role ("Partner, Sales Enablement" is a partner).
    """
    found: list[Seniority] = []
    for start, length in _phrase_hits(tokens, rule_tables().seniority):
        phrase = tuple(tokens[start : start + length])
        level = rule_tables().seniority[phrase]
        if phrase == ("partner",) and _is_partner_role(tokens, start, part_starts):
            continue
        if phrase == ("chief",) and "officer" in tokens:
            level = Seniority.C_SUITE
        found.append(level)
    for position, token in enumerate(tokens[:-1]):
        if token == "staff" and tokens[position + 1] in rule_tables().staff_rank_before:
            found.append(Seniority.SENIOR)
    if not found:
        return None
    # an intern or apprentice is one whatever entry-level words follow ("Intern Accounting Clerk")
    if Seniority.INTERN in found and max(found) <= Seniority.ENTRY:
        return Seniority.INTERN
    return max(found)


def _is_partner_role(tokens: Sequence[str], position: int, part_starts: frozenset[int]) -> bool:
    following = tokens[position + 1] if position + 1 < len(tokens) else ""
    preceding = tokens[position - 1] if position > 0 else ""
    if position + 1 in part_starts:
        following = ""
    if position in part_starts:
        preceding = ""
    tables = rule_tables()
    return following in tables.partner_role_before or preceding in tables.partner_role_after


@dataclass(frozen=True, slots=True)
class _KeywordDepartments:
    """Departments a title's keywords name, by strength; ``matched`` when any keyword matched."""

    strong: list[Department]
    generic: list[Department]
    weak: list[Department]
    matched: bool


def _take_chief_functions(tokens: list[str], departments: list[Department]) -> None:
    """Read "chief <function> officer" into ``departments``, blanking those words in ``tokens``."""
    if "chief" not in tokens or "officer" not in tokens:
        return
    start, end = tokens.index("chief"), tokens.index("officer")
    functions = rule_tables().chief_functions
    found = [functions[word] for word in tokens[start + 1 : end] if word in functions]
    if found:
        departments.extend(found)
        tokens[start : end + 1] = [""] * (end + 1 - start)


def _departments_from_words(tokens: Sequence[str]) -> _KeywordDepartments:
    """Departments named by override, strong, generic and weak keyword phrases."""
    strong: list[Department] = []
    remaining = list(tokens)
    _take_chief_functions(remaining, strong)
    tables = rule_tables()
    for start, length in _phrase_hits(list(remaining), tables.overrides):
        strong.extend(tables.overrides[tuple(remaining[start : start + length])])
        remaining[start : start + length] = [""] * length
    matched = "" in remaining
    found: list[list[Department]] = []
    for table in (tables.strong, tables.generic, tables.weak):
        hits = _phrase_hits(remaining, table)
        found.append([table[tuple(remaining[start : start + length])] for start, length in hits])
        for start, length in hits:
            remaining[start : start + length] = [""] * length
    generic, weak = found[1], found[2]
    matched = matched or any(found)
    return _KeywordDepartments(_unique(strong + found[0]), _unique(generic), _unique(weak), matched)


def _unique(departments: Sequence[Department]) -> list[Department]:
    meaningful: list[Department] = [
        d for d in dict.fromkeys(departments) if d is not Department.OTHER
    ]
    if meaningful:
        return meaningful[:MAX_DEPARTMENTS]
    return [Department.OTHER] if departments else []


def _department_by_occupations(text: str, min_similarity: float) -> Department | None:
    """The department the nearest O*NET titles agree on (similarity-weighted), if one is close."""
    matches = nearest_occupations(text, k=OCCUPATION_NEIGHBOURS)
    if not matches or matches[0].similarity < min_similarity:
        return None
    votes: dict[Department, float] = {}
    for match in matches:
        department = department_for_soc(match.soc_code)
        votes[department] = votes.get(department, 0.0) + match.similarity**4
    return max(votes, key=votes.__getitem__)


def _clean(title: str) -> list[str]:
    """The parts of the title between separators, without a trailing company ("... at Acme",
    "... @ Acme") and without the parts that name a company ("..., Acme Corp", "... | ex-Uber")."""
    parts = _SEGMENT_BREAK.split(_COMPANY_SUFFIX.sub("", title.strip()))
    return parts[:1] + [part for part in parts[1:] if _COMPANY_MARKERS.isdisjoint(words(part))]


def _title_words(title: str) -> tuple[list[str], frozenset[int]]:
    """The English words of a title, without whom it reports to or assists ("... to the CEO"),
    and the positions where a part after a separator begins (each part is translated alone)."""
    tokens: list[str] = []
    part_starts: set[int] = set()
    for part in _clean(title):
        english = to_english(part)
        if english and tokens:
            part_starts.add(len(tokens))
        tokens.extend(english)
    if "to" in tokens[1:]:
        tokens = tokens[: tokens.index("to", 1)]
    return tokens, frozenset(part_starts)


def _departments(tokens: Sequence[str]) -> tuple[list[Department], bool]:
    """The departments of a title's words and whether the title was recognised at all.

    Strong keywords decide; generic role words ("technician") defer to a close O*NET occupation;
    weak words ("operations", "director") decide next; the nearest occupations decide last.
    """
    exclusive = rule_tables().exclusive
    for start, length in _phrase_hits(tokens, exclusive):
        return [exclusive[tuple(tokens[start : start + length])]], True
    keywords = _departments_from_words(tokens)
    if keywords.strong:
        return keywords.strong, True
    text = " ".join(tokens)
    if keywords.generic:
        voted = _department_by_occupations(text, GENERIC_OCCUPATION_MIN_SIMILARITY)
        if voted is None or voted is Department.OTHER:
            return keywords.generic, True
        return [voted], True
    if keywords.weak:
        return keywords.weak, True
    if _only_rank_words(tokens):  # "Intern", "Senior Manager": no function to look up
        return [], keywords.matched
    voted = _department_by_occupations(text, OCCUPATION_MIN_SIMILARITY)
    return ([voted] if voted else []), keywords.matched or voted is not None


def _only_rank_words(tokens: Sequence[str]) -> bool:
    """Whether every word of the title belongs to a seniority phrase (or there is none)."""
    hits = _phrase_hits(tokens, rule_tables().seniority)
    return sum(length for _, length in hits) == len(tokens)


@lru_cache(maxsize=500_000)
def classify_title(title: str) -> TitleClass:
    """Departments and seniority implied by a raw job title in any supported language."""
    tokens, part_starts = _title_words(title)
    departments, recognised = _departments(tokens)
    seniority = _seniority_from_words(tokens, part_starts)
    if seniority is None:
        seniority = Seniority.ENTRY if recognised else Seniority.OTHER
    return TitleClass(departments=tuple(departments) or (Department.OTHER,), seniority=seniority)
