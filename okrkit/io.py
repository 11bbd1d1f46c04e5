"""Reading OKR sets from YAML, a bare list, or a plain-text outline, with located errors; dumping."""
from __future__ import annotations

import difflib
import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .errors import LoadError
from .format import (INITIATIVE_FIELDS, KEY_RESULT_FIELDS, KPI_FIELDS, LEVELS, OBJECTIVE_FIELDS,
                     OBJECTIVE_TYPES, SET_FIELDS)
from .model import DIRECTIONS, KPI, Initiative, KeyResult, Objective, OKRSet
from .parse import parse_key_result

MAX_BYTES = 5_000_000          # larger inputs are refused
MAX_NODES = 200_000            # YAML nodes after alias expansion (stops alias bombs)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# ── YAML with line numbers ────────────────────────────────────────────────────────────────
class _Located:
    """Parsed YAML data plus the source line of every path in it."""

    def __init__(self, data: Any, lines: dict[tuple, int]) -> None:
        self.data = data
        self.lines = lines

    def line(self, path: tuple) -> int | None:
        """Line of the closest known ancestor of path (1-based)."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def _read_yaml(text: str, source: str | None) -> _Located:
    """Safe-load one YAML document, recording lines and refusing alias bombs."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return _Located(None, {})
        lines: dict[tuple, int] = {}
        _walk(node, (), lines, [0], source)
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = (exc.problem or exc.context or "invalid YAML").strip()
        if exc.context and exc.context_mark and "end of stream" in problem:
            line = exc.context_mark.line + 1          # an unclosed quote or bracket: point where it opened
            problem = f"{exc.context} that is never closed"
        raise LoadError(f"invalid YAML: {problem}", file=source, line=line,
                        hint="check indentation and that text with ':' or '#' is quoted") from None
    except yaml.YAMLError as exc:
        raise LoadError(f"invalid YAML: {exc}", file=source,
                        hint="check indentation and quoting") from None
    except RecursionError:
        raise LoadError("YAML is nested too deeply", file=source,
                        hint="an OKR file needs only a few levels of nesting") from None
    finally:
        loader.dispose()
    return _Located(data, lines)


