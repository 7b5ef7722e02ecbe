"""Synthetic data: every composed company, contact and import file the project builds.

One vocabulary serves four universes, so a country's title language or a name list is written once:

* :mod:`~lookalike.synthetic.vocabulary`: the shared tables (O*NET titles, composed-name parts,
  foreign titles, NAICS codes, technologies, which countries get which title language).
* :mod:`~lookalike.synthetic.workforce`: how the demo universe's workforce is shaped.
* :mod:`~lookalike.synthetic.companies` and :mod:`~lookalike.synthetic.contacts`: the demo
  universe (real companies, composed contacts), loaded by :mod:`lookalike.ingest.demo`.
* :mod:`~lookalike.synthetic.files`: import files at any scale (``lookalike bench``) and small
  sample files (import tests).
* :mod:`~lookalike.synthetic.segments`: a small universe of known segments for engine tests and
  ``lookalike eval recs --synthetic``.

The same arguments and seed always give the same rows. Nobody in them is a real person.
"""
