"""Errors Interdictor reports to its users, each with the exit code the CLI returns.

    InterdictorError            exit 70  something we did not expect
    ├── UsageError              exit 2   the command was called wrongly
    ├── InputRejected           exit 3   an input file is malformed; nothing was stored
    │   └── FormatNotRecognised          the file is none of the formats we read
    ├── ReferenceDataError      exit 4   a bundled data file or a config is broken
    │   └── ChecksumError                a download does not match its expected hash
    ├── NotFound                exit 4   an entity, list or version that the store does not hold
    └── BackendUnavailable      exit 5   the store or a download source cannot be reached

Every problem in an input names where it is (file, line or element, field), what was found
and what was expected, so a user can fix the file without reading code. Loaders collect
problems and raise once, so one run shows them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

__all__ = [
    "BackendUnavailable",
    "ChecksumError",
    "FormatNotRecognised",
    "InputRejected",
    "InterdictorError",
    "NotFound",
    "Problem",
    "ReferenceDataError",
    "UsageError",
]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located precisely enough to fix it."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None
    element: str | None = None
    hint: str | None = None

    def location(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.element is not None:
            parts.append(self.element)
        if self.field is not None:
            parts.append(f"field {self.field!r}")
        return ", ".join(parts)

    def __str__(self) -> str:
        text = f"{self.location()}: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def to_dict(self) -> dict[str, str | int | None]:
        return {
            "file": self.file,
            "line": self.line,
            "element": self.element,
            "field": self.field,
            "msg": self.message,
            "hint": self.hint,
        }


class InterdictorError(Exception):
    """Base class; the CLI turns these into a message and an exit code, never a traceback."""

    exit_code = 70
    http_status = 500


class UsageError(InterdictorError):
    exit_code = 2
    http_status = 400


class InputRejected(InterdictorError):
    """An input was refused; the store holds exactly what it held before."""

    exit_code = 3
    http_status = 422
    max_shown = 20

    def __init__(self, summary: str, problems: Iterable[Problem] = ()) -> None:
        self.summary = summary
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        lines = [self.summary]
        for problem in self.problems[: self.max_shown]:
            lines.append(f"  {problem}")
        hidden = len(self.problems) - self.max_shown
        if hidden > 0:
            lines.append(f"  ... and {hidden} more problems")
        return "\n".join(lines)


class FormatNotRecognised(InputRejected):
    pass


class ReferenceDataError(InterdictorError):
    exit_code = 4
    http_status = 500


class ChecksumError(ReferenceDataError):
    def __init__(self, url: str, expected: str, actual: str) -> None:
        super().__init__(f"checksum mismatch for {url}: expected {expected}, got {actual}")
        self.url = url
        self.expected = expected
        self.actual = actual


class NotFound(InterdictorError):
    exit_code = 4
    http_status = 404


class BackendUnavailable(InterdictorError):
    exit_code = 5
    http_status = 503