def _walk(node: yaml.Node, path: tuple, lines: dict, count: list, source: str | None) -> None:
    """Record the line of each node; stop when aliases expand beyond MAX_NODES."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise LoadError(f"the document expands to more than {MAX_NODES:,} values", file=source,
                        hint="remove YAML anchors/aliases (&, *); an OKR file never needs this many")
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(count[0])
            lines.setdefault(path + (key,), key_node.start_mark.line + 1)
            _walk(value_node, path + (key,), lines, count, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, path + (i,), lines, count, source)


# ── building the model ────────────────────────────────────────────────────────────────────
def _field(path: tuple) -> str:
    """('objectives', 0, 'key_results', 1, 'target') → 'objectives[0].key_results[1].target'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class _Builder:
    """Turns located YAML data into an OKRSet, raising LoadError with file:line: field."""

    def __init__(self, doc: _Located, source: str | None, ref: date | None) -> None:
        self.doc = doc
        self.source = source
        self.ref = ref

    def fail(self, path: tuple, problem: str, hint: str | None = None) -> LoadError:
        """A LoadError located at path."""
        return LoadError(problem, file=self.source, line=self.doc.line(path),
                         field=_field(path) or None, hint=hint)

    def check_keys(self, mapping: dict, allowed: dict, path: tuple, what: str) -> None:
        """Refuse unknown keys, suggesting the closest known one."""
        for key in mapping:
            if key not in allowed:
                near = difflib.get_close_matches(str(key), list(allowed), n=1, cutoff=0.6)
                hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(allowed)}"
                raise self.fail(path + (key,), f"unknown key '{key}' in {what}", hint)

    def string(self, value: Any, path: tuple, *, required: bool = False) -> str | None:
        """A non-empty string (numbers are accepted and turned into text)."""
        if value is None:
            if required:
                raise self.fail(path, "is missing or empty", "write the statement as text")
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            raise self.fail(path, f"expected text, got {_kind(value)}",
                            "write a single line of text (quote it if it contains ':')")
        text = str(value).strip()
        if required and not text:
            raise self.fail(path, "is empty", "write the statement as text")
        return text or None

    def number(self, value: Any, path: tuple) -> float | None:
        """A number; '23%', '$1,200' and '3 days' style strings are accepted."""
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(path, f"expected a number, got {value!r}", "write a number such as 23")
        if isinstance(value, (int, float)):
            if value != value or value in (float("inf"), float("-inf")):
                raise self.fail(path, "expected a finite number", "write a number such as 23")
            return float(value)
        if isinstance(value, str):
            m = re.fullmatch(r"\s*[$€£]?\s*(-?[\d,]*\.?\d+)\s*(%|[a-zA-Z ]{0,12})\s*", value)
            if m:
                try:
                    return float(m.group(1).replace(",", ""))
                except ValueError:
                    pass
        raise self.fail(path, f"expected a number, got {_show(value)}", "write a number such as 23")

    def date(self, value: Any, path: tuple) -> date | None:
        """An ISO date (YAML reads 2026-09-30 as a date already)."""
        if value is None:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            try:
                return date.fromisoformat(value.strip())
            except ValueError:
                pass
        raise self.fail(path, f"expected a date like 2026-09-30, got {_show(value)}",
                        "write the date as YYYY-MM-DD")

    def listing(self, value: Any, path: tuple) -> list:
        """A list (a missing value is an empty list)."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, f"expected a list, got {_kind(value)}",
                            "start each item on its own line with '- '")
        return value

    def build_set(self, data: Any) -> OKRSet:
        """The whole document → OKRSet."""
        if isinstance(data, list):
            data = {"objectives": data}
        if not isinstance(data, dict):
            raise self.fail((), f"expected an OKR set, got {_kind(data)}",
                            "start with 'objectives:' followed by a list of objectives")
        self.check_keys(data, SET_FIELDS, (), "the OKR set")
        s = OKRSet(source=self.source)
        s.title = self.string(data.get("title"), ("title",))
        s.owner = self.string(data.get("owner"), ("owner",))
        s.period = self.string(data.get("period"), ("period",))
        s.level = self.string(data.get("level"), ("level",))
        if s.level is not None:
            s.level = s.level.lower()
            if s.level not in LEVELS:
                raise self.fail(("level",), f"unknown level '{s.level}'", f"use one of: {', '.join(LEVELS)}")
        if s.period:
            try:
                s.start, s.end = parse_period(s.period)
            except ValueError as exc:
                raise self.fail(("period",), str(exc), "write it like 2026-Q3, Q3 2026, 2026-H1, 2026-07 or 2026") from None
        s.start = self.date(data.get("start"), ("start",)) or s.start
        s.end = self.date(data.get("end"), ("end",)) or s.end
        if s.start and s.end and s.end < s.start:
            raise self.fail(("end",), f"the period ends ({s.end}) before it starts ({s.start})",
                            "swap start and end")
        s.as_of = self.date(data.get("as_of"), ("as_of",))
        self.ref = s.start or self.ref
        s.objectives = [self.build_objective(o, ("objectives", i))
                        for i, o in enumerate(self.listing(data.get("objectives"), ("objectives",)))]
        s.parent = [self.build_objective(o, ("parent", i))
                    for i, o in enumerate(self.listing(data.get("parent"), ("parent",)))]
        s.kpis = [self.build_kpi(k, ("kpis", i))
                  for i, k in enumerate(self.listing(data.get("kpis"), ("kpis",)))]
        return s

    def build_objective(self, data: Any, path: tuple) -> Objective:
        """One objective mapping (or a bare string) → Objective."""
        if isinstance(data, str):
            data = {"objective": data}
        if not isinstance(data, dict):
            raise self.fail(path, f"expected an objective, got {_kind(data)}",
                            "write 'objective: …' with its 'key_results:' below")
        self.check_keys(data, OBJECTIVE_FIELDS, path, "an objective")
        obj = Objective(objective=self.string(data.get("objective"), path + ("objective",), required=True),
                        line=self.doc.line(path))
        obj.why = self.string(data.get("why"), path + ("why",))
        obj.aligns_to = self.string(data.get("aligns_to"), path + ("aligns_to",))
        kind = self.string(data.get("type"), path + ("type",))
        if kind is not None:
            kind = kind.lower()
            if kind not in OBJECTIVE_TYPES:
                raise self.fail(path + ("type",), f"unknown objective type '{kind}'",
                                f"use one of: {', '.join(OBJECTIVE_TYPES)}")
            obj.type = kind
        krs = self.listing(data.get("key_results"), path + ("key_results",))
        obj.key_results = [self.build_key_result(k, path + ("key_results", i)) for i, k in enumerate(krs)]
        inits = self.listing(data.get("initiatives"), path + ("initiatives",))
        obj.initiatives = [self.build_initiative(x, path + ("initiatives", i)) for i, x in enumerate(inits)]
        return obj

    def build_key_result(self, data: Any, path: tuple) -> KeyResult:
        """A string or a mapping with text and explicit fields → KeyResult."""
        if isinstance(data, (str, int, float)) and not isinstance(data, bool):
            data = {"text": data}
        if not isinstance(data, dict):
            raise self.fail(path, f"expected a key result, got {_kind(data)}",
                            "write the key result as one line of text, or as 'text: …' with fields")
        self.check_keys(data, KEY_RESULT_FIELDS, path, "a key result")
        text = self.string(data.get("text"), path + ("text",), required=True)
        kr = parse_key_result(text, ref=self.ref)
        kr.line = self.doc.line(path)
        explicit = set()
        for key in ("baseline", "target", "current", "confidence", "weight"):
            if key in data:
                value = self.number(data[key], path + (key,))
                if value is not None:
                    setattr(kr, key, value)
                    explicit.add(key)
        for key in ("metric", "unit"):
            if key in data:
                value = self.string(data[key], path + (key,))
                if value is not None:
                    setattr(kr, key, value)
                    explicit.add(key)
        if "direction" in data:
            d = (self.string(data["direction"], path + ("direction",)) or "").lower()
            if d not in DIRECTIONS:
                raise self.fail(path + ("direction",), f"unknown direction '{d}'",
                                f"use one of: {', '.join(DIRECTIONS)}")
            kr.direction = d
            explicit.add("direction")
        if "due" in data:
            kr.due = self.date(data["due"], path + ("due",))
            kr.due_text = str(kr.due) if kr.due else None
            explicit.add("due")
        if {"baseline", "target"} <= explicit and "direction" not in explicit and kr.direction != "keep":
            if kr.target != kr.baseline:
                kr.direction = "increase" if kr.target > kr.baseline else "decrease"
        if kr.confidence is not None and not 0 <= kr.confidence <= 1:
            raise self.fail(path + ("confidence",), f"confidence must be between 0 and 1, got {kr.confidence:g}",
                            "write 0.6 for 60% confident")
        if kr.weight < 0:
            raise self.fail(path + ("weight",), "weight must not be negative", "use 1 for an ordinary key result")
        kr.explicit = frozenset(explicit)
        return kr

    def build_initiative(self, data: Any, path: tuple) -> Initiative:
        """A string or {text: …} → Initiative."""
        if isinstance(data, dict):
            self.check_keys(data, INITIATIVE_FIELDS, path, "an initiative")
            data = data.get("text")
        return Initiative(text=self.string(data, path, required=True), line=self.doc.line(path))

    def build_kpi(self, data: Any, path: tuple) -> KPI:
        """A string or {name, healthy} → KPI."""
        if isinstance(data, str):
            data = {"name": data}
        if not isinstance(data, dict):
            raise self.fail(path, f"expected a KPI, got {_kind(data)}", "write 'name: …' and 'healthy: …'")
        self.check_keys(data, KPI_FIELDS, path, "a KPI")
        return KPI(name=self.string(data.get("name"), path + ("name",), required=True),
                   healthy=self.string(data.get("healthy"), path + ("healthy",)),
                   line=self.doc.line(path))


def _kind(value: Any) -> str:
    """A reader-friendly name for a YAML value's type."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, (int, float)):
        return "a number"
    return f"text {_show(value)}"


