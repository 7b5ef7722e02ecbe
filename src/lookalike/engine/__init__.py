"""The recommendation engine: entity features, vector indexes, seed analysis, ranking.

Entry points: :func:`lookalike.engine.build.build_index` (store -> index generation on disk) and
:class:`lookalike.engine.recommender.Recommender` (open the live generation, answer queries).
"""
