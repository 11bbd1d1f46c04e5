"""YAML text → plain data plus the source line of every value in it; refuses alias bombs."""

from __future__ import annotations

import re
from typing import Any

import yaml

from okrkit.errors import LoadError

MAX_NODES = 200_000  # YAML nodes after alias expansion (stops alias bombs)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Located:
    """Parsed YAML data plus the source line of every path in it."""

    def __init__(self, data: Any, lines: dict[tuple, int], text: str = "") -> None:
        self.data = data
        self.lines = lines
        self.text = text  # the source, for hints that quote a line

    def source_line(self, line: int | None) -> str:
        """The text of a 1-based source line ('' when unknown)."""
        rows = self.text.splitlines()
        return rows[line - 1] if line and 0 < line <= len(rows) else ""

    def line(self, path: tuple) -> int | None:
        """Line of the closest known ancestor of path (1-based)."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def read_yaml(text: str, source: str | None) -> Located:
    """Safe-load one YAML document, recording lines and refusing alias bombs."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Located(None, {}, text)
        lines: dict[tuple, int] = {}
        _walk(node, (), lines, [0], source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        hint = "check indentation and that text with ':' or '#' is quoted"
        unclosed_flow = "flow" in (exc.context or "") and "did not find expected" in problem
        if exc.context and exc.context_mark and ("end of stream" in problem or unclosed_flow):
            line = exc.context_mark.line + 1  # an unclosed quote or bracket: point where it opened
            problem = f"{exc.context} that is never closed"
            opener = text[exc.context_mark.index : exc.context_mark.index + 1]
            closer = {"[": "]", "{": "}"}.get(opener, opener)
            name = {'"': "double quote", "'": "single quote", "]": "bracket ]", "}": "brace }"}.get(closer)
            if name:
                hint = f"add the closing {name} at the end of line {line}"
        elif line and (tabs := _tab_lines(text)):
            hint = "; ".join(f"replace each tab on line {n} with two spaces" for n in tabs[:10])
        elif line and (indent := _indent_fix(text, line)):
            hint = indent
        elif "mapping values are not allowed" in problem and line:
            hint = f"put the text after the first ': ' on line {line} in double quotes"
        raise LoadError(f"invalid YAML: {problem}", file=source, line=line, hint=hint) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"invalid YAML: {exc}", file=source, hint="check indentation and quoting") from None
    except RecursionError:
        raise LoadError(
            "YAML is nested too deeply", file=source, hint="an OKR file needs only a few levels of nesting"
        ) from None
    finally:
        loader.dispose()
    return Located(data, lines, text)


def _walk(node: yaml.Node, path: tuple, lines: dict, count: list, source: str | None) -> None:
    """Record the line of each node; stop when aliases expand beyond MAX_NODES."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise LoadError(
            f"the document expands to more than {MAX_NODES:,} values",
            file=source,
            hint="remove YAML anchors/aliases (&, *); an OKR file never needs this many",
        )
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(count[0])
            lines.setdefault(path + (key,), key_node.start_mark.line + 1)
            _walk(value_node, path + (key,), lines, count, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, count, source)


def _tab_lines(text: str) -> list[int]:
    """Lines indented with a tab (YAML allows only spaces there)."""
    return [i for i, ln in enumerate(text.splitlines(), 1) if "\t" in ln[: len(ln) - len(ln.lstrip())]]


def _indent_fix(text: str, line: int) -> str | None:
    """'indent line 3 with 4 spaces, like the key on line 2' when a key line is a space or two off its sibling."""
    rows = text.splitlines()
    if not 0 < line <= len(rows) or not re.match(r"\s*[^\s#:-][^:]*:(\s|$)", rows[line - 1]):
        return None
    indent = len(rows[line - 1]) - len(rows[line - 1].lstrip(" "))
    for above in range(line - 2, -1, -1):
        prev = rows[above]
        if prev.strip() and not prev.lstrip().startswith("#"):
            m = re.match(r"( *)(- +)?", prev)
            column = len(m.group(1)) + len(m.group(2) or "")
            if column != indent and abs(column - indent) <= 2:
                return f"indent line {line} with {column} spaces, like the key on line {above + 1}"
            return None
    return None
