"""Title to O*NET occupation: the nearest vocabulary titles vote, steered by what the title's
own words say of its department and seniority.

It sits above both ``taxonomy.occupations`` (the vocabulary and its neighbours) and
``taxonomy.titles`` (departments and seniority, which read the occupation neighbours), so neither
imports the other back.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache

from lookalike.domain import Department, Seniority
from lookalike.taxonomy.occupations import (
    AGREEMENT_NEIGHBOURS,
    DISAGREEING_WEIGHT,
    OccupationMatch,
    exact_vocabulary_title,
    nearest_occupations,
    occupation_or_none,
    semantic_neighbours,
    semantic_neighbours_many,
)
from lookalike.taxonomy.soc_departments import department_for_soc
from lookalike.taxonomy.title_classifier import Votes, classifier_votes, classifier_votes_many
from lookalike.taxonomy.titles import classify_title


@lru_cache(maxsize=200_000)
def match_occupation(title: str) -> OccupationMatch | None:
    """The O*NET occupation nearest to ``title``, or None when nothing is similar enough.

    The nearest vocabulary titles vote for their occupation, weighted by similarity to the fourth
    power, so one odd near-duplicate ("Software Test Engineer") does not outvote many close titles
    of another occupation ("Java Software Engineer", "Systems Software Engineer"). Occupations
    whose department disagrees with what the title's own words say (``classify_title``) vote with
    a tenth of their weight: "Chief Revenue Officer" is a sales leader, not a revenue agent, and
    "Head of Growth" a marketer, not a forest worker. Executives lean the same way towards
    management occupations (SOC 11). When no neighbour agrees, the department's typical occupation
    stands in, at half the similarity.
    """
    departments, executive = _title_signals(title)
    exact = exact_vocabulary_title(title)
    if exact is not None and (not departments or department_for_soc(exact[0]) in departments):
        return OccupationMatch(exact[0], exact[1], 1.0)
    matches = _neighbours(title)
    if not matches:  # meaning alone places junk anywhere: it only supports shared wording
        return None
    votes = _votes(matches, departments, executive)
    winner = max(votes, key=votes.__getitem__)
    best = max((m for m in matches if m.soc_code == winner), key=lambda m: m.similarity)
    if departments and department_for_soc(winner) not in departments:
        return _department_default(departments, executive, best) or best
    return best


# Typical occupation of a department, for titles whose wording O*NET does not know ("Head of
# Growth", "Solutions Engineer"): (individual contributor, manager and above).
DEPARTMENT_OCCUPATIONS: dict[Department, tuple[str, str]] = {
    Department.SALES: ("41-3091.00", "11-2022.00"),
    Department.BUSINESS_DEVELOPMENT: ("41-3091.00", "11-2022.00"),
    Department.MARKETING: ("13-1161.00", "11-2021.00"),
    Department.PRODUCT: ("13-1082.00", "11-2021.00"),
    Department.ENGINEERING: ("17-2199.00", "11-9041.00"),
    Department.INFORMATION_TECHNOLOGY: ("15-1299.00", "11-3021.00"),
    Department.FINANCE: ("13-2011.00", "11-3031.00"),
    Department.HUMAN_RESOURCES: ("13-1071.00", "11-3121.00"),
    Department.LEGAL: ("23-1011.00", "23-1011.00"),
    Department.OPERATIONS: ("13-1082.00", "11-1021.00"),
    Department.GENERAL_MANAGEMENT: ("11-1021.00", "11-1011.00"),
    Department.CUSTOMER_SERVICE: ("43-4051.00", "43-1011.00"),
    Department.HEALTH_CARE: ("29-1141.00", "11-9111.00"),
    Department.RESEARCH: ("15-2051.00", "11-9121.00"),
    Department.CONSULTING: ("13-1111.00", "13-1111.00"),
}


# Occupations kept in a title's vote distribution: the rest of the tail is noise.
VOTED_OCCUPATIONS = 12
# The title classifier's part of a title's vote (taxonomy.title_classifier); the nearest
# vocabulary titles have the rest.
CLASSIFIER_SHARE = 0.7


@lru_cache(maxsize=200_000)
def occupation_votes(title: str) -> tuple[tuple[str, float], ...]:
    """How the title's nearest vocabulary titles and the title classifier vote: (SOC code, share
    of the vote), best first.

    The neighbours' vote is that of :func:`match_occupation`, kept whole instead of reduced to its
    winner: a title's wording may sit between two occupations ("Clinical Data Analyst"), and two
    wordings of one job that disagree on the winner still share most of their votes. The title
    classifier (:mod:`lookalike.taxonomy.title_classifier`) adds ``CLASSIFIER_SHARE`` of the vote:
    it has learnt which words of a title tell its occupation. A vocabulary title votes for its own
    occupation alone. Shares sum to 1; empty when nothing is similar.
    """
    exact = exact_vocabulary_title(title)
    if exact is not None:  # O*NET names this very title: its occupation takes the whole vote
        return ((exact[0], 1.0),)
    departments, executive = _title_signals(title)
    neighbours = _shares(_votes(_neighbours(title), departments, executive))
    if not neighbours:  # nothing resembles it: the classifier would only guess
        return ()
    blended = {code: (1 - CLASSIFIER_SHARE) * share for code, share in neighbours.items()}
    for code, share in _classified(title):
        blended[code] = blended.get(code, 0.0) + CLASSIFIER_SHARE * share
    return tuple(_shares(blended).items())


def _shares(votes: dict[str, float]) -> dict[str, float]:
    """The ``VOTED_OCCUPATIONS`` heaviest votes as shares summing to 1, heaviest first."""
    kept = sorted(votes.items(), key=lambda item: -item[1])[:VOTED_OCCUPATIONS]
    total = sum(weight for _, weight in kept)
    return {code: weight / total for code, weight in kept} if total > 0 else {}


# Neighbours and classifier votes found by ``prefetched_neighbours``, each taken once.
_PREFETCHED: dict[str, tuple[OccupationMatch, ...]] = {}
_PREFETCHED_VOTES: dict[str, Votes] = {}


@contextmanager
def prefetched_neighbours(titles: Iterable[str]) -> Iterator[None]:
    """Within the block, ``match_occupation`` and ``occupation_votes`` of ``titles`` use
    neighbours found for all of them at once: an index build meets tens of thousands of new titles
    per batch, and one matrix search of their meanings costs far less than one per title."""
    fresh = [title for title in titles if exact_vocabulary_title(title) is None]
    lexical = {title: nearest_occupations(title, k=AGREEMENT_NEIGHBOURS) for title in fresh}
    wanted = [title for title, found in lexical.items() if found]
    semantic = dict(
        zip(wanted, semantic_neighbours_many(wanted, AGREEMENT_NEIGHBOURS), strict=True)
    )
    for title, found in lexical.items():
        _PREFETCHED[title] = (*found, *semantic[title]) if found else ()
    _PREFETCHED_VOTES.update(zip(wanted, classifier_votes_many(wanted), strict=True))
    try:
        yield
    finally:
        _PREFETCHED.clear()
        _PREFETCHED_VOTES.clear()


def _classified(title: str) -> Votes:
    """The title classifier's votes, prefetched for a batch or computed alone."""
    prefetched = _PREFETCHED_VOTES.pop(title, None)
    return prefetched if prefetched is not None else classifier_votes(title)


