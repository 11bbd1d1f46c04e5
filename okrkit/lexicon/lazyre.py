"""Regular expressions compiled on first use, from a store of compiled pattern code kept between runs.

Compiling okrkit's patterns is most of its start-up: CPython parses and compiles each pattern in Python code
every run. A pattern is compiled the first time it is used, so a run pays only for those it reaches; and the
compiled form the regex engine takes (its code array and group names) is kept in ``__pycache__`` like bytecode,
keyed by the exact interpreter (``sys.version``, the engine's ``MAGIC`` and code size). Any doubt — another
interpreter, an unreadable store, internals that differ — falls back to ``re.compile``; a stored entry is written
only after the pattern rebuilt from it compared equal (same code) to ``re.compile``'s."""

from __future__ import annotations

import atexit
import marshal
import os
import re
import sys

try:  # CPython's regex internals (3.11+); without them every pattern goes through re.compile
    import _sre
    from re import _compiler, _parser  # noqa: PLC2701 - see the module docstring: checked, with a fallback
except ImportError:  # pragma: no cover - other interpreters
    _sre = None

_METHODS = ("search", "match", "fullmatch", "sub", "subn", "split", "findall", "finditer", "scanner")
_STORE_PATH = os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "__pycache__", f"regex.{sys.implementation.cache_tag}.marshal"
)
_INTERPRETER = (sys.version, getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None))
_stored: dict | None = None  # (pattern, flags) → (flags, code, groups, groupindex, indexgroup)
_new: dict = {}


def _store() -> dict:
    """The stored compiled patterns for this interpreter (empty when there is none or it is for another)."""
    global _stored
    if _stored is None:
        _stored = {}
        try:
            with open(_STORE_PATH, "rb") as f:
                interpreter, patterns = marshal.loads(f.read())
            if interpreter == _INTERPRETER and isinstance(patterns, dict):
                _stored = patterns
        except (OSError, ValueError, EOFError, TypeError):
            pass
    return _stored


def _parts(pattern: str, flags: int) -> tuple:
    """What re._compiler.compile hands to the engine for this pattern."""
    p = _parser.parse(pattern, flags)
    code = [int(c) for c in _compiler._code(p, flags)]  # opcodes are int subclasses marshal cannot keep
    indexgroup = [None] * p.state.groups
    for name, i in p.state.groupdict.items():
        indexgroup[i] = name
    groupindex = {str(k): int(v) for k, v in p.state.groupdict.items()}
    return (int(flags | p.state.flags), code, int(p.state.groups - 1), groupindex, tuple(indexgroup))


def compile_stored(pattern: str, flags: int = 0) -> re.Pattern:
    """re.compile(pattern, flags), built from the stored compiled code when this interpreter stored it."""
    flags = int(flags)
    if _sre is None:
        return re.compile(pattern, flags)
    got = _store().get((pattern, flags))
    if got is not None:
        try:
            return _sre.compile(pattern, *got)
        except Exception:  # noqa: BLE001 - a bad entry is ignored: compile as usual
            pass
    compiled = re.compile(pattern, flags)
    try:
        parts = _parts(pattern, flags)
        if _sre.compile(pattern, *parts) == compiled:  # Pattern equality compares flags and code
            if not _new:
                atexit.register(_write)
            _new[(pattern, flags)] = parts
    except Exception:  # noqa: BLE001 - internals differ: keep re.compile's result, store nothing
        pass
    return compiled


def _write() -> None:
    """Add this run's new patterns to the store (atomically), when Python may write bytecode here."""
    if sys.dont_write_bytecode or not _new:
        return
    try:
        blob = marshal.dumps((_INTERPRETER, {**_store(), **_new}))
        os.makedirs(os.path.dirname(_STORE_PATH), exist_ok=True)
        tmp = f"{_STORE_PATH}.{os.getpid()}.tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
        os.replace(tmp, _STORE_PATH)
    except (OSError, ValueError):
        return


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
            got = compile_stored(*self._source)
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
