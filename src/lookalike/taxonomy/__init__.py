"""Taxonomies: job titles (departments, seniority, O*NET occupations), industries (NAICS 2022)
and geography. Data loads lazily on first use; every lookup is cached.

- :mod:`~lookalike.taxonomy.titles`: ``classify_title(title) -> TitleClass``
- :mod:`~lookalike.taxonomy.occupation_match`: ``match_occupation(title) -> OccupationMatch | None``
  (over :mod:`~lookalike.taxonomy.occupations`, the O*NET vocabulary and its neighbours)
- :mod:`~lookalike.taxonomy.industries`: ``naics_title``, ``naics_for_label``, ``naics_sector``,
  ``naics_parents``, ``naics_similarity``
- :mod:`~lookalike.taxonomy.geography`: ``normalize_country``, ``us_state_name``
- :mod:`~lookalike.taxonomy.evaluation`: accuracy on labelled titles (``lookalike eval titles``)
"""
