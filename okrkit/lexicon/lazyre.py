"""Regular expressions compiled on first use, so a run pays only for the patterns it reaches.

A compiled-code store kept between runs (CPython's private ``re._compiler``/``_sre``) was tried and left out: it
saved ~8 ms of ~115 ms start-up and would tie the kit to interpreter internals (docs/decisions.md)."""

from __future__ import annotations

import re

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "scanner")


class LazyPattern:
    """Stands for re.compile(pattern, flags) and compiles it the first time any attribute is read.

    After that the compiled pattern's methods sit in the instance's own dict, so a call costs what it costs
    on the compiled pattern (``__getattr__`` runs only for a missing attribute)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)

    def compiled(self) -> re.Pattern:
        """The compiled pattern (compiling it now if no call has yet)."""
        got = self.__dict__.get("_compiled")
        if got is None:
            got = re.compile(*self._source)
            self.__dict__.update({name: getattr(got, name) for name in _METHODS}, _compiled=got)
        return got

    def __getattr__(self, name: str):
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy({self._source[0]!r}, {self._source[1]!r})"


def lazy(pattern: str, flags: int = 0) -> LazyPattern:
    """re.compile(pattern, flags), deferred until the pattern is first used."""
    return LazyPattern(pattern, flags)
