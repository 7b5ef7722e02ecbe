"""Settings, read once from ``LOOKALIKE_*`` environment variables (nested groups use ``__``).

Build a :class:`Settings` in the app factory or the CLI entry point and pass it down; nothing reads
the environment at import time.
"""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from lookalike.contract import DEFAULT_MAX_BODY_BYTES
from lookalike.errors import ConfigurationError

ENV_PREFIX = "LOOKALIKE_"
# Variables of this prefix that other parts read (the CLI client's key and base URL).
OTHER_VARIABLES = frozenset({"LOOKALIKE_API_KEY", "LOOKALIKE_BASE_URL"})
logger = logging.getLogger("lookalike.settings")


class PlanSettings(BaseModel):
    """What a plan allows: price per result, rate limits, whether recommendations are included."""

    recommendations: bool = True
    credits_per_result: int = Field(default=1, ge=0)
    per_second: int = Field(default=25, ge=1)
    per_minute: int = Field(default=600, ge=1)
    per_hour: int = Field(default=1800, ge=1)
    per_day: int = Field(default=10000, ge=1)
    usage_per_minute: int = Field(default=5, ge=1)


def _default_plans() -> dict[str, PlanSettings]:
    return {
        "basic": PlanSettings(),
        "pro": PlanSettings(per_second=50, per_minute=3000, per_hour=50_000, per_day=500_000),
        "data-only": PlanSettings(recommendations=False),
    }


class IndexSettings(BaseModel):
    """Vector index: ``faiss`` (approximate, IVF over 8-bit codes) or ``exact`` (brute force)."""

    kind: str = Field(default="faiss", pattern="^(faiss|exact)$")
    reload_check_seconds: float = Field(default=2.0, ge=0)


class DemoSettings(BaseModel):
    """Size and seed of the demo universe built on the first start of an empty database."""

    contacts: int = Field(default=300_000, ge=0)
    seed: int = 20221


class LimitsSettings(BaseModel):
    """Rate limiting: what to do when its store (Redis) cannot be reached.

    ``deny`` (the default) answers 503 naming the store; ``allow`` lets calls through unlimited
    until the store is back (fail open), logging the outage once.
    """

    on_store_error: str = Field(default="deny", pattern="^(allow|deny)$")


class BoundsSettings(BaseModel):
    """What one client may hold of a worker (``LOOKALIKE_BOUNDS__*``; docs/operations.md).

    A request's head (request line and headers) is refused with a 431 past ``max_header_bytes``
    or ``max_header_count``, and with a 408 when it is not complete ``header_timeout_seconds``
    after the connection opened or its first byte came; its body gets a 408 when it is not
    complete ``body_timeout_seconds`` after its head. A keep-alive connection idle for
    ``keep_alive_seconds`` is closed; a connection opened while ``max_connections`` are open on
    the worker gets a 503. A request that would make a session exclude more than
    ``max_session_exclusions`` ids gets a 400.
    """

    max_header_bytes: int = Field(default=16_384, ge=1024)
    max_header_count: int = Field(default=100, ge=1)
    header_timeout_seconds: float = Field(default=10.0, gt=0)
    body_timeout_seconds: float = Field(default=15.0, gt=0)
    keep_alive_seconds: float = Field(default=5.0, gt=0)
    max_connections: int = Field(default=1000, ge=1)
    max_session_exclusions: int = Field(default=5000, ge=1)


class Settings(BaseSettings):
    """All configuration of a lookalike process."""

    model_config = SettingsConfigDict(
        env_prefix="LOOKALIKE_", env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Path("lookalike-data")
    database_url: SecretStr | None = None
    redis_url: SecretStr | None = None
    max_body_bytes: int = Field(default=DEFAULT_MAX_BODY_BYTES, ge=1024)
    session_ttl_days: int = Field(default=30, ge=1)
    idempotency_ttl_hours: int = Field(default=24, ge=1)
    default_plan: str = "basic"
    # LOOKALIKE_PLANS adds plans to the defaults (and may redefine one); it never drops them.
    plans: dict[str, PlanSettings] = Field(default_factory=_default_plans)
    index: IndexSettings = Field(default_factory=IndexSettings)
    demo: DemoSettings = Field(default_factory=DemoSettings)
    limits: LimitsSettings = Field(default_factory=LimitsSettings)
    bounds: BoundsSettings = Field(default_factory=BoundsSettings)
    log_format: str = Field(default="text", pattern="^(json|text)$")  # LOOKALIKE_LOG_FORMAT

    @field_validator("plans", mode="before")
    @classmethod
    def _plans_extend_the_defaults(cls, value: object) -> object:
        if not isinstance(value, dict):
            return value
        return {**_default_plans(), **value}

    @property
    def resolved_database_url(self) -> str:
        """The SQLAlchemy URL: ``database_url`` when set, else a SQLite file in ``data_dir``."""
        if self.database_url is not None:
            return self.database_url.get_secret_value()
        return f"sqlite:///{(self.data_dir / 'lookalike.db').resolve()}"

    @property
    def index_dir(self) -> Path:
        """Where vector index generations live (beside the SQLite file, shared by workers)."""
        return self.data_dir / "index"


def load_settings(environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
    """The settings of this process from ``LOOKALIKE_*`` variables (and ``overrides``).

    A variable that names no setting is a warning naming the closest one; a bad value is a
    :class:`ConfigurationError` of one line naming the variable and what it accepts.
    """
    warn_about_unknown_variables(os.environ if environ is None else environ)
    try:
        return Settings(**overrides)
    except ValidationError as error:
        raise ConfigurationError(setting_problem(error)) from None


def known_variables() -> set[str]:
    """Every ``LOOKALIKE_*`` variable a setting is read from (groups also field by field)."""
    names = set(OTHER_VARIABLES)
    for name, field in Settings.model_fields.items():
        variable = f"{ENV_PREFIX}{name.upper()}"
        names.add(variable)
        group = field.annotation
        if isinstance(group, type) and issubclass(group, BaseModel):
            names.update(f"{variable}__{inner.upper()}" for inner in group.model_fields)
    return names


def warn_about_unknown_variables(environ: Mapping[str, str]) -> list[str]:
    """Log (and return) a warning for each ``LOOKALIKE_*`` variable that names no setting."""
    known = known_variables()
    warnings = []
    for variable in sorted(environ):
        if not variable.startswith(ENV_PREFIX) or variable in known:
            continue
        if variable.startswith(f"{ENV_PREFIX}PLANS__"):
            continue  # a plan field, LOOKALIKE_PLANS__<PLAN>__<FIELD>
        closest = difflib.get_close_matches(variable, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean {closest[0]}?" if closest else ""
        warnings.append(f"{variable} is not a lookalike setting and is ignored{hint}")
    for warning in warnings:
        logger.warning(warning)
    return warnings


def setting_problem(error: ValidationError) -> str:
    """One line for the first problem of ``error``: the variable, its value and what it takes."""
    problem = error.errors()[0]
    location = [str(part) for part in problem.get("loc", ())]
    top = location[0] if location else ""
    if top == "plans":
        variable = f"{ENV_PREFIX}PLANS ({'.'.join(location[1:])})"
    else:
        variable = ENV_PREFIX + "__".join(part.upper() for part in location)
    reason = str(problem.get("msg", "is not valid")).removeprefix("Value error, ")
    given = problem.get("input")
    shown = "" if isinstance(given, dict) else f" (got {given!r})"
    return f"{variable}: {reason}{shown}."
