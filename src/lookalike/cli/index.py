"""Placeholder: `lookalike index` commands are being written."""

from __future__ import annotations

import typer

app = typer.Typer(help="(not yet implemented)")