@lru_cache(maxsize=1024)
def _neighbours(title: str) -> tuple[OccupationMatch, ...]:
    """The title's lexical neighbours and, when it has any, its semantic ones (an index build
    matches a title and reads its votes one after the other: the second read is free)."""
    prefetched = _PREFETCHED.pop(title, None)
    if prefetched is not None:
        return prefetched
    lexical = nearest_occupations(title, k=AGREEMENT_NEIGHBOURS)
    if not lexical:
        return ()
    return (*lexical, *semantic_neighbours(title, k=AGREEMENT_NEIGHBOURS))


def _votes(
    matches: tuple[OccupationMatch, ...], departments: frozenset[Department], executive: bool
) -> dict[str, float]:
    """Each neighbour's vote for its occupation: similarity to the fourth power, a tenth of it
    where the occupation's department or management level disagrees with the title's words."""
    votes: dict[str, float] = {}
    for match in matches:
        weight = match.similarity**4
        if departments and department_for_soc(match.soc_code) not in departments:
            weight *= DISAGREEING_WEIGHT
        if executive and not match.soc_code.startswith("11-"):
            weight *= DISAGREEING_WEIGHT
        votes[match.soc_code] = votes.get(match.soc_code, 0.0) + weight
    return votes


def _department_default(
    departments: frozenset[Department], executive: bool, nearest: OccupationMatch
) -> OccupationMatch | None:
    for department in sorted(departments):
        codes = DEPARTMENT_OCCUPATIONS.get(department)
        if codes is not None:
            soc_code = codes[1] if executive else codes[0]
            occupation = occupation_or_none(soc_code)
            if occupation is not None:
                return OccupationMatch(soc_code, occupation.title, nearest.similarity / 2)
    return None


@lru_cache(maxsize=1024)
def _title_signals(title: str) -> tuple[frozenset[Department], bool]:
    classified = classify_title(title)
    departments = frozenset(classified.departments) - {Department.OTHER}
    return departments, classified.seniority >= Seniority.MANAGER
