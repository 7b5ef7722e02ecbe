"""Placeholder: `lookalike recommend` commands are being written."""

from __future__ import annotations

import typer

app = typer.Typer(help="(not yet implemented)")
