"""Composed contacts of the demo universe: not real people, no emails or phones.

Each company gets contacts in proportion to its size (``employees ** 0.75``), one chief executive
when it has five or more, and below that a seniority pyramid (many individual contributors, fewer
managers, few directors and VPs). Staff titles are real O*NET job titles that fit the company's
sector (:data:`~lookalike.synthetic.workforce.SECTOR_SOC_WEIGHTS`) or a cross-sector function;
about a third of the titles at German-, French- and Spanish-speaking companies are in that
language. The intended department and seniority of each composed title are stored with it.
"""

from __future__ import annotations

import random
import re
from bisect import bisect
from collections.abc import Iterator, Sequence
from functools import cache
from itertools import accumulate

from lookalike.domain import Department, Seniority
from lookalike.synthetic.companies import DemoCompany
from lookalike.synthetic.vocabulary import (
    FOREIGN_LANGUAGE_BY_COUNTRY,
    FOREIGN_TITLE_SHARE,
    NAME_CULTURE_BY_COUNTRY,
    ForeignTitle,
    first_names,
    foreign_titles,
    last_names,
    onet_titles,
)
from lookalike.synthetic.workforce import (
    CHIEF_EXECUTIVE_TITLES,
    CORE_AREAS,
    CORE_SHARE,
    DEFAULT_SOC_WEIGHTS,
    FOUNDER_CHIEF_EXECUTIVE_TITLES,
    FUNCTIONS,
    SECTOR_SOC_WEIGHTS,
    SENIORITY_PYRAMID,
    Function,
)
from lookalike.taxonomy.industries import naics_sector
from lookalike.taxonomy.soc_departments import department_for_soc

ContactRow = tuple[
    str, str, str, str, str, str | None, str | None, str | None, int, str, bool, None, None
]
"""A ``contacts`` row in :data:`lookalike.store.bulk.CONTACT_COLUMNS` order; composed people have
no e-mail address or LinkedIn URL."""
SIZE_EXPONENT = 0.75
# Smaller companies show staff only, keeping the pyramid's top narrow.
CHIEF_EXECUTIVE_MIN_CONTACTS = 5
_RANK_WORDS = re.compile(
    r"\b(chief|president|vice|vp|director|manager|head|supervisor|lead|senior|sr|junior|jr|"
    r"principal|executive|officer|partner|owner|founder|intern|trainee|apprentice|assistant|"
    r"chair|superintendent|foreman|forewoman|administrator)\b",
    re.IGNORECASE,
)


def contacts_per_company(companies: Sequence[DemoCompany], total: int) -> list[int]:
    """How many contacts each company gets: ``total`` split in proportion to size**0.75."""
    weights = [float(company.employees or 50) ** SIZE_EXPONENT for company in companies]
    scale = total / sum(weights) if weights else 0.0
    raw = [weight * scale for weight in weights]
    counts = [int(value) for value in raw]
    by_remainder = sorted(range(len(raw)), key=lambda i: (counts[i] - raw[i], i))
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def compose_contacts(
    companies: Sequence[DemoCompany], total: int, seed: int
) -> Iterator[list[ContactRow]]:
    """The contact rows of the demo universe, one list per company, deterministic for a seed."""
    rng = random.Random(seed)
    composer = _Composer(rng)
    next_id = 1
    for company, count in zip(companies, contacts_per_company(companies, total), strict=True):
        if count:
            yield composer.company_contacts(company, count, next_id)
            next_id += count


def is_chief_executive(departments: str, seniority: int) -> bool:
    """Whether a composed contact is its company's chief executive."""
    return departments == Department.GENERAL_MANAGEMENT.value and seniority >= Seniority.C_SUITE


class _Weighted:
    """A fast weighted choice over fixed items."""

    def __init__(self, items: Sequence[object], weights: Sequence[float]) -> None:
        self.items = list(items)
        self.cumulative = list(accumulate(weights))

    def pick(self, rng: random.Random) -> object:
        return self.items[bisect(self.cumulative, rng.random() * self.cumulative[-1])]


_PYRAMID = _Weighted(list(SENIORITY_PYRAMID), list(SENIORITY_PYRAMID.values()))
_FUNCTION_CHOICE = _Weighted(
    [function for function, _ in FUNCTIONS.values()], [weight for _, weight in FUNCTIONS.values()]
)


@cache
def _sector_groups(sector: str | None) -> _Weighted:
    weights = SECTOR_SOC_WEIGHTS.get(sector or "", DEFAULT_SOC_WEIGHTS)
    return _Weighted(list(weights), list(weights.values()))


