"""The ``lookalike`` command: a thin layer over the library that turns its errors into one line."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lookalike.cli import (
    backup,
    bench,
    db,
    demo,
    eval_lookalikes,
    eval_recs,
    eval_titles,
    imports,
    index,
    keys,
    mcp,
    recommend,
    serve,
    titles,
)
from lookalike.errors import ImportValidationError, LookalikeError
from lookalike.settings import load_settings

app = typer.Typer(
    name="lookalike",
    help="Self-hostable lookalike Recommendations API (Lusha-compatible).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def root(
    ctx: typer.Context,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Directory holding the SQLite database and index files "
            "[env: LOOKALIKE_DATA_DIR; default: ./lookalike-data].",
        ),
    ] = None,
) -> None:
    """Build the settings once for every command."""
    settings = load_settings()
    if data_dir is not None:
        settings = settings.model_copy(update={"data_dir": data_dir})
    ctx.obj = settings


eval_app = typer.Typer(help="Measure quality on labelled data: titles and recommendations.")
eval_app.command("titles")(eval_titles.titles)
eval_app.command("recommendations")(eval_recs.recommendations)
eval_app.command("lookalikes")(eval_lookalikes.lookalikes)

app.command("serve")(serve.serve)
app.command("bench")(bench.bench)
app.command("backup")(backup.backup)
app.command("mcp")(mcp.mcp)
app.add_typer(imports.app, name="import")
app.add_typer(index.app, name="index")
app.add_typer(keys.app, name="keys")
app.add_typer(demo.app, name="demo")
app.add_typer(db.app, name="db")
app.add_typer(titles.app, name="titles")
app.add_typer(recommend.app, name="recommend")
app.add_typer(eval_app, name="eval")


def main() -> None:
    """Console-script entry point: run the app, turning lookalike errors into one stderr line.

    Click (in standalone mode) reports its own usage errors; everything lookalike raises on purpose
    becomes ``error: <sentence>`` and exit code 1, never a traceback.
    """
    try:
        app()
    except ImportValidationError as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    except LookalikeError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(1)
    except OSError as error:  # a file named on the command line cannot be read or written
        print(f"error: {error.strerror}: {error.filename}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
