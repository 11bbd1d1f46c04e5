"""Located YAML data → OKRSet, forgiving about how people write it, with errors that say file:line: field:
problem and how to fix it, and a note for everything accepted by guessing ('read 'krs' as key_results')."""

from __future__ import annotations

import difflib
import re
from datetime import date
from typing import Any

from okrkit.errors import LoadError
from okrkit.model import DIRECTIONS, KPI, Initiative, KeyResult, Note, Objective, OKRSet
from okrkit.read.aliases import (
    confidence_words,
    direction_of,
    field_names,
    ignored_keys,
    level_of,
    normalize_key,
    objective_type,
    says_no_status,
    status_of,
)
from okrkit.read.fields import LEVELS, OBJECTIVE_TYPES
from okrkit.read.keyresult import parse_key_result
from okrkit.read.located import Located
from okrkit.read.periods import read_period
from okrkit.read.values import (
    parse_confidence,
    parse_date,
    parse_quantity,
    strip_kr_label,
    strip_objective_label,
)

_ID_KEY = re.compile(r"(?i)^(?:o|obj|objective|goal|kr|key\s*result)?\s*#?\s*\d+$")
_SET_ONLY = ("title", "period", "level", "as_of", "start", "end", "kpis", "parent")


def _field(path: tuple) -> str:
    """('objectives', 0, 'key_results', 1, 'target') → 'objectives[0].key_results[1].target'."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class Fields(dict):
    """A mapping's values by canonical field name, remembering each value's key as written (for lines)."""

    def __init__(self, path: tuple) -> None:
        super().__init__()
        self.path = path
        self.keys_as_written: dict[str, Any] = {}

    def at(self, name: str) -> tuple:
        """The located path of a field's value (its key as written)."""
        return self.path + (self.keys_as_written.get(name, name),)


