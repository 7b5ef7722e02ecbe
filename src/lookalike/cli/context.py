"""What every command shares: the settings built once by the root callback."""

from __future__ import annotations

import typer
from rich.console import Console
from rich.table import Table

from lookalike.settings import Settings

console = Console(stderr=True)


def settings_from(ctx: typer.Context) -> Settings:
    """The :class:`Settings` the root callback stored on the click context."""
    root = ctx.find_root()
    settings = root.obj
    if not isinstance(settings, Settings):  # pragma: no cover - the callback always sets it
        raise RuntimeError("lookalike settings were not initialised")
    return settings


def render_table(table: Table, width: int = 120) -> str:
    """A rich table as plain text of a fixed width (the same on a terminal and in a pipe)."""
    capture = Console(width=width, record=True)
    with capture.capture() as captured:
        capture.print(table)
    return captured.get()
