"""Turn raw import rows into store rows, or say which column is wrong and why.

A validator is stateful over one import: it remembers the ids already seen (a duplicate id within
a file is an error) and, for contacts, the companies that exist. ``check`` returns either the row
tuple in :mod:`lookalike.store.bulk` column order or a ``(column, reason)`` pair.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from lookalike.contract import CITY_MAX_LENGTH, COUNTRY_MAX_LENGTH, ID_MAX_LENGTH, STATE_MAX_LENGTH
from lookalike.domain import Department, Seniority
from lookalike.ingest.fields import (
    FieldError,
    domain_or_none,
    email_or_none,
    int_or_none,
    linkedin_company_or_none,
    linkedin_profile_or_none,
    list_or_empty,
    naics_or_none,
    normalized_country,
    text_or_none,
)
from lookalike.taxonomy import industries
from lookalike.taxonomy.titles import classify_title

Problem = tuple[str, str]  # (column, reason)
StoreRow = tuple[Any, ...]

_ID_LIMIT = ID_MAX_LENGTH
_REQUIRED = "is required"


class RowValidator(Protocol):
    """Checks one raw row and converts it into a store row tuple."""

    def check(self, values: dict[str, Any]) -> StoreRow | Problem:
        """The store row for ``values``, or the first problem found."""
        ...


def _clean(value: Any, limit: int | None = None) -> str | None:
    # The fast path for CSV text; other types go through the general parser.
    if value.__class__ is str:
        text: str = value.strip()
        if limit is not None and len(text) > limit:
            raise FieldError(f"is {len(text)} characters long; the limit is {limit}")
        return text or None
    return text_or_none(value, limit)


def _location(values: dict[str, Any]) -> tuple[str | None, str | None, str | None]:
    country = text_or_none(values.get("country"), COUNTRY_MAX_LENGTH)
    if country is not None:
        country = normalized_country(country)
    state = text_or_none(values.get("state"), STATE_MAX_LENGTH)
    return country, state, text_or_none(values.get("city"), CITY_MAX_LENGTH)


class CompanyValidator:
    """Validates company rows (DESIGN section 2)."""

    def __init__(self) -> None:
        self.seen_ids: set[str] = set()

    def check(self, values: dict[str, Any]) -> StoreRow | Problem:
        """The ``companies`` row tuple for ``values``, or the first problem found."""
        column = "companyId"
        try:
            company_id = text_or_none(values.get(column), _ID_LIMIT)
            if company_id is None:
                return column, _REQUIRED
            if company_id in self.seen_ids:
                return column, f"{company_id!r} appears more than once in the file"
            column = "name"
            name = text_or_none(values.get(column))
            if name is None:
                return column, _REQUIRED
            row = self._rest(values, company_id, name)
        except _ColumnError as error:
            return error.column, error.reason
        except FieldError as error:
            return column, str(error)
        self.seen_ids.add(company_id)
        return row

    def _rest(self, values: dict[str, Any], company_id: str, name: str) -> StoreRow:
        domain = _field("domain", domain_or_none, values)
        description = _field("description", text_or_none, values)
        industry = _field("industry", text_or_none, values)
        # Without a code the index reads one from the whole text (description, keywords, label).
        naics = _field("naics", naics_or_none, values)
        if industry is None and naics is not None:
            industry = industries.naics_title(naics)
        employees = _field("employees", int_or_none, values)
        revenue = _field("revenue", int_or_none, values)
        founded = _field("foundedYear", lambda v: int_or_none(v, 1000, 2100), values)
        technologies = _field("technologies", list_or_empty, values)
        keywords = _field("keywords", list_or_empty, values)
        linkedin_url = _field("linkedinUrl", linkedin_company_or_none, values)
        try:
            country, state, city = _location(values)
        except FieldError as error:
            raise _ColumnError("country/state/city", str(error)) from error
        return (
            company_id,
            name,
            domain,
            description,
            industry,
            naics,
            employees,
            False,
            revenue,
            country,
            state,
            city,
            founded,
            "|".join(technologies),
            "|".join(keywords),
            linkedin_url,
        )


class _ColumnError(Exception):
    def __init__(self, column: str, reason: str) -> None:
        super().__init__(reason)
        self.column = column
        self.reason = reason


def _field(column: str, parse: Any, values: dict[str, Any]) -> Any:
    try:
        return parse(values.get(column))
    except FieldError as error:
        raise _ColumnError(column, str(error)) from error


class ContactValidator:
    """Validates contact rows; departments and seniority come from the title unless given."""

    def __init__(
        self,
        known_company_ids: Iterable[str],
        known_titles: Mapping[str, tuple[int, str]] | None = None,
    ) -> None:
        self.seen_ids: set[str] = set()
        self.company_ids = set(known_company_ids)
        self._known_titles = dict(known_titles or {})  # kept from earlier imports
        self._titles: dict[str, tuple[int, str]] = dict(self._known_titles)

    def fresh_titles(self) -> dict[str, tuple[int, str]]:
        """The (seniority, departments) of each title classified here, not known beforehand."""
        return {t: label for t, label in self._titles.items() if t not in self._known_titles}

    def check(self, values: dict[str, Any]) -> StoreRow | Problem:
        """The ``contacts`` row tuple for ``values``, or the first problem found."""
        get = values.get
        column = "personId"
        try:
            person_id = _clean(get(column), _ID_LIMIT)
            if person_id is None:
                return column, _REQUIRED
            if person_id in self.seen_ids:
                return column, f"{person_id!r} appears more than once in the file"
            column = "companyId"
            company_id = _clean(get(column), _ID_LIMIT)
            if company_id is None:
                return column, _REQUIRED
            if company_id not in self.company_ids:
                return column, f"company {company_id!r} does not exist; import it first"
            column = "jobTitle"
            title = _clean(get(column))
            if title is None:
                return column, _REQUIRED
            seniority, departments = self._labels(title, values)
            names_and_place = _person_details(values)
            email = _field("email", email_or_none, values)
            linkedin_url = _field("linkedinUrl", linkedin_profile_or_none, values)
        except _ColumnError as error:
            return error.column, error.reason
        except FieldError as error:
            return column, str(error)
        self.seen_ids.add(person_id)
        first_name, last_name, country, state, city = names_and_place
        return (
            person_id,
            company_id,
            first_name,
            last_name,
            title,
            country,
            state,
            city,
            seniority,
            departments,
            False,
            email,
            linkedin_url,
        )

    def _labels(self, title: str, values: dict[str, Any]) -> tuple[int, str]:
        implied = self._titles.get(title)
        if implied is None:
            classified = classify_title(title)
            implied = (int(classified.seniority), "|".join(classified.departments))
            self._titles[title] = implied
        seniority_raw = values.get("seniority")
        departments_raw = values.get("departments")
        if seniority_raw in (None, "") and departments_raw in (None, ""):
            return implied
        seniority = _field("seniority", _seniority_or_none, values)
        departments = _field("departments", _departments_or_none, values)
        return (
            implied[0] if seniority is None else seniority,
            implied[1] if departments is None else departments,
        )


def _person_details(values: dict[str, Any]) -> tuple[str | None, ...]:
    """(first name, last name, country, state, city) of a contact row."""
    get = values.get
    column = "firstName"
    try:
        first_name = _clean(get(column))
        column = "lastName"
        last_name = _clean(get(column))
        column = "country"
        country = _clean(get(column), COUNTRY_MAX_LENGTH)
        if country is not None:
            country = normalized_country(country)
        column = "state"
        state = _clean(get(column), STATE_MAX_LENGTH)
        column = "city"
        city = _clean(get(column), CITY_MAX_LENGTH)
    except FieldError as error:
        raise _ColumnError(column, str(error)) from error
    return first_name, last_name, country, state, city


def _seniority_or_none(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, int) and not isinstance(value, bool):
            return int(Seniority(value))
        return int(Seniority.from_label(str(value)))
    except ValueError as error:
        raise FieldError(str(error).replace("Unknown", "is an unknown")) from error


def _departments_or_none(value: Any) -> str | None:
    names = list_or_empty(value)
    if not names:
        return None
    try:
        return "|".join(Department.from_label(name).value for name in names)
    except ValueError as error:
        raise FieldError(str(error).replace("Unknown", "is an unknown")) from error
