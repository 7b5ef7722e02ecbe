"""The engine-test universe: moved to :mod:`lookalike.synthetic.segments`, re-exported here."""

from lookalike.synthetic.segments import COMMON_TECH, build_synthetic_universe

__all__ = ["COMMON_TECH", "build_synthetic_universe"]
