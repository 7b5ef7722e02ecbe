"""Settings: one clear line for a bad value, a warning for a misspelled variable, plans extend."""

from __future__ import annotations

import subprocess
import sys

import pytest

from lookalike.errors import ConfigurationError
from lookalike.settings import load_settings, warn_about_unknown_variables


def test_a_misspelled_variable_is_a_warning_naming_the_closest_setting() -> None:
    warnings = warn_about_unknown_variables(
        {"LOOKALIKE_DATABASE_URI": "postgresql://x", "LOOKALIKE_API_KEY": "k", "HOME": "/"}
    )
    assert warnings == [
        "LOOKALIKE_DATABASE_URI is not a lookalike setting and is ignored; "
        "did you mean LOOKALIKE_DATABASE_URL?"
    ]
    assert warn_about_unknown_variables({"LOOKALIKE_INDEX__KIND": "exact"}) == []


def test_a_bad_value_is_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOKALIKE_INDEX__KIND", "hnsw")
    with pytest.raises(ConfigurationError) as failed:
        load_settings()
    assert str(failed.value) == (
        "LOOKALIKE_INDEX__KIND: String should match pattern '^(faiss|exact)$' (got 'hnsw')."
    )


def test_plans_from_the_environment_extend_the_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOOKALIKE_PLANS", '{"gold": {"per_second": 99}}')
    plans = load_settings().plans
    assert {"basic", "pro", "data-only", "gold"} <= set(plans)
    assert plans["gold"].per_second == 99


def test_the_cli_reports_a_bad_setting_in_one_line_without_a_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "lookalike.cli.main", "keys", "list"],
        env={"LOOKALIKE_MAX_BODY_BYTES": "12", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "error: LOOKALIKE_MAX_BODY_BYTES: Input should be greater than or equal to 1024 (got '12')."
    ]
