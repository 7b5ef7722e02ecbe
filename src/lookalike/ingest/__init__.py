"""Getting data in: file imports (CSV, JSON Lines, Parquet) and the demo universe.

``import_file`` validates a whole file and loads it in one transaction (all or nothing, or with a
rejects file); ``build_demo_universe`` loads real companies and composed contacts the same way.
"""

from lookalike.ingest.demo import DemoReport, build_demo_universe
from lookalike.ingest.importer import ImportReport, import_file

__all__ = ["DemoReport", "ImportReport", "build_demo_universe", "import_file"]
