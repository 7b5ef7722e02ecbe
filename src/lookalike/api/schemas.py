"""Request and response bodies of the wire contract (DESIGN section 1), camelCase on the wire.

Lusha's fields come first in each model; the rest are this service's additive extensions.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from lookalike.contract import (
    DOMAIN_MAX_LENGTH,
    FILTER_TEXT_MAX_LENGTH,
    ID_MAX_LENGTH,
    MAX_EXCLUDE,
    MAX_LIMIT,
    MAX_SEEDS,
    REQUEST_ID_MAX_LENGTH,
)
from lookalike.domain import Department

# No NUL characters: no database stores them in text, so they are a 400, never a 500.
WITHOUT_NUL = r"^[^\x00]*$"
IdText = Annotated[str, Field(min_length=1, max_length=ID_MAX_LENGTH, pattern=WITHOUT_NUL)]
DomainText = Annotated[str, Field(min_length=1, max_length=DOMAIN_MAX_LENGTH, pattern=WITHOUT_NUL)]
FilterText = Annotated[
    str, Field(min_length=1, max_length=FILTER_TEXT_MAX_LENGTH, pattern=WITHOUT_NUL)
]
RequestIdText = Annotated[
    str, Field(min_length=1, max_length=REQUEST_ID_MAX_LENGTH, pattern=WITHOUT_NUL)
]


def _refuse_booleans(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"Input should be a whole number, not {str(value).lower()}")
    return value


# Whole numbers come as JSON numbers or as their text (query strings carry only text); JSON's true
# and false are not numbers here, although Python counts them as 1 and 0. (The validator comes
# after the bounds, so that they stay in the JSON Schema.)
NOT_A_BOOLEAN = BeforeValidator(_refuse_booleans)


class CamelModel(BaseModel):
    """A model whose fields are camelCase on the wire and snake_case in Python.

    Numbers are accepted where text is expected (``"personId": 1234567890`` is the id
    ``"1234567890"``), as clients that hold numeric ids send them.
    """

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, coerce_numbers_to_str=True
    )


def one_of_present(*fields: str) -> dict[str, Any]:
    """JSON Schema for "at least one of ``fields`` is given and not null"."""
    return {
        "anyOf": [
            {"required": [name], "properties": {name: {"not": {"type": "null"}}}} for name in fields
        ]
    }


# --- requests ---------------------------------------------------------------------------------


class ContactSeed(CamelModel):
    """A contact the client knows converts well."""

    person_id: IdText
    company_id: IdText | None = None


class CompanySeed(CamelModel):
    """A company the client knows converts well, by id or (extension) by domain."""

    model_config = ConfigDict(json_schema_extra=one_of_present("companyId", "domain"))
    _role: ClassVar[str] = "a company seed"

    company_id: IdText | None = None
    domain: DomainText | None = None

    @model_validator(mode="after")
    def _needs_id_or_domain(self) -> Self:
        if self.company_id is None and self.domain is None:
            raise ValueError(f"{self._role} needs 'companyId' or 'domain'")
        return self


class ContactExclusion(ContactSeed):
    """A contact never to return, as an object."""


class CompanyExclusion(CompanySeed):
    """A company never to return, as an object (by id or domain)."""

    _role: ClassVar[str] = "an excluded company"


class RangeFilter(CamelModel):
    """An inclusive numeric range; either end may be left open. A range written the other way
    round (``min`` greater than ``max``) means the same range."""

    min: Annotated[int, Field(ge=0), NOT_A_BOOLEAN] | None = None
    max: Annotated[int, Field(ge=0), NOT_A_BOOLEAN] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min is not None and self.max is not None and self.min > self.max:
            self.min, self.max = self.max, self.min
        return self


ShortList = Annotated[list[FilterText], Field(max_length=100)]


class FiltersIn(CamelModel):
    """Extension: narrow the results (every list is "any of"; empty means no constraint)."""

    countries: ShortList = []
    industries: ShortList = []
    sizes: Annotated[list[RangeFilter], Field(max_length=20)] = []
    revenues: Annotated[list[RangeFilter], Field(max_length=20)] = []
    seniority: Annotated[
        list[Annotated[int, Field(ge=1, le=10), NOT_A_BOOLEAN]], Field(max_length=10)
    ] = []
    departments: Annotated[list[Department], Field(max_length=16)] = []
    company_ids: Annotated[list[IdText], Field(max_length=MAX_EXCLUDE)] = []

    @field_validator("departments", mode="before")
    @classmethod
    def _known_departments(cls, values: object) -> object:
        if not isinstance(values, list):
            return values
        return [Department.from_label(v) if isinstance(v, str) else v for v in values]


class ContactsRequest(CamelModel):
    """Body of ``POST /api/recommendations/contacts``."""

    model_config = ConfigDict(json_schema_extra=one_of_present("contacts", "requestId"))

    contacts: Annotated[list[ContactSeed], Field(min_length=1, max_length=MAX_SEEDS)] | None = None
    exclude: Annotated[list[IdText | ContactExclusion], Field(max_length=MAX_EXCLUDE)] = []
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT), NOT_A_BOOLEAN] = MAX_LIMIT
    request_id: RequestIdText | None = None
    filters: FiltersIn | None = None

    @model_validator(mode="after")
    def _seeds_or_request_id(self) -> Self:
        if self.contacts is None and self.request_id is None:
            raise ValueError(
                "'contacts' is required unless 'requestId' is given: send 1 to 100 seeds "
                'such as {"personId": "p1", "companyId": "c1"}'
            )
        return self


class CompaniesRequest(CamelModel):
    """Body of ``POST /api/recommendations/companies``."""

    model_config = ConfigDict(json_schema_extra=one_of_present("companies", "requestId"))

    companies: Annotated[list[CompanySeed], Field(min_length=1, max_length=MAX_SEEDS)] | None = None
    exclude: Annotated[list[IdText | CompanyExclusion], Field(max_length=MAX_EXCLUDE)] = []
    limit: Annotated[int, Field(ge=1, le=MAX_LIMIT), NOT_A_BOOLEAN] = MAX_LIMIT
    request_id: RequestIdText | None = None
    filters: FiltersIn | None = None

    @model_validator(mode="after")
    def _seeds_or_request_id(self) -> Self:
        if self.companies is None and self.request_id is None:
            raise ValueError(
                "'companies' is required unless 'requestId' is given: send 1 to 100 seeds "
                'such as {"companyId": "c1"} or {"domain": "example.com"}'
            )
        return self


# --- responses --------------------------------------------------------------------------------


class SeniorityOut(CamelModel):
    """A Lusha seniority: numeric id and readable name."""

    id: int
    name: str


class LocationOut(CamelModel):
    """Where a contact or company is."""

    country: str | None = None
    city: str | None = None


class ReasonOut(CamelModel):
    """A trait that drove the score, and how many seeds share it."""

    type: str
    value: str
    seeds: int


class RevenueRangeOut(CamelModel):
    """A revenue band in USD between Lusha's breakpoints; ``max`` is None for the top band."""

    min: int
    max: int | None = None


