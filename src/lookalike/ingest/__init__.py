"""Getting data in: file imports (CSV, JSON Lines, Parquet) and the demo universe.

``import_file`` validates a whole file and loads it all or nothing (or with a rejects file): on
PostgreSQL in one transaction, on SQLite through a staging file merged in short transactions that
never hold the write lock long (``lookalike.store.staging``);
:func:`lookalike.ingest.demo.build_demo_universe` loads the real companies and composed contacts
of :mod:`lookalike.synthetic`. It is not re-exported here, since
:mod:`lookalike.synthetic` reads this package's field parsers.
"""

from lookalike.ingest.importer import ImportReport, import_file

__all__ = ["ImportReport", "import_file"]