def _show(value: Any) -> str:
    """A short quoted rendering of a value for messages."""
    s = str(value)
    return repr(s if len(s) <= 40 else s[:37] + "...")


# ── periods ───────────────────────────────────────────────────────────────────────────────
_QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def parse_period(text: str) -> tuple[date, date]:
    """'2026-Q3' / 'Q3 2026' / '2026-H1' / '2026-07' / '2026' → (first day, last day)."""
    t = text.strip().upper().replace(" ", "-").replace("/", "-")
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])|Q([1-4])-?(\d{4})", t):
        year = int(m.group(1) or m.group(4))
        q = int(m.group(2) or m.group(3))
        month, day = _QUARTER_END[q]
        return date(year, 3 * q - 2, 1), date(year, month, day)
    if m := re.fullmatch(r"(\d{4})-?H([12])|H([12])-?(\d{4})", t):
        year = int(m.group(1) or m.group(4))
        half = int(m.group(2) or m.group(3))
        return (date(year, 1, 1), date(year, 6, 30)) if half == 1 else (date(year, 7, 1), date(year, 12, 31))
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        year, month = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12:
            nxt = date(year + (month == 12), month % 12 + 1, 1)
            return date(year, month, 1), date.fromordinal(nxt.toordinal() - 1)
    if m := re.fullmatch(r"(?:FY-?)?(\d{4})", t):
        year = int(m.group(1))
        return date(year, 1, 1), date(year, 12, 31)
    raise ValueError(f"unknown period '{text}'")


