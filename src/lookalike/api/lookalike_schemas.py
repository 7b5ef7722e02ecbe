"""Request and response bodies of the V3 Lookalike API (Lusha's successor of the Recommendations
API): ``POST /v3/contacts/lookalike`` and ``POST /v3/companies/lookalike``.

Seeds and exclusions are objects of identifier lists; a first call names 5 to 100 unique seed
identifiers and gets a ``dedupeSessionId``; a later call that passes it never gets an entity the
session returned before. Lusha's fields come first in each model; ``score``, ``reasons``,
``nearestSeed``, ``unresolvedSeeds`` and ``filters`` are this service's additive extensions.
"""

from __future__ import annotations

from typing import Annotated, ClassVar, Self, TypeVar

from pydantic import AfterValidator, ConfigDict, Field, ValidationInfo, model_validator

from lookalike.api.schemas import (
    NOT_A_BOOLEAN,
    WITHOUT_NUL,
    CamelModel,
    DomainText,
    FiltersIn,
    IdText,
    ReasonOut,
    RequestIdText,
    one_of_present,
)
from lookalike.contract import (
    EMAIL_MAX_LENGTH,
    FILTER_TEXT_MAX_LENGTH,
    LOOKALIKE_DEFAULT_LIMIT,
    MAX_COMPANY_LOOKALIKES,
    MAX_CONTACT_LOOKALIKES,
    MAX_EXCLUDE,
    MAX_SEEDS,
    MIN_LOOKALIKE_SEEDS,
)
from lookalike.identifiers import normalize_domain, normalize_email, normalize_linkedin_url

MIN_SEEDS = MIN_LOOKALIKE_SEEDS
DEFAULT_LIMIT = LOOKALIKE_DEFAULT_LIMIT
MAX_CONTACTS_LIMIT = MAX_CONTACT_LOOKALIKES
MAX_COMPANIES_LIMIT = MAX_COMPANY_LOOKALIKES

IdentifierText = Annotated[
    str, Field(min_length=1, max_length=EMAIL_MAX_LENGTH, pattern=WITHOUT_NUL)
]
NameText = Annotated[
    str, Field(min_length=1, max_length=FILTER_TEXT_MAX_LENGTH, pattern=WITHOUT_NUL)
]


# Each list is bounded by the largest total a request may name; the totals are checked below.
IdList = Annotated[list[IdText], Field(max_length=MAX_EXCLUDE)]
IdentifierList = Annotated[list[IdentifierText], Field(max_length=MAX_EXCLUDE)]
DomainList = Annotated[list[DomainText], Field(max_length=MAX_EXCLUDE)]


class ContactName(CamelModel):
    """A contact named by first and last name at a company (by domain or name)."""

    model_config = ConfigDict(json_schema_extra=one_of_present("companyDomain", "companyName"))

    first_name: NameText
    last_name: NameText
    company_domain: DomainText | None = None
    company_name: NameText | None = None

    @model_validator(mode="after")
    def _needs_a_company(self) -> Self:
        if self.company_domain is None and self.company_name is None:
            raise ValueError("a contact by name needs 'companyDomain' or 'companyName'")
        return self


class ContactIdentifiers(CamelModel):
    """Contacts named by id, email, LinkedIn URL or name and company (any mix)."""

    ids: IdList = Field(default_factory=list)
    contact_ids: IdList = Field(
        default_factory=list, description="Contact ids as numbers (Lusha's legacy form of `ids`)."
    )
    emails: IdentifierList = Field(default_factory=list)
    linkedin_urls: IdentifierList = Field(default_factory=list)
    contacts: Annotated[list[ContactName], Field(max_length=MAX_EXCLUDE)] = Field(
        default_factory=list
    )

    def count(self) -> int:
        """How many unique identifiers this names."""
        return len(
            {f"id:{value}" for value in [*self.ids, *self.contact_ids]}
            | {f"email:{normalize_email(value) or value}" for value in self.emails}
            | {f"linkedin:{normalize_linkedin_url(v) or v}" for v in self.linkedin_urls}
            | {
                "name:" + "|".join(str(part).lower() for part in person.model_dump().values())
                for person in self.contacts
            }
        )


class CompanyIdentifiers(CamelModel):
    """Companies named by id, domain or LinkedIn URL (any mix)."""

    ids: IdList = Field(default_factory=list)
    domains: DomainList = Field(default_factory=list)
    linkedin_urls: IdentifierList = Field(default_factory=list)

    def count(self) -> int:
        """How many unique identifiers this names."""
        return len(
            {f"id:{value}" for value in self.ids}
            | {f"domain:{normalize_domain(value)}" for value in self.domains}
            | {f"linkedin:{normalize_linkedin_url(v) or v}" for v in self.linkedin_urls}
        )


Identifiers = ContactIdentifiers | CompanyIdentifiers
_Batch = TypeVar("_Batch", ContactIdentifiers, CompanyIdentifiers)


