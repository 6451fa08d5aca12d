"""Say where a problem is: every error the author can fix carries a file, line and field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class SourceRef:
    """A place in a content or brand file (1-based line and column) and the field path there."""

    file: str
    line: int = 0
    column: int = 0
    path: str = ""

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file

    def at(self, path: str) -> SourceRef:
        return SourceRef(self.file, self.line, self.column, path)


@dataclass(frozen=True)
class Problem:
    """One located finding; errors stop the build, warnings are printed."""

    src: SourceRef | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def format(self) -> str:
        where = f"{self.src}: " if self.src else ""
        path = f"{self.src.path}: " if self.src and self.src.path else ""
        tag = "warning: " if self.severity == "warning" else ""
        return f"{where}{tag}{path}{self.message}"


class BrochureError(Exception):
    """A problem in the input that the author must fix (exit status 2)."""

    def __init__(self, message: str, src: SourceRef | None = None) -> None:
        super().__init__(message)
        self.problems = [Problem(src, message)]

    def __str__(self) -> str:
        return "\n".join(p.format() for p in self.problems)

    def __reduce__(self) -> tuple[object, ...]:
        # Keep every located problem when the error comes back from a worker process.
        return (_rebuild, (type(self), self.problems))


def _rebuild(cls: type[BrochureError], problems: list[Problem]) -> BrochureError:
    err = cls.__new__(cls)
    Exception.__init__(err, problems[0].message if problems else "")
    err.problems = problems
    return err


class InputErrors(BrochureError):
    """Several problems found in one pass, reported together."""

    def __init__(self, problems: list[Problem]) -> None:
        Exception.__init__(self, f"{len(problems)} problem(s)")
        self.problems = problems


@dataclass
class Report:
    """Collects problems during a pass so that all of them can be reported at once."""

    problems: list[Problem] = field(default_factory=list)
    limit: int = 50

    def error(self, src: SourceRef | None, message: str) -> None:
        self.problems.append(Problem(src, message))

    def warn(self, src: SourceRef | None, message: str) -> None:
        self.problems.append(Problem(src, message, "warning"))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def raise_if_errors(self) -> None:
        errors = self.errors
        if errors:
            raise InputErrors(errors[: self.limit])


def internal_error(exc: BaseException) -> str:
    """How a bug is reported (the command line, the studio): one line, not a traceback."""
    return f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)"