class ContactOut(CamelModel):
    """One recommended contact."""

    person_id: str
    company_id: str
    name: str
    job_title: str
    company_name: str = ""
    seniority: SeniorityOut
    departments: list[str]
    company_domain: str | None = None
    location: LocationOut
    score: float
    reasons: list[ReasonOut]
    nearest_seed: str


class CompanyOut(CamelModel):
    """One recommended company."""

    company_id: str
    name: str
    fqdn: str = ""
    description: str = ""
    industry: str | None = None
    employees: int | None = None
    size_range: str | None = None
    revenue_range: RevenueRangeOut | None = None
    location: LocationOut
    founded_year: int | None = None
    score: float
    reasons: list[ReasonOut]
    nearest_seed: str


class PageFields(CamelModel):
    """What every recommendations response carries besides its results."""

    request_id: str
    count: int
    credits_charged: int
    has_more: bool
    unresolved_seeds: list[str]
    unresolved_reasons: dict[str, str] = Field(
        default_factory=dict,
        description="Extension: why each unresolved seed is unresolved (not in the data, or "
        "imported after the index was built).",
    )


class ContactsResponse(PageFields):
    """Response of ``POST /api/recommendations/contacts``."""

    contacts: list[ContactOut]


class CompaniesResponse(PageFields):
    """Response of ``POST /api/recommendations/companies``."""

    companies: list[CompanyOut]


class CreditsOut(CamelModel):
    """Credits granted in total, used and remaining."""

    total: int
    used: int
    remaining: int


class UsageOut(CamelModel):
    """What the account has used: ``credits``, and the same numbers flat (the Recommendations
    API's form)."""

    credits: CreditsOut
    total: int
    used: int
    remaining: int


class RateWindowOut(CamelModel):
    """One rate-limit window of the key."""

    limit: int
    used: int
    remaining: int
    resets_at: datetime


class RateLimitsOut(CamelModel):
    """The key's daily, hourly and minute windows."""

    daily: RateWindowOut
    hourly: RateWindowOut
    minute: RateWindowOut


class UsageResponse(CamelModel):
    """Response of ``GET /account/usage``."""

    usage: UsageOut
    rate_limits: RateLimitsOut


class ErrorDetail(CamelModel):
    """The HTTP status and a sentence naming the field or value at fault and the fix."""

    code: int
    message: str


class ErrorResponse(CamelModel):
    """The body of every error response.

    ``error`` is the Recommendations API's envelope; ``statusCode``, ``message`` and ``errors``
    are additive, in the shape of Lusha's current API, for the clients that read those.
    """

    error: ErrorDetail
    status_code: int
    message: str
    errors: list[str] | None = Field(
        default=None, description="On a 400: one sentence per invalid field."
    )
    code: str | None = Field(
        default=None,
        description='A stable name of the error where there is one ("DEDUPE_SESSION_INVALID").',
    )


class PlanOut(CamelModel):
    """The plan of the key's account."""

    category: str


class PriceOut(CamelModel):
    """What a kind of result costs: ``credits`` per ``perQuantity`` results."""

    credits: int
    per_quantity: int


class LookalikeUsageResponse(CamelModel):
    """Response of ``GET /v3/account/usage``."""

    credits: CreditsOut
    rate_limits: RateLimitsOut
    plan: PlanOut
    pricing: dict[str, PriceOut]
