"""What running a notebook's code cells would assign, worked out from their source with ``ast`` (never executed).

Each code cell is parsed; its top-level assignments are followed in order, so ``draft = \"\"\"…\"\"\"`` in one
cell and ``gmail = draft`` in a later one give ``gmail`` the draft's text, as running would. Only values that
need no execution are known: string literals, f-strings without placeholders, ``dedent(...)``, ``.strip()``,
``+`` of known texts, other Python literals, and names already known. Anything else is ``UNKNOWN``; a name
that was never assigned stops the cell, as the ``NameError`` would.
"""

from __future__ import annotations

import ast
import re
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

_MAGIC = re.compile(r"^[ \t]*[%!].*$", re.M)


class _Unknown:
    """A value only running the code would tell."""

    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Any = _Unknown()


class _Stop(Exception):
    """Evaluating this statement would raise (a name never assigned): the rest of the cell does not run."""


_STRIPS = ("strip", "lstrip", "rstrip")


def parse_cell(source: str) -> ast.Module | None:
    """A code cell's statements (IPython magics and shell lines left out), or None when it isn't Python.

    The tree is shared between calls with the same source (read it, never change it): every student's notebook
    repeats the assignment's own cells (imports, checks), so a worker parses each of those once."""
    return _parsed(source) if len(source) <= _CACHED_SOURCE else _parse(source)


_CACHED_SOURCE = 4000  # longer cells (students' answers, rarely repeated) are parsed each time


def _parse(source: str) -> ast.Module | None:
    try:
        return ast.parse(_MAGIC.sub("", source))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


_parsed = lru_cache(maxsize=256)(_parse)


@dataclass
class Scope:
    """The names a notebook's code cells have assigned so far, with the values known without running them."""

    names: dict[str, Any] = field(default_factory=dict)

    def value(self, node: ast.AST) -> Any:
        """The value of an expression, UNKNOWN when only running would tell (raises _Stop for an unknown name)."""
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, ast.JoinedStr):
            if all(isinstance(v, ast.Constant) for v in node.values):
                return "".join(str(v.value) for v in node.values)
            return UNKNOWN
        if isinstance(node, ast.Name):
            if node.id not in self.names:
                raise _Stop(node.id)
            return self.names[node.id]
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left), self.value(node.right)
            return left + right if isinstance(left, str) and isinstance(right, str) else UNKNOWN
        if isinstance(node, ast.Call) and not node.keywords:
            func = node.func
            name = getattr(func, "attr", getattr(func, "id", None))
            if name == "dedent" and len(node.args) == 1:
                inner = self.value(node.args[0])
                return textwrap.dedent(inner) if isinstance(inner, str) else UNKNOWN
            if name in _STRIPS and not node.args and isinstance(func, ast.Attribute):
                inner = self.value(func.value)
                return getattr(inner, name)() if isinstance(inner, str) else UNKNOWN
            return UNKNOWN
        try:
            return ast.literal_eval(node)
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            return UNKNOWN

    def run(self, source: str) -> list[tuple[str, Any]] | None:
        """Follow one code cell: the (name, value) pairs it assigns, in order; None when it isn't Python."""
        tree = parse_cell(source)
        if tree is None:
            return None
        assigned: list[tuple[str, Any]] = []
        for stmt in tree.body:
            try:
                assigned.extend(self._statement(stmt))
            except _Stop:
                break  # the NameError stops the cell
            except RecursionError:
                break
        return assigned

    def _bind(self, name: str, value: Any, out: list[tuple[str, Any]]) -> None:
        self.names[name] = value
        out.append((name, value))

    def _statement(self, stmt: ast.stmt) -> list[tuple[str, Any]]:
        """The assignments one top-level statement makes."""
        out: list[tuple[str, Any]] = []
        if isinstance(stmt, ast.Assign | ast.AnnAssign):
            if isinstance(stmt, ast.AnnAssign) and stmt.value is None:
                return out
            value = self.value(stmt.value)
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                if isinstance(t, ast.Name):
                    self._bind(t.id, value, out)
                else:
                    for node in ast.walk(t):
                        if isinstance(node, ast.Name):
                            self._bind(node.id, UNKNOWN, out)
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
            name = stmt.target.id
            if name not in self.names:
                raise _Stop(name)
            old, add = self.names[name], self.value(stmt.value)
            ok = isinstance(stmt.op, ast.Add) and isinstance(old, str) and isinstance(add, str)
            self._bind(name, old + add if ok else UNKNOWN, out)
        elif isinstance(stmt, ast.Delete):
            for t in stmt.targets:
                if isinstance(t, ast.Name):
                    self.names.pop(t.id, None)
        elif isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            self._bind(stmt.name, UNKNOWN, out)  # what its body assigns stays inside it
        else:  # loops, conditions, imports: whatever they bind is known only by running
            for name in _bound_by(stmt):
                self._bind(name, UNKNOWN, out)
        return out


@lru_cache(maxsize=1024)  # by the statement object: parse_cell shares the trees of cells every notebook repeats
def _bound_by(stmt: ast.stmt) -> tuple[str, ...]:
    """The names a loop, condition or import binds anywhere inside it, in order."""
    names = []
    for node in ast.walk(stmt):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.append(node.id)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.append(node.name)
        elif isinstance(node, ast.alias):
            names.append((node.asname or node.name).split(".")[0])
    return tuple(names)


__all__ = ["UNKNOWN", "Scope", "parse_cell"]
