"""The CLI reference (docs/cli.md), generated from every command's ``--help``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import typer.main

HEADER = (
    "# Command-line reference\n\n"
    "Generated from `--help` by `python -m lookalike.cli.reference > docs/cli.md`; "
    "a test keeps it in step with the code.\n"
)


def iter_commands(
    command: Any, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group under ``command``, depth first, with its path of names."""
    yield path, command
    subcommands = getattr(command, "commands", {})
    for name in sorted(subcommands):
        yield from iter_commands(subcommands[name], (*path, name))


def render_reference() -> str:
    """Markdown with one section per command holding its ``--help`` text."""
    from lookalike.cli.main import app

    sections = [HEADER]
    for path, command in iter_commands(typer.main.get_command(app)):
        name = " ".join(("lookalike", *path))
        ctx = command.context_class(command, info_name=name, terminal_width=100)
        help_text = command.get_help(ctx)
        sections.append(f"## `{name}`\n\n```text\n{help_text}\n```\n")
    return "\n".join(sections)


if __name__ == "__main__":
    print(render_reference(), end="")
