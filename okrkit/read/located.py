"""YAML text → plain data plus the source line of every value in it; refuses alias bombs."""

from __future__ import annotations

import re
from typing import Any

import yaml

from okrkit.errors import LoadError
from okrkit.read.aliases import field_for

_SET_ONLY = ("title", "period", "level", "as_of", "start", "end", "kpis", "parent", "owner")
MAX_NODES = 200_000  # YAML nodes after alias expansion (stops alias bombs)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Located:
    """Parsed YAML data plus the source line of every path in it."""

    def __init__(self, data: Any, lines: dict[tuple, int], text: str = "", notes: list | None = None) -> None:
        self.data = data
        self.lines = lines
        self.text = text  # the source, for hints that quote a line
        self.notes: list[tuple[str, int]] = notes or []  # (message, line): what was read by guessing

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
        notes: list[tuple[str, int]] = []
        if isinstance(node, yaml.MappingNode):
            node = _split_root(node, notes)
        _walk(node, (), lines, [0], source, notes)
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
    return Located(data, lines, text, notes)


def _walk(node: yaml.Node, path: tuple, lines: dict, count: list, source: str | None, notes: list) -> None:
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
        _merge_repeated_keys(node, notes, source)
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(count[0])
            lines.setdefault(path + (key,), key_node.start_mark.line + 1)
            _walk(value_node, path + (key,), lines, count, source, notes)
    elif isinstance(node, yaml.SequenceNode):
        node.value = [part for item in node.value for part in _split_item(item, notes)]
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, count, source, notes)


# ── a key written twice (YAML itself would keep only the last) ──────────────────────────────
def _text_key(key: str) -> bool:
    """A key naming an objective's or a key result's own text ('objective', 'goal', 'text', 'kr' …)."""
    return field_for(key, "objective") == "objective" or field_for(key, "key_result") == "text"


def _repeated_text_key(node: yaml.MappingNode) -> str | None:
    """The text key written more than once in a mapping, if any."""
    seen: set[str] = set()
    for key_node, _ in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is not None and key in seen and _text_key(key):
            return key
        if key is not None:
            seen.add(key)
    return None


def _groups(node: yaml.MappingNode, key: str, notes: list) -> list[list]:
    """A mapping's pairs cut before each repeat of key: one group per item the writer meant."""
    groups: list[list] = [[]]
    seen = False
    for pair in node.value:
        if isinstance(pair[0], yaml.ScalarNode) and pair[0].value == key:
            if seen:
                groups.append([])
                line = pair[0].start_mark.line + 1
                notes.append(
                    (f"line {line}: a second '{key}:' in one item was read as a new item (start it with '- ')", line)
                )
            seen = True
        groups[-1].append(pair)
    return groups


def _mapping(pairs: list, like: yaml.MappingNode) -> yaml.MappingNode:
    return yaml.MappingNode(like.tag, pairs, pairs[0][0].start_mark, pairs[-1][1].end_mark, like.flow_style)


def _split_item(item: yaml.Node, notes: list) -> list[yaml.Node]:
    """A list item with its objective (or key result) text written twice → two items (the '- ' forgotten)."""
    key = _repeated_text_key(item) if isinstance(item, yaml.MappingNode) else None
    return [_mapping(g, item) for g in _groups(item, key, notes)] if key else [item]


def _split_root(node: yaml.MappingNode, notes: list) -> yaml.MappingNode:
    """A file that is objectives written one after another without a list → 'objectives:' listing them."""
    key = _repeated_text_key(node)
    if key is None or field_for(key, "objective") != "objective":
        return node
    groups = _groups(node, key, notes)
    first = next(i for i, (k, _) in enumerate(groups[0]) if isinstance(k, yaml.ScalarNode) and k.value == key)
    top = [p for p in groups[0][:first] if field_for(p[0].value, "set") in _SET_ONLY]
    groups[0] = [p for p in groups[0] if p not in top]
    items = [_mapping(g, node) for g in groups]
    mark = groups[0][0][0].start_mark
    name = yaml.ScalarNode("tag:yaml.org,2002:str", "objectives", mark, mark)
    seq = yaml.SequenceNode("tag:yaml.org,2002:seq", items, mark, items[-1].end_mark)
    return yaml.MappingNode(node.tag, [*top, (name, seq)], node.start_mark, node.end_mark)


def _merge_repeated_keys(node: yaml.MappingNode, notes: list, source: str | None) -> None:
    """Two lists under one key are read as one list (with a note); any other key written twice is refused."""
    first: dict[str, tuple] = {}
    kept = []
    for key_node, value_node in node.value:
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if key is None or key not in first:
            if key is not None:
                first[key] = (key_node, value_node)
            kept.append((key_node, value_node))
            continue
        a, b = first[key][0].start_mark.line + 1, key_node.start_mark.line + 1
        if isinstance(first[key][1], yaml.SequenceNode) and isinstance(value_node, yaml.SequenceNode):
            first[key][1].value.extend(value_node.value)
            where = f"lines {a} and {b}" if a != b else f"both on line {a}"
            notes.append((f"'{key}:' is written twice ({where}); the items under both were read", b))
            continue
        end = max(b, value_node.end_mark.line + (1 if value_node.end_mark.column else 0))
        where = f"line {b}" if end == b else f"lines {b}–{end}"
        raise LoadError(
            f"'{key}' is written twice in one place (lines {a} and {b}); YAML would silently keep only the second",
            file=source,
            line=b,
            field=key,
            hint=f"delete {where} (the second '{key}:'), or the first one on line {a} if the second is right",
        )
    node.value = kept


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
