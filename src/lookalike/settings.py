"""Settings, read once from ``LOOKALIKE_*`` environment variables (nested groups use ``__``).

Build a :class:`Settings` in the app factory or the CLI entry point and pass it down; nothing reads
the environment at import time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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


class Settings(BaseSettings):
    """All configuration of a lookalike process."""

    model_config = SettingsConfigDict(
        env_prefix="LOOKALIKE_", env_nested_delimiter="__", extra="ignore"
    )

    data_dir: Path = Path("lookalike-data")
    database_url: SecretStr | None = None
    redis_url: SecretStr | None = None
    max_body_bytes: int = Field(default=1_000_000, ge=1024)
    session_ttl_days: int = Field(default=30, ge=1)
    idempotency_ttl_hours: int = Field(default=24, ge=1)
    default_plan: str = "basic"
    plans: dict[str, PlanSettings] = Field(default_factory=_default_plans)
    index: IndexSettings = Field(default_factory=IndexSettings)
    demo: DemoSettings = Field(default_factory=DemoSettings)

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