class Builder:
    """Turns located YAML data into an OKRSet, raising LoadError with file:line: field, noting what it guessed."""

    def __init__(self, doc: Located, source: str | None, ref: date | None) -> None:
        self.doc = doc
        self.source = source
        self.ref = ref
        self.notes: list[Note] = [Note(m, source, line) for m, line in doc.notes]  # the YAML reader's guesses
        self.single: dict | None = None  # a file that is one objective (its keys at the top level)

    def fail(self, path: tuple, problem: str, hint: str | None = None) -> LoadError:
        """A LoadError located at path."""
        return LoadError(problem, file=self.source, line=self.doc.line(path), field=_field(path) or None, hint=hint)

    def note(self, path: tuple, message: str, line: int | None = None) -> None:
        """Say what was accepted by guessing, located at path."""
        self.notes.append(Note(message, self.source, line or self.doc.line(path), _field(path) or None))

    # keys ---------------------------------------------------------------------------------------
    def fields(self, mapping: dict, context: str, path: tuple) -> Fields:
        """A mapping's keys read through the alias table: canonical names, notes for aliases and ignored keys."""
        names = field_names(context)
        out = Fields(path)
        for key, value in mapping.items():
            norm = normalize_key(key)
            name = names.get(norm)
            if name is None and norm and norm not in ignored_keys():
                near = difflib.get_close_matches(norm, list(names), n=1, cutoff=0.8)
                if near:
                    name = names[near[0]]
                    self.note(path + (key,), f"read '{key}' as {name} (the closest known name; check the spelling)")
            if name is None:
                why = "okrkit has no place for it" if norm in ignored_keys() else "it is not a field okrkit knows"
                known = ", ".join(n for n in dict.fromkeys(names.values()))
                self.note(path + (key,), f"'{key}' was left out: {why} (the fields here are: {known})")
                continue
            if name in out:
                first = out.keys_as_written[name]
                self.note(path + (key,), f"'{key}' also means {name}; '{first}' was used and this one left out")
                continue
            if key != name and normalize_key(key) in names:
                self.note(path + (key,), f"read '{key}' as {name}")
            out[name] = value
            out.keys_as_written[name] = key
        return out

    # values -------------------------------------------------------------------------------------
    def string(self, value: Any, path: tuple, *, required: bool = False, example: str | None = None) -> str | None:
        """A non-empty string (numbers and dates are accepted and turned into text)."""
        if value is None:
            if required:
                raise self.fail(path, "is missing or empty", self._write_text_hint(path))
            return None
        if isinstance(value, bool) or isinstance(value, (dict, list)):
            raise self.fail(path, f"expected text, got {kind_name(value)}", self._not_text_hint(path, example))
        text = " ".join(str(value).split())
        if required and not text:
            raise self.fail(path, "is empty", self._write_text_hint(path))
        return text or None

    def word(
        self, f: Any, key: str, read: Any, hint: Any, *, name: str | None = None, example: str | None = None
    ) -> str | None:
        """A field from a fixed vocabulary (level, type) read as people write it; a guess is noted, an unknown
        word refused with hint(raw) as the fix."""
        raw = self.string(f.get(key), f.at(key), example=example)
        if raw is None:
            return None
        value = read(raw)
        if value is None:
            raise self.fail(f.at(key), f"unknown {name or key} '{raw}'", hint(raw))
        if value != raw:
            self.note(f.at(key), f"read {key} '{raw}' as {value}")
        return value

    def _write_text_hint(self, path: tuple) -> str:
        """'write the statement after 'objective:' on line 3' when the key's line is known."""
        line, key = self.doc.lines.get(path), path[-1] if path and isinstance(path[-1], str) else None
        if line and key and not key.startswith("line "):
            return f"write the statement after '{key}:' on line {line}"
        return "write the statement as text"

    def _written(self, path: tuple) -> str:
        """A value as written on its line, after 'key:' (or after '- ' for a list item), without a comment."""
        line = self.doc.source_line(self.doc.lines.get(path))
        item = bool(path) and isinstance(path[-1], int)
        m = re.match(r"\s*-\s+(.*)$", line) if item else re.match(r"[^:]*?:\s*(.*)$", line)
        return re.sub(r"\s+#.*$", "", m.group(1)).strip() if m else ""

    def _block_end(self, line: int) -> int:
        """The last line of the block under the key on line (its more-indented lines)."""
        rows = self.doc.text.splitlines()
        head = re.match(r"( *)(- +)?", rows[line - 1])
        column, last = len(head.group(1)) + len(head.group(2) or ""), line
        for i in range(line, len(rows)):
            if rows[i].strip() and len(rows[i]) - len(rows[i].lstrip(" ")) <= column:
                break
            last = i + 1 if rows[i].strip() else last
        return last

    def _not_text_hint(self, path: tuple, example: str | None = None) -> str:
        """A literal fix for a list, mapping or true/false where text belongs: quote it, or write the text."""
        line, written = self.doc.lines.get(path), self._written(path)
        if line and written and written[0] not in "|>&*!":
            if example:
                return f"replace '{written}' with '{example}'"
            if isinstance(path[-1], int) or '"' in written:
                return f"replace '{written}' with '\"{written}\"'" if '"' not in written else "write it as text"
            return f"put the text after the first ': ' on line {line} in double quotes"
        if line and isinstance(path[-1], str) and self.doc.text:
            return (
                f"replace lines {line}–{self._block_end(line)} with the single line '{path[-1]}: {example or '…'}' "
                "(your text after the colon)"
            )
        return "write a single line of text (quote it if it contains ':')"

    def quantity(self, value: Any, path: tuple, name: str):
        """A number as written ('45 seconds by 2026-09-30', '70%', '1.2k'); a located error names a literal fix."""
        if value is None:
            return None
        if isinstance(value, bool):
            raise self.fail(path, f"expected a number, got {value!r}", f"replace '{str(value).lower()}' with '23'")
        if isinstance(value, (int, float)):
            if value != value or value in (float("inf"), float("-inf")):
                raise self.fail(path, "expected a finite number", f"replace '{value}' with '23'")
            return parse_quantity(str(value))
        q = parse_quantity(str(value)) if isinstance(value, str) else None
        if q is None:
            shown = " ".join(str(value).split()) if isinstance(value, str) else self._written(path) or None
            hint = f"replace '{shown}' with '23', your {name} as a number" if shown else f"write the {name} as a number"
            raise self.fail(path, f"expected a number, got {show_value(value)}", hint)
        return q

    def due(self, value: Any, path: tuple) -> tuple[date | None, str | None]:
        """A due date as written: 2026-09-30, 30/09/2026, 'Q3 2026', 'end of Q3' → (date, the phrase)."""
        if value is None:
            return None, None
        if isinstance(value, date):
            return value, value.isoformat()
        text = self.string(value, path, example="2026-09-30") or ""
        found = parse_date(text, None)
        if found is not None:
            if found.isoformat() != text:
                self.note(path, f"read '{text}' as {found.isoformat()}")
            return found, found.isoformat()
        kr = parse_key_result(f"Finish by {text}", ref=self.ref)
        if kr.due is not None or kr.due_text:
            if kr.due is None:
                self.note(path, f"'{text}' has no year, so no day is placed on it; write a date like 2026-09-30")
            else:
                self.note(path, f"read '{text}' as {kr.due.isoformat()}")
            return kr.due, kr.due_text.removeprefix("by ") if kr.due_text else text
        raise self.fail(
            path, f"expected a date like 2026-09-30, got {show_value(text)}", f"replace '{text}' with '2026-09-30'"
        )

    def date(self, value: Any, path: tuple) -> date | None:
        """A calendar date (ISO, or 30/09/2026 and friends with a note)."""
        if value is None:
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            found = parse_date(value, None)
            if found is not None:
                if found.isoformat() != value.strip():
                    self.note(path, f"read '{value.strip()}' as {found.isoformat()}")
                return found
        shown = " ".join(str(value).split())
        raise self.fail(
            path, f"expected a date like 2026-09-30, got {show_value(value)}", f"replace '{shown}' with '2026-09-30'"
        )

    def listing(self, value: Any, path: tuple, what: str) -> list[tuple[Any, Any]]:
        """(path key, item) for a list, a mapping of items ('O1: …'), or lines of text; nothing → []."""
        if value is None:
            return []
        if isinstance(value, list):
            return list(enumerate(value))
        if isinstance(value, dict):
            self.note(path, f"read the mapping as a list of {what}, one per key")
            return [(k, _keyed_item(k, v, what)) for k, v in value.items()]
        if isinstance(value, str):
            lines = [ln.strip() for ln in value.splitlines() if ln.strip()]
            many = f"{len(lines)} {what}" if len(lines) != 1 else f"one {what.removesuffix('s')}"
            self.note(path, f"read the text as a list of {many}, one per line (write each as '- …')")
            return [(i, ln) for i, ln in enumerate(lines)]
        written = self._written(path)
        hint = (
            f"replace '{written}' with '[…]', a list of one item (or write each item on its own line below, "
            "starting with '- ')"
            if written
            else "start each item on its own line with '- '"
        )
        raise self.fail(path, f"expected a list, got {kind_name(value)}", hint)

    # the set ------------------------------------------------------------------------------------
    def build_set(self, data: Any) -> OKRSet:
        """The whole document → OKRSet (notes in OKRSet.notes)."""
        if isinstance(data, list):
            data = {"objectives": data}
        if not isinstance(data, dict):
            raise self.fail(
                (),
                f"expected an OKR set, got {kind_name(data)}",
                "start with 'objectives:' followed by a list of objectives",
            )
        data = self._single_objective(data)
        f = self.fields(data, "set", ())
        s = OKRSet(source=self.source, notes=self.notes)
        s.title = self.string(f.get("title"), f.at("title"))
        s.owner = self.string(f.get("owner"), f.at("owner"))
        s.period = self.string(f.get("period"), f.at("period"), example="2026-Q3")
        s.level = (
            self.word(
                f,
                "level",
                level_of,
                lambda raw: f"replace '{raw}' with 'team'; the others are '{LEVELS[0]}' and '{LEVELS[2]}'",
                example="team",
            )
            or s.level
        )
        if s.period:
            try:
                s.start, s.end, said = read_period(s.period, self.ref)
            except ValueError as exc:
                raise self.fail(
                    f.at("period"),
                    str(exc),
                    f"replace '{s.period}' with '2026-Q3', or your own period written that way",
                ) from None
            if said:
                self.note(f.at("period"), said)
        s.start = self.date(f.get("start"), f.at("start")) or s.start
        s.end = self.date(f.get("end"), f.at("end")) or s.end
        if s.start and s.end and s.end < s.start:
            start, end = self._written(f.at("start")), self._written(f.at("end"))
            hint = (
                f"replace '{end}' with '{start}' on line {self.doc.line(f.at('end'))}; "
                f"replace '{start}' with '{end}' on line {self.doc.line(f.at('start'))}"
                if start and end and "start" in f and "end" in f
                else "swap start and end"
            )
            raise self.fail(f.at("end"), f"the period ends ({s.end}) before it starts ({s.start})", hint)
        s.as_of = self.date(f.get("as_of"), f.at("as_of"))
        self.ref = s.start or s.as_of or self.ref
        s.objectives = [
            self.build_objective(o, f.at("objectives") + (k,))
            for k, o in self.listing(f.get("objectives"), f.at("objectives"), "objectives")
        ]
        if self.single is not None:  # the file is one objective: its keys sit at the top, and so do their lines
            s.objectives = [self.build_objective(self.single, ())]
        s.parent = [
            self.build_objective(o, f.at("parent") + (k,))
            for k, o in self.listing(f.get("parent"), f.at("parent"), "objectives")
        ]
        s.kpis = [self.build_kpi(x, f.at("kpis") + (k,)) for k, x in self.listing(f.get("kpis"), f.at("kpis"), "KPIs")]
        s.initiatives = [
            self.build_initiative(x, f.at("initiatives") + (k,))
            for k, x in self.listing(f.get("initiatives"), f.at("initiatives"), "initiatives")
        ]
        left = [k for k, v in data.items() if isinstance(v, (list, dict)) and k not in f.keys_as_written.values()]
        if not s.objectives and "objectives" not in f and left:
            raise self.fail((left[0],), "no objectives found", f"replace '{left[0]}:' with 'objectives:'")
        return s

    def _single_objective(self, data: dict) -> dict:
        """{objective: …, key_results: …} at the top level → a set with that one objective (said in a note)."""
        set_names, obj_names = field_names("set"), field_names("objective")
        keys = {k: normalize_key(k) for k in data}
        if any(set_names.get(n) == "objectives" for n in keys.values()):
            return data
        if not any(obj_names.get(n) in ("objective", "key_results") for n in keys.values()):
            return data
        top = {k: v for k, v in data.items() if set_names.get(keys[k]) in _SET_ONLY}
        objective = {k: v for k, v in data.items() if k not in top}
        self.note((), "read the file as one objective (a set usually lists them under 'objectives:')", line=1)
        self.single = objective
        return top

    # objectives and key results -----------------------------------------------------------------
    def build_objective(self, data: Any, path: tuple) -> Objective:
        """One objective mapping (or a bare string) → Objective."""
        if isinstance(data, str):
            data = {"objective": data}
        if not isinstance(data, dict):
            written = self._written(path)
            text = written if written[:1] not in "[{" else f'"{written}"'
            hint = (
                f"replace '{written}' with 'objective: {text}'"
                if written and '"' not in written
                else "write 'objective: …' with its 'key_results:' below"
            )
            raise self.fail(path, f"expected an objective, got {kind_name(data)}", hint)
        f = self.fields(data, "objective", path)
        text = self.string(f.get("objective"), f.at("objective"), required=True)
        obj = Objective(objective=strip_objective_label(text), line=self.doc.line(path))
        obj.why = self.string(f.get("why"), f.at("why"))
        obj.aligns_to = self.string(f.get("aligns_to"), f.at("aligns_to"))
        obj.owner = self.string(f.get("owner"), f.at("owner"))
        obj.type = (
            self.word(
                f,
                "type",
                objective_type,
                lambda raw: (
                    f"replace '{raw}' with 'aspirational', or with '{OBJECTIVE_TYPES[1]}' if it must be met in full"
                ),
                name="objective type",
                example="aspirational",
            )
            or obj.type
        )
        krs = self.listing(f.get("key_results"), f.at("key_results"), "key results")
        obj.key_results = [self.build_key_result(k, f.at("key_results") + (i,)) for i, k in krs]
        inits = self.listing(f.get("initiatives"), f.at("initiatives"), "initiatives")
        obj.initiatives = [self.build_initiative(x, f.at("initiatives") + (i,)) for i, x in inits]
        return obj

    def build_key_result(self, data: Any, path: tuple) -> KeyResult:
        """A string or a mapping with text and explicit fields → KeyResult."""
        if isinstance(data, (str, int, float)) and not isinstance(data, bool):
            data = {"text": data}
        if not isinstance(data, dict):
            raise self.fail(
                path,
                f"expected a key result, got {kind_name(data)}",
                self._not_text_hint(path)
                if self._written(path)
                else "write the key result as one line of text, or as 'text: …' with fields",
            )
        f = self.fields(data, "key_result", path)
        text = strip_kr_label(self.string(f.get("text"), f.at("text"), required=True))
        kr = parse_key_result(text, ref=self.ref)
        kr.line = self.doc.line(path)
        explicit = set()
        due_after_value = None
        for key in ("baseline", "target", "current", "weight"):
            q = self.quantity(f.get(key), f.at(key), key)
            if q is None:
                continue
            setattr(kr, key, q.number)
            explicit.add(key)
            raw = f.get(key)
            if isinstance(raw, str) and raw.strip() != f"{q.number:g}":
                unit = f" with unit {q.unit}" if q.unit and key != "weight" else ""
                self.note(f.at(key), f"read '{raw.strip()}' as {q.number:g}{unit}")
            if q.unit and key != "weight" and "unit" not in f:
                if kr.unit is None or kr.unit != q.unit and key in ("baseline", "target"):
                    kr.unit = q.unit
            if q.due and key == "target":
                due_after_value = (q.due, f.at(key))
        if "confidence" in f and f["confidence"] is not None:
            raw = f["confidence"]
            read = parse_confidence(str(raw), confidence_words()) if not isinstance(raw, bool) else None
            if read is None or not 0 <= read[0] <= 1:
                raise self.fail(
                    f.at("confidence"),
                    f"confidence must be between 0 and 1 (or 0–100%), got {show_value(raw)}",
                    f"replace '{raw}' with '0.6' for 60% confident",
                )
            kr.confidence = round(read[0], 6)
            if read[1]:
                self.note(f.at("confidence"), f"confidence {read[1]}")
            explicit.add("confidence")
        for key in ("metric", "unit", "owner"):
            value = self.string(f.get(key), f.at(key))
            if value is not None:
                setattr(kr, key, value)
                if key != "owner":
                    explicit.add(key)
        if "direction" in f:
            raw = self.string(f["direction"], f.at("direction"), example="increase") or ""
            d = direction_of(raw)
            if d is None:
                raise self.fail(
                    f.at("direction"),
                    f"unknown direction '{raw}'",
                    f"replace '{raw}' with 'increase'; the others are {', '.join(DIRECTIONS[1:])}",
                )
            if d != raw:
                self.note(f.at("direction"), f"read direction '{raw}' as {d}")
            kr.direction = d
            explicit.add("direction")
        if "status" in f and f["status"] is not None:
            raw = self.string(f["status"], f.at("status"), example="on track") or ""
            kr.status = status_of(raw)
            if kr.status is None:
                said = (
                    "is a stage, not whether the key result is on track; left out"
                    if says_no_status(raw)
                    else "is not one okrkit knows (on track, at risk, off track, done); left out"
                )
                self.note(f.at("status"), f"status '{raw}' {said}")
            elif kr.status != raw:
                self.note(f.at("status"), f"read status '{raw}' as {kr.status}")
        if "due" in f or due_after_value:
            where = f.at("due") if "due" in f else due_after_value[1]
            kr.due, kr.due_text = self.due(f.get("due") or due_after_value[0], where)
            if "due" not in f:
                self.note(where, f"read 'by {due_after_value[0]}' after the target as the due date")
            explicit.add("due")
        if {"baseline", "target"} <= explicit and "direction" not in explicit and kr.direction != "keep":
            if kr.target != kr.baseline:
                kr.direction = "increase" if kr.target > kr.baseline else "decrease"
        if kr.weight < 0:
            raise self.fail(f.at("weight"), "weight must not be negative", f"replace '{f['weight']}' with '1'")
        kr.explicit = frozenset(explicit)
        return kr

    def build_initiative(self, data: Any, path: tuple) -> Initiative:
        """A string or {text: …} → Initiative."""
        if isinstance(data, dict):
            f = self.fields(data, "initiative", path)
            return Initiative(text=self.string(f.get("text"), f.at("text"), required=True), line=self.doc.line(path))
        return Initiative(text=self.string(data, path, required=True), line=self.doc.line(path))

    def build_kpi(self, data: Any, path: tuple) -> KPI:
        """A string or {name, healthy} → KPI."""
        if isinstance(data, str):
            data = {"name": data}
        if not isinstance(data, dict):
            raise self.fail(path, f"expected a KPI, got {kind_name(data)}", "write 'name: …' and 'healthy: …'")
        f = self.fields(data, "kpi", path)
        return KPI(
            name=self.string(f.get("name"), f.at("name"), required=True),
            healthy=self.string(f.get("healthy"), f.at("healthy")),
            line=self.doc.line(path),
        )


def _keyed_item(key: Any, value: Any, what: str) -> Any:
    """An item of a mapping used as a list: 'O1: {…}', 'O1: text', 'Delight users: [krs]'."""
    if what == "KPIs":
        return {"name": key, "healthy": value} if isinstance(value, (str, int, float)) else value
    if _ID_KEY.match(str(key)) or value is None:
        return value if value is not None else str(key)
    text_key = "objective" if what == "objectives" else "text"
    if isinstance(value, dict):
        names = field_names("objective" if what == "objectives" else "key_result")
        if not any(names.get(normalize_key(k)) == text_key for k in value):
            return {text_key: str(key), **value}
        return value
    if what == "objectives" and isinstance(value, (list, str)):
        return {"objective": str(key), "key_results": value}
    return value


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
