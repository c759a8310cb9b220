"""Output conventions: data to stdout, messages and progress to stderr, JSON from pydantic models."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["console", "err_console", "print_json", "progress_bar"]

# soft_wrap: long messages stay on one line in logs and pipes instead of breaking at 80 columns.
console = Console(highlight=False, soft_wrap=True)
err_console = Console(stderr=True, highlight=False, soft_wrap=True)


def print_json(data: BaseModel | Sequence[BaseModel] | dict[str, Any] | list[Any]) -> None:
    """Exactly the models the API returns, so scripts and the API share one contract."""
    if isinstance(data, BaseModel):
        payload: Any = data.model_dump(mode="json", by_alias=True)
    elif isinstance(data, list | tuple) and data and isinstance(data[0], BaseModel):
        payload = [item.model_dump(mode="json", by_alias=True) for item in data]
    else:
        payload = data
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


class _Bar:
    def __init__(self, progress: Progress | None, task: Any) -> None:
        self._progress, self._task = progress, task

    def advance(self, count: int = 1) -> None:
        if self._progress is not None:
            self._progress.advance(self._task, count)

    def describe(self, text: str) -> None:
        if self._progress is not None:
            self._progress.update(self._task, description=text)


@contextmanager
def progress_bar(description: str, total: int | None = None, *, quiet: bool = False) -> Iterator[_Bar]:
    """A Rich progress bar on stderr, only when stderr is a terminal and --quiet is not set."""
    if quiet or not err_console.is_terminal:
        yield _Bar(None, None)
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        yield _Bar(progress, progress.add_task(description, total=total))