# ── plain-text outlines ───────────────────────────────────────────────────────────────────
_BULLET = re.compile(r"^\s*(?:[-*•▪–]|\d+[.)]\d*[.)]?|KR\s*\d*\s*[:.)-]|key\s*result\s*\d*\s*[:.)-])\s*(.*)$", re.I)
_OBJ_PREFIX = re.compile(r"^\s*(?:#+\s*)?(?:O\s*\d+|objective\s*\d*)\s*[:.)-]\s*", re.I)
_HEADER = re.compile(r"^\s*(title|owner|period|level|team)\s*:\s*(.+)$", re.I)
_INIT_HEADER = re.compile(r"^\s*initiatives?\s*:?\s*$", re.I)


def _parse_outline(text: str, source: str | None, ref: date | None) -> OKRSet:
    """An objective per line with its key results as bullets under it → OKRSet."""
    s = OKRSet(source=source)
    builder = _Builder(_Located(None, {}), source, ref)
    in_initiatives = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        if (m := _HEADER.match(raw)) and not s.objectives:
            key, value = m.group(1).lower(), m.group(2).strip()
            if key == "period":
                try:
                    s.start, s.end = parse_period(value)
                except ValueError:
                    raise LoadError(f"unknown period '{value}'", file=source, line=lineno, field="period",
                                    hint="write it like 2026-Q3, Q3 2026, 2026-H1, 2026-07 or 2026") from None
                s.period = value
                builder.ref = s.start
            elif key == "level":
                s.level = value.lower() if value.lower() in LEVELS else None
            else:
                setattr(s, "owner" if key == "team" else key, value)
            continue
        if _INIT_HEADER.match(raw):
            in_initiatives = True
            continue
        bullet = _BULLET.match(raw)
        if bullet and bullet.group(1).strip():
            body = bullet.group(1).strip()
            if not s.objectives:
                raise LoadError("a key result comes before any objective", file=source, line=lineno,
                                hint="write the objective on its own line above its '-' bullets")
            obj = s.objectives[-1]
            if in_initiatives or re.match(r"(?i)initiative\s*:", body):
                obj.initiatives.append(Initiative(re.sub(r"(?i)^initiative\s*:\s*", "", body), line=lineno))
            else:
                kr = builder.build_key_result(body, (f"line {lineno}",))
                kr.line = lineno
                obj.key_results.append(kr)
            continue
        body = _OBJ_PREFIX.sub("", raw).strip()
        if body:
            in_initiatives = False
            s.objectives.append(Objective(objective=body, line=lineno))
    if not s.objectives:
        raise LoadError("no objectives found", file=source, line=1,
                        hint="write an objective on one line and its key results as '- ' bullets below it")
    return s


_YAML_HINT = re.compile(r"^objectives\s*:|^\s*-\s+objective\s*:", re.M)


def _looks_like_yaml(text: str) -> bool:
    """True when the text uses the YAML format's own keys."""
    return bool(_YAML_HINT.search(text))


