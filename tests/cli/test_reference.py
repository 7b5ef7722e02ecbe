from __future__ import annotations

from pathlib import Path

import typer.main

from lookalike.cli.main import app
from lookalike.cli.reference import iter_commands, render_reference

DOCS = Path(__file__).parents[2] / "docs" / "cli.md"


def test_every_command_has_a_section_in_docs_cli_md() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for path, _ in iter_commands(typer.main.get_command(app)):
        assert f"## `{' '.join(('lookalike', *path))}`" in text


def test_docs_cli_md_matches_the_help_of_the_code() -> None:
    assert DOCS.read_text(encoding="utf-8") == render_reference(), (
        "docs/cli.md is stale: run `python -m lookalike.cli.reference > docs/cli.md`"
    )
