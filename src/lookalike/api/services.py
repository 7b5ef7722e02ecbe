"""What a running app holds: settings, the store, the rate limiter and the recommender."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from anyio import CapacityLimiter

from lookalike.api.callers import CallerCache
from lookalike.api.outages import OutageLog
from lookalike.api.recommenders import RecommenderProvider
from lookalike.limits import PlanLimiter
from lookalike.settings import Settings


@dataclass(frozen=True, slots=True)
class AppServices:
    """The long-lived collaborators of one app instance, built once by ``create_app``.

    ``store`` runs write transactions; ``reader`` (see ``lookalike.store.readers``) serves the
    reads that decide nothing alone, outside the write lock.
    """

    settings: Settings
    store: sa.Engine
    reader: sa.Engine
    limiter: PlanLimiter
    recommenders: RecommenderProvider
    callers: CallerCache
    # Threads serving recommendation requests at once; the rest wait their turn in order.
    request_threads: CapacityLimiter
    # Dependencies down right now, so that each outage is logged once.
    outages: OutageLog = field(default_factory=OutageLog)
