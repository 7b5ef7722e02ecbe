"""The recommender an app serves from: given, or opened lazily from the index on first use.

An opened index holds many long-lived Python objects (vocabularies, trait tables). Left to the
cyclic garbage collector, each full collection walks all of them, a pause of tens of milliseconds
every few hundred requests. Once an index is open it is therefore frozen out of the collector
(``gc.freeze``); when a newer index replaces it, the old one is unfrozen and collected first.
"""

from __future__ import annotations

import gc
import threading
import time
from typing import Protocol

from lookalike.domain import RecommendationPage, RecommendationQuery
from lookalike.settings import Settings


class RecommenderLike(Protocol):
    """What the API needs of ``lookalike.engine.recommender.Recommender``."""

    def recommend(self, query: RecommendationQuery) -> RecommendationPage: ...

    def refresh_if_changed(self) -> bool: ...


class RecommenderProvider:
    """Opens the engine's Recommender once, then checks for a newer index now and then."""

    def __init__(self, settings: Settings, recommender: RecommenderLike | None = None) -> None:
        self._settings = settings
        self._recommender = recommender
        self._lock = threading.Lock()
        self._checked_at = time.monotonic()

    def get(self) -> RecommenderLike:
        """The recommender, opened on first use; raises IndexUnavailableError with no index."""
        with self._lock:
            if self._recommender is None:
                self._recommender = self._open()
                _freeze_long_lived_objects()
                self._checked_at = time.monotonic()
            elif time.monotonic() - self._checked_at >= self._settings.index.reload_check_seconds:
                if self._recommender.refresh_if_changed():
                    _freeze_long_lived_objects()
                self._checked_at = time.monotonic()
            return self._recommender

    def _open(self) -> RecommenderLike:
        from lookalike.engine.recommender import Recommender

        recommender: RecommenderLike = Recommender.open(self._settings)
        return recommender


def _freeze_long_lived_objects() -> None:
    """Collect the garbage (say, an index just replaced), then exempt the rest from collection."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