def _check_seed_count(seeds: _Batch | None, info: ValidationInfo) -> _Batch | None:
    continued = info.data.get("dedupe_session_id") is not None
    count = 0 if seeds is None else seeds.count()
    if count > MAX_SEEDS:
        raise ValueError(f"names {count} unique seeds; send at most {MAX_SEEDS}")
    if count < MIN_SEEDS and not continued:
        raise ValueError(
            f"names {count} unique seed(s); a first call needs {MIN_SEEDS} to {MAX_SEEDS} "
            "(later calls with a dedupeSessionId may send fewer)"
        )
    return seeds


def _check_exclude_count(exclude: _Batch | None) -> _Batch | None:
    count = 0 if exclude is None else exclude.count()
    if count > MAX_EXCLUDE:
        raise ValueError(f"names {count} identifiers; send at most {MAX_EXCLUDE}")
    return exclude


class ContactLookalikesRequest(CamelModel):
    """Body of ``POST /v3/contacts/lookalike``."""

    model_config = ConfigDict(json_schema_extra=one_of_present("seeds", "dedupeSessionId"))

    max_limit: ClassVar[int] = MAX_CONTACTS_LIMIT

    dedupe_session_id: RequestIdText | None = None
    seeds: Annotated[ContactIdentifiers | None, AfterValidator(_check_seed_count)] = Field(
        default=None,
        validate_default=True,
        description="5 to 100 unique seed identifiers on a first call; with a dedupeSessionId "
        "they may be fewer or left out (the session's seeds are used).",
    )
    exclude: Annotated[ContactIdentifiers | None, AfterValidator(_check_exclude_count)] = None
    limit: Annotated[int, Field(ge=1, le=MAX_CONTACTS_LIMIT), NOT_A_BOOLEAN] = DEFAULT_LIMIT
    table_id: str | None = Field(
        default=None, description="Accepted for compatibility; this service keeps no tables."
    )
    filters: FiltersIn | None = None


class CompanyLookalikesRequest(CamelModel):
    """Body of ``POST /v3/companies/lookalike``."""

    model_config = ConfigDict(json_schema_extra=one_of_present("seeds", "dedupeSessionId"))

    max_limit: ClassVar[int] = MAX_COMPANIES_LIMIT

    dedupe_session_id: RequestIdText | None = None
    seeds: Annotated[CompanyIdentifiers | None, AfterValidator(_check_seed_count)] = Field(
        default=None,
        validate_default=True,
        description="5 to 100 unique seed identifiers on a first call; with a dedupeSessionId "
        "they may be fewer or left out (the session's seeds are used).",
    )
    exclude: Annotated[CompanyIdentifiers | None, AfterValidator(_check_exclude_count)] = None
    limit: Annotated[int, Field(ge=1, le=MAX_COMPANIES_LIMIT), NOT_A_BOOLEAN] = DEFAULT_LIMIT
    table_id: str | None = Field(
        default=None, description="Accepted for compatibility; this service keeps no tables."
    )
    filters: FiltersIn | None = None


LookalikesRequest = ContactLookalikesRequest | CompanyLookalikesRequest


# --- responses --------------------------------------------------------------------------------


class JobTitleOut(CamelModel):
    """A contact's title, its departments and its seniority name."""

    title: str
    departments: list[str]
    seniority: str


class ContactCompanyOut(CamelModel):
    """The employer of a recommended contact."""

    id: str
    name: str
    domain: str
    industry: str


class PlaceOut(CamelModel):
    """Where a contact or company is."""

    country: str | None = None
    state: str | None = None
    city: str | None = None


class SocialLinksOut(CamelModel):
    """Profile links of an entity."""

    linkedin: str | None = None


class LookalikeContactOut(CamelModel):
    """One recommended contact."""

    id: str
    first_name: str
    last_name: str
    job_title: JobTitleOut
    company: ContactCompanyOut
    location: PlaceOut
    social_links: SocialLinksOut
    score: float
    reasons: list[ReasonOut]
    nearest_seed: str


class EmployeeCountOut(CamelModel):
    """A company's head count."""

    exact: int | None = None


class LookalikeCompanyOut(CamelModel):
    """One recommended company."""

    id: str
    name: str
    domain: str
    employee_count: EmployeeCountOut
    industry: str
    location: PlaceOut
    social_links: SocialLinksOut
    score: float
    reasons: list[ReasonOut]
    nearest_seed: str


class MetaOut(CamelModel):
    """How many results this call returned and whether more can follow."""

    returned: int
    has_more: bool


class BillingOut(CamelModel):
    """What this call cost."""

    credits_charged: int
    results_returned: int


class LookalikesPage(CamelModel):
    """What every lookalike response carries besides its results."""

    dedupe_session_id: str
    meta: MetaOut
    billing: BillingOut
    unresolved_seeds: list[str]
    unresolved_reasons: dict[str, str] = Field(
        default_factory=dict,
        description="Why each unresolved seed is unresolved (not in the data, or imported "
        "after the index was built).",
    )


class ContactLookalikesResponse(LookalikesPage):
    """Response of ``POST /v3/contacts/lookalike``."""

    results: list[LookalikeContactOut]


class CompanyLookalikesResponse(LookalikesPage):
    """Response of ``POST /v3/companies/lookalike``."""

    results: list[LookalikeCompanyOut]


LookalikesResponse = ContactLookalikesResponse | CompanyLookalikesResponse
