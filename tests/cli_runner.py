"""Running the ``lookalike`` command in process, as its console script does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from lookalike.cli.main import main


def run_lookalike(monkeypatch: pytest.MonkeyPatch, data_dir: Path, *args: str) -> int:
    """Run ``lookalike --data-dir DATA_DIR ARGS...`` in this process; return its exit code."""
    monkeypatch.setattr(sys, "argv", ["lookalike", "--data-dir", str(data_dir), *args])
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0
