"""Located YAML data → OKRSet, with errors that say file:line: field: problem and how to fix it."""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any

from okrkit.errors import LoadError
from okrkit.model import DIRECTIONS, KPI, Initiative, KeyResult, Objective, OKRSet
from okrkit.read.fields import (
    INITIATIVE_FIELDS,
    KEY_RESULT_FIELDS,
    KPI_FIELDS,
    LEVELS,
    OBJECTIVE_FIELDS,
    OBJECTIVE_TYPES,
    SET_FIELDS,
)
from okrkit.read.keyresult import parse_key_result
from okrkit.read.located import Located
from okrkit.read.periods import parse_period
from okrkit.read.values import parse_number


def _field(path: tuple) -> str:
    """('objectives', 0, 'key_results', 1, 'target') → 'objectives[0].key_results[1].target'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Builder:
    """Turns located YAML data into an OKRSet, raising LoadError with file:line: field."""

    def __init__(self, doc: Located, source: str | None, ref: date | None) -> None:
        self.doc = doc
        self.source = source
        self.ref = ref

    def fail(self, path: tuple, problem: str, hint: str | None = None) -> LoadError:
        """A LoadError located at path."""
        return LoadError(problem, file=self.source, line=self.doc.line(path), field=_field(path) or None, hint=hint)

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
            raise self.fail(
                path,
                f"expected text, got {kind_name(value)}",
                "write a single line of text (quote it if it contains ':')",
            )
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
            parsed = parse_number(value)
            if parsed is not None:
                return parsed[0]
        raise self.fail(path, f"expected a number, got {show_value(value)}", "write a number such as 23")

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
        raise self.fail(
            path, f"expected a date like 2026-09-30, got {show_value(value)}", "write the date as YYYY-MM-DD"
        )

    def listing(self, value: Any, path: tuple) -> list:
        """A list (a missing value is an empty list)."""
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(
                path, f"expected a list, got {kind_name(value)}", "start each item on its own line with '- '"
            )
        return value

    def build_set(self, data: Any) -> OKRSet:
        """The whole document → OKRSet."""
        if isinstance(data, list):
            data = {"objectives": data}
        if not isinstance(data, dict):
            raise self.fail(
                (),
                f"expected an OKR set, got {kind_name(data)}",
                "start with 'objectives:' followed by a list of objectives",
            )
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
                raise self.fail(
                    ("period",), str(exc), "write it like 2026-Q3, Q3 2026, 2026-H1, 2026-07 or 2026"
                ) from None
        s.start = self.date(data.get("start"), ("start",)) or s.start
        s.end = self.date(data.get("end"), ("end",)) or s.end
        if s.start and s.end and s.end < s.start:
            raise self.fail(("end",), f"the period ends ({s.end}) before it starts ({s.start})", "swap start and end")
        s.as_of = self.date(data.get("as_of"), ("as_of",))
        self.ref = s.start or s.as_of or self.ref
        s.objectives = [
            self.build_objective(o, ("objectives", i))
            for i, o in enumerate(self.listing(data.get("objectives"), ("objectives",)))
        ]
        s.parent = [
            self.build_objective(o, ("parent", i)) for i, o in enumerate(self.listing(data.get("parent"), ("parent",)))
        ]
        s.kpis = [self.build_kpi(k, ("kpis", i)) for i, k in enumerate(self.listing(data.get("kpis"), ("kpis",)))]
        return s

    def build_objective(self, data: Any, path: tuple) -> Objective:
        """One objective mapping (or a bare string) → Objective."""
        if isinstance(data, str):
            data = {"objective": data}
        if not isinstance(data, dict):
            raise self.fail(
                path,
                f"expected an objective, got {kind_name(data)}",
                "write 'objective: …' with its 'key_results:' below",
            )
        self.check_keys(data, OBJECTIVE_FIELDS, path, "an objective")
        obj = Objective(
            objective=self.string(data.get("objective"), path + ("objective",), required=True), line=self.doc.line(path)
        )
        obj.owner = self.string(data.get("owner"), path + ("owner",))
        obj.why = self.string(data.get("why"), path + ("why",))
        obj.aligns_to = self.string(data.get("aligns_to"), path + ("aligns_to",))
        kind = self.string(data.get("type"), path + ("type",))
        if kind is not None:
            kind = kind.lower()
            if kind not in OBJECTIVE_TYPES:
                raise self.fail(
                    path + ("type",), f"unknown objective type '{kind}'", f"use one of: {', '.join(OBJECTIVE_TYPES)}"
                )
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
            raise self.fail(
                path,
                f"expected a key result, got {kind_name(data)}",
                "write the key result as one line of text, or as 'text: …' with fields",
            )
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
        for key in ("metric", "unit", "owner"):
            if key in data:
                value = self.string(data[key], path + (key,))
                if value is not None:
                    setattr(kr, key, value)
                    explicit.add(key)
        if "direction" in data:
            d = (self.string(data["direction"], path + ("direction",)) or "").lower()
            if d not in DIRECTIONS:
                raise self.fail(
                    path + ("direction",), f"unknown direction '{d}'", f"use one of: {', '.join(DIRECTIONS)}"
                )
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
            raise self.fail(
                path + ("confidence",),
                f"confidence must be between 0 and 1, got {kr.confidence:g}",
                "write 0.6 for 60% confident",
            )
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
            raise self.fail(path, f"expected a KPI, got {kind_name(data)}", "write 'name: …' and 'healthy: …'")
        self.check_keys(data, KPI_FIELDS, path, "a KPI")
        return KPI(
            name=self.string(data.get("name"), path + ("name",), required=True),
            healthy=self.string(data.get("healthy"), path + ("healthy",)),
            line=self.doc.line(path),
        )


def kind_name(value: Any) -> str:
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
    return f"text {show_value(value)}"


def show_value(value: Any) -> str:
    """A short quoted rendering of a value for messages."""
    s = str(value)
    return repr(s if len(s) <= 40 else s[:37] + "...")
