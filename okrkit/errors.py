"""Errors a user can act on: each says where (file, line, field) and what to do."""

from __future__ import annotations


class OKRKitError(Exception):
    """Base class for okrkit errors; the CLI prints them as one line."""

    exit_code = 2


class LoadError(OKRKitError):
    """An OKR file or text could not be read; names file, line, field and a fix."""

    def __init__(
        self,
        problem: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.problem = problem
        self.file = file
        self.line = line
        self.field = field
        self.hint = hint
        super().__init__(self.format())

    def __reduce__(self):
        """Pickle by the parts, so a worker process can send the error back unchanged."""
        return (_rebuild, (type(self), self.problem, self.file, self.line, self.field, self.hint))

    def format(self) -> str:
        """'file:line: field: problem (hint)' with the parts that are known."""
        where = self.file or "<text>"
        if self.line is not None:
            where += f":{self.line}"
        parts = [where]
        if self.field:
            parts.append(self.field)
        msg = ": ".join(parts) + f": {self.problem}"
        if self.hint:
            msg += f" ({self.hint})"
        return msg


def _rebuild(
    cls: type, problem: str, file: str | None, line: int | None, field: str | None, hint: str | None
) -> LoadError:
    """A LoadError (or subclass) from its parts, for unpickling."""
    return cls(problem, file=file, line=line, field=field, hint=hint)
