"""Progress display on stderr for long-running commands, driven by the library's callbacks.

Library functions report progress through plain callbacks: ``(done, total)`` for imports and the
demo, ``(stage, done, total)`` for index builds. These context managers turn them into a rich bar
on a terminal, or a plain line every 100,000 rows when stderr is a log or CI.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from lookalike.cli.context import console

CountCallback = Callable[[int, int | None], None]
StageCallback = Callable[[str, int, int], None]
PLAIN_PROGRESS_EVERY = 100_000


def _bar() -> Progress:
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    return Progress(*columns, TimeElapsedColumn(), console=console, transient=True)


@contextmanager
def count_progress(description: str) -> Iterator[CountCallback]:
    """A bar for one counted task, updated by a ``(done, total)`` callback."""
    if not console.is_terminal:
        yield _plain_progress(description)
        return
    with _bar() as bar:
        task = bar.add_task(description, total=None)

        def update(done: int, total: int | None) -> None:
            bar.update(task, completed=done, total=total)

        yield update


@contextmanager
def stage_progress(prefix: str) -> Iterator[StageCallback]:
    """One bar per stage, updated by a ``(stage, done, total)`` callback."""
    if not console.is_terminal:
        plain: dict[str, CountCallback] = {}

        def log(stage: str, done: int, total: int) -> None:
            plain.setdefault(stage, _plain_progress(f"{prefix} {stage}"))(done, total or None)

        yield log
        return
    with _bar() as bar:
        tasks: dict[str, TaskID] = {}

        def update(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(f"{prefix} {stage}", total=total or None)
            bar.update(tasks[stage], completed=done, total=total or None)

        yield update


def _plain_progress(description: str) -> CountCallback:
    reported = [0]

    def update(done: int, total: int | None) -> None:
        if done // PLAIN_PROGRESS_EVERY > reported[0] // PLAIN_PROGRESS_EVERY:
            reported[0] = done
            of_total = f" of about {total:,}" if total else ""
            console.print(f"{description}: {done:,}{of_total} rows", highlight=False)

    return update