@cache
def _staff_titles(prefixes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(SOC code, title) of O*NET titles under ``prefixes`` that carry no rank word."""
    return tuple(
        (code, title)
        for code, title in onet_titles()
        if code.startswith(prefixes) and not _RANK_WORDS.search(title)
    )


@cache
def _foreign_by_seniority(language: str) -> dict[Seniority, tuple[ForeignTitle, ...]]:
    table: dict[Seniority, list[ForeignTitle]] = {}
    for title in foreign_titles(language):
        if not is_chief_executive(title.department.value, title.seniority):
            table.setdefault(title.seniority, []).append(title)
    return {seniority: tuple(titles) for seniority, titles in table.items()}


@cache
def _foreign_chief_executives(language: str) -> tuple[ForeignTitle, ...]:
    return tuple(
        t for t in foreign_titles(language) if is_chief_executive(t.department.value, t.seniority)
    )


class _Composer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def company_contacts(self, company: DemoCompany, count: int, first_id: int) -> list[ContactRow]:
        language = FOREIGN_LANGUAGE_BY_COUNTRY.get(company.country or "")
        rows: list[ContactRow] = []
        for offset in range(count):
            if offset == 0 and count >= CHIEF_EXECUTIVE_MIN_CONTACTS:
                title, department, seniority = self._chief_executive(company, language)
            else:
                title, department, seniority = self._staff(company, language)
            first, last = self._name(company.country)
            rows.append(
                (
                    f"p-{first_id + offset}",
                    company.company_id,
                    first,
                    last,
                    title,
                    company.country,
                    company.state,
                    company.city,
                    int(seniority),
                    department.value,
                    True,
                    None,
                    None,
                )
            )
        return rows

    def _name(self, country: str | None) -> tuple[str, str]:
        culture = NAME_CULTURE_BY_COUNTRY.get(country or "", "en")
        if culture != "en" and self.rng.random() < 0.2:
            culture = "en"  # international staff
        return self.rng.choice(first_names(culture)), self.rng.choice(last_names(culture))

    def _chief_executive(
        self, company: DemoCompany, language: str | None
    ) -> tuple[str, Department, Seniority]:
        if language and self.rng.random() < FOREIGN_TITLE_SHARE:
            chosen = self.rng.choice(_foreign_chief_executives(language))
            return chosen.title, chosen.department, chosen.seniority
        if (company.employees or 0) < 100 and self.rng.random() < 0.5:
            title = self.rng.choice(FOUNDER_CHIEF_EXECUTIVE_TITLES)
            return title, Department.GENERAL_MANAGEMENT, Seniority.FOUNDER
        title = self.rng.choice(CHIEF_EXECUTIVE_TITLES)
        return title, Department.GENERAL_MANAGEMENT, Seniority.C_SUITE

    def _staff(
        self, company: DemoCompany, language: str | None
    ) -> tuple[str, Department, Seniority]:
        seniority = self._seniority(company)
        if language and self.rng.random() < FOREIGN_TITLE_SHARE:
            pool = _foreign_by_seniority(language).get(seniority)
            if pool:
                chosen = self.rng.choice(pool)
                return chosen.title, chosen.department, chosen.seniority
        if self.rng.random() < CORE_SHARE:
            return self._core_title(company, seniority)
        function = _FUNCTION_CHOICE.pick(self.rng)
        assert isinstance(function, Function)
        return self._function_title(function, seniority)

    def _seniority(self, company: DemoCompany) -> Seniority:
        seniority = _PYRAMID.pick(self.rng)
        assert isinstance(seniority, Seniority)
        small = (company.employees or 0) < 200
        if small and seniority in (Seniority.VICE_PRESIDENT, Seniority.PARTNER):
            return Seniority.DIRECTOR
        return seniority

    def _core_title(
        self, company: DemoCompany, seniority: Seniority
    ) -> tuple[str, Department, Seniority]:
        sector = naics_sector(company.naics) if company.naics else None
        group = _sector_groups(sector).pick(self.rng)
        assert isinstance(group, str)
        areas, department, chief = CORE_AREAS[group]
        staff = _staff_titles((f"{group}-",))
        return self._title(staff, areas, department, (chief,), seniority)

    def _function_title(
        self, function: Function, seniority: Seniority
    ) -> tuple[str, Department, Seniority]:
        staff = _staff_titles(function.soc_prefixes)
        return self._title(
            staff, function.areas, function.department, function.chief_titles, seniority
        )

    def _title(
        self,
        staff: Sequence[tuple[str, str]],
        areas: Sequence[str],
        department: Department,
        chiefs: Sequence[str],
        seniority: Seniority,
    ) -> tuple[str, Department, Seniority]:
        rng = self.rng
        if seniority in (Seniority.ENTRY, Seniority.SENIOR) and staff:
            code, base = rng.choice(staff)
            staff_department = department_for_soc(code)
            if staff_department is Department.OTHER:
                staff_department = department
            if seniority is Seniority.SENIOR:
                base = ("Senior " if rng.random() < 0.8 else "Sr. ") + base
            return base, staff_department, seniority
        area = rng.choice(areas)
        return _ranked_title(rng, seniority, area, chiefs), department, seniority


def _ranked_title(
    rng: random.Random, seniority: Seniority, area: str, chiefs: Sequence[str]
) -> str:
    if seniority is Seniority.C_SUITE:
        return rng.choice(chiefs)
    forms = _RANKED_FORMS.get(seniority, ("{area} Associate",))
    return rng.choice(forms).format(area=area)


_RANKED_FORMS: dict[Seniority, tuple[str, ...]] = {
    Seniority.INTERN: ("{area} Intern", "Intern, {area}"),
    Seniority.ENTRY: ("{area} Associate", "{area} Specialist"),
    Seniority.SENIOR: ("Senior {area} Specialist",),
    Seniority.MANAGER: ("{area} Manager", "Manager, {area}", "{area} Manager"),
    Seniority.DIRECTOR: ("Director of {area}", "{area} Director", "Director, {area}"),
    Seniority.VICE_PRESIDENT: ("Vice President of {area}", "VP, {area}", "VP {area}"),
    Seniority.PARTNER: ("Partner, {area}", "{area} Partner"),
}