# ── public entry points ───────────────────────────────────────────────────────────────────
def loads(text: str, *, source: str | None = None, ref: date | None = None, format: str | None = None) -> OKRSet:
    """An OKRSet from YAML text, a bare list of objectives, or a plain-text outline."""
    if not isinstance(text, str):
        raise LoadError(f"expected text, got {type(text).__name__}", file=source,
                        hint="pass the file's contents as a string, or use okrkit.load(path)")
    if len(text) > MAX_BYTES:
        raise LoadError(f"input is {len(text):,} characters; the limit is {MAX_BYTES:,}", file=source,
                        hint="split the file, or check that this is really an OKR file")
    text = text.lstrip("\ufeff")
    if format is None:
        format = "yaml" if _looks_like_yaml(text) else "auto"
    if format == "outline":
        return _parse_outline(text, source, ref)
    if format == "auto":
        try:
            doc = _read_yaml(text, source)
        except LoadError:
            return _parse_outline(text, source, ref)
        structured = isinstance(doc.data, dict) or (
            isinstance(doc.data, list) and doc.data and all(isinstance(x, dict) for x in doc.data))
        if not structured:
            return _parse_outline(text, source, ref)
    else:
        doc = _read_yaml(text, source)
    if doc.data is None:
        raise LoadError("the file is empty", file=source, line=1,
                        hint="start with 'objectives:' followed by a list of objectives")
    return _Builder(doc, source, ref).build_set(doc.data)


def read_limited(path: str | Path, what: str = "an OKR file") -> bytes:
    """A file's bytes, refusing a missing, unreadable or oversized file with a located error."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise LoadError(f"file is {size:,} bytes; the limit is {MAX_BYTES:,}", file=str(path),
                            hint=f"split the file, or check that this is really {what}")
        return p.read_bytes()
    except OSError as exc:
        raise LoadError(f"cannot read the file: {exc.strerror}", file=str(path),
                        hint="check the path and the file's permissions") from None


def load(path: str | Path) -> OKRSet:
    """An OKRSet from a .yaml/.yml/.json file or a .txt/.md outline."""
    p = Path(path)
    raw = read_limited(p)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise LoadError("the file is not UTF-8 text", file=str(path), line=line,
                        hint="save it as UTF-8 (in most editors: Save As → Encoding → UTF-8)") from None
    suffix = p.suffix.lower()
    fmt = {".yaml": "yaml", ".yml": "yaml", ".json": "yaml", ".txt": "outline", ".md": "outline"}.get(suffix)
    if fmt == "outline" and _looks_like_yaml(text):
        fmt = "yaml"
    return loads(text, source=str(path), format=fmt)


def to_dict(okrs: OKRSet) -> dict:
    """The set as plain data in the file format (key results as text plus explicit fields)."""
    out: dict[str, Any] = {}
    for key in ("title", "owner", "period", "level"):
        if getattr(okrs, key):
            out[key] = getattr(okrs, key)
    if okrs.start and not okrs.period:
        out["start"] = okrs.start.isoformat()
    if okrs.end and not okrs.period:
        out["end"] = okrs.end.isoformat()
    if okrs.as_of:
        out["as_of"] = okrs.as_of.isoformat()
    out["objectives"] = [_objective_dict(o) for o in okrs.objectives]
    if okrs.kpis:
        out["kpis"] = [{"name": k.name, **({"healthy": k.healthy} if k.healthy else {})} for k in okrs.kpis]
    if okrs.parent:
        out["parent"] = [_objective_dict(o) for o in okrs.parent]
    return out


def _objective_dict(o: Objective) -> dict:
    """One objective as plain data."""
    d: dict[str, Any] = {"objective": o.objective}
    if o.why:
        d["why"] = o.why
    if o.aligns_to:
        d["aligns_to"] = o.aligns_to
    if o.type != "aspirational":
        d["type"] = o.type
    d["key_results"] = [_kr_dict(k) for k in o.key_results]
    if o.initiatives:
        d["initiatives"] = [i.text for i in o.initiatives]
    return d


def _kr_dict(kr: KeyResult) -> Any:
    """A key result as its text, or a mapping when it has explicit fields or a check-in."""
    extra = {k: getattr(kr, k) for k in sorted(kr.explicit) if getattr(kr, k) is not None}
    if kr.current is not None:
        extra["current"] = kr.current
    if not extra:
        return kr.text
    if "due" in extra:
        extra["due"] = extra["due"].isoformat()
    return {"text": kr.text, **{k: (int(v) if isinstance(v, float) and v.is_integer() else v)
                                for k, v in extra.items()}}


def dumps(okrs: OKRSet) -> str:
    """The set as YAML text in the okrkit file format."""
    return yaml.safe_dump(to_dict(okrs), sort_keys=False, allow_unicode=True, width=100)
