"""Teams' OKR drafts from wherever they keep them: a CSV export, a folder of YAML files, or pasted text.

Every reader returns an :class:`ImportResult`: the drafts (one per team, iterable as ``(team, OKRSet)``
pairs) and the warnings a coach should see (unknown columns, guessed encodings, skipped lines).
Unreadable input raises :class:`okrkit.LoadError` naming the file, the line and the column.
"""
from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path

import yaml

from .errors import LoadError
from .io import load, loads, parse_period, read_limited
from .model import Initiative, KeyResult, Objective, OKRSet

DELIMITERS = (",", ";", "\t", "|")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
TEXT_SUFFIXES = (".yaml", ".yml", ".json", ".txt", ".md")
CSV_SUFFIXES = (".csv", ".tsv")


# ── results ───────────────────────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class ImportNote:
    """A warning about the input, located where possible: file, line, column."""

    message: str
    file: str | None = None
    line: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file or "<text>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


@dataclass
class Draft:
    """One team's drafted OKR set plus what the set format has no place for (owners, raw progress)."""

    team: str
    okrs: OKRSet
    source: str | None = None
    owners: dict[tuple[int, int], str] = field(default_factory=dict)      # (objective, kr or -1) → owner
    progress: dict[tuple[int, int], float] = field(default_factory=dict)  # (objective, kr) → 0–1 check-in


@dataclass
class ImportResult:
    """The drafts read from one input, the warnings about it, and files that could not be read."""

    drafts: list[Draft] = field(default_factory=list)
    warnings: list[ImportNote] = field(default_factory=list)
    errors: list[LoadError] = field(default_factory=list)
    source: str | None = None

    @property
    def sets(self) -> list[tuple[str, OKRSet]]:
        """(team, OKRSet) for every draft, in input order."""
        return [(d.team, d.okrs) for d in self.drafts]

    def __iter__(self) -> Iterator[tuple[str, OKRSet]]:
        return iter(self.sets)

    def __len__(self) -> int:
        return len(self.drafts)

    def extend(self, other: ImportResult) -> None:
        """Add another result's drafts, warnings and errors to this one."""
        self.drafts.extend(other.drafts)
        self.warnings.extend(other.warnings)
        self.errors.extend(other.errors)


# ── the column table (okrkit/csv_columns.yaml) ────────────────────────────────────────────
def _norm(name: str) -> str:
    """'Key_Result (KR):' → 'key result': lower case, separators to spaces, trailing notes dropped."""
    text = str(name).replace("\ufeff", "").strip().strip('"').lower()
    text = re.sub(r"\s*\([^)]*\)\s*$", "", text) if not text.startswith("(") else text
    text = re.sub(r"[_\-./]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip().rstrip(":*").strip()
    return text


@dataclass(frozen=True)
class _Columns:
    aliases: dict[str, str]            # normalized header → field
    kinds: dict[str, str]              # normalized kind value → objective | key_result | initiative
    objective_types: dict[str, str]    # normalized value → aspirational | committed
    ignored: frozenset[str]


@lru_cache(maxsize=1)
def column_table() -> _Columns:
    """The alias table from csv_columns.yaml."""
    path = Path(__file__).with_name("csv_columns.yaml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}
    for name, names in data["fields"].items():
        for alias in [name.replace("_", " "), *names]:
            aliases.setdefault(_norm(alias), name)
    kinds = {_norm(v): k for k, values in data["kinds"].items() for v in values}
    types = {_norm(v): k for k, values in data["objective_types"].items() for v in values}
    return _Columns(aliases, kinds, types, frozenset(_norm(x) for x in data.get("ignored", ())))


def known_columns() -> dict[str, list[str]]:
    """Each field the CSV reader fills, with the header names it accepts (for docs and hints)."""
    out: dict[str, list[str]] = {}
    for alias, name in column_table().aliases.items():
        out.setdefault(name, []).append(alias)
    return out


# ── decoding ──────────────────────────────────────────────────────────────────────────────
def decode(raw: bytes, source: str | None = None) -> tuple[str, ImportNote | None]:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 with a note."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16"), None
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
    try:
        text = raw.decode("cp1252")
        name = "Windows-1252 (cp1252)"
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
        name = "Latin-1"
    note = ImportNote(f"not UTF-8 (first odd byte on line {line}); read as {name}. If accents look wrong, "
                      "export the file again as 'CSV UTF-8'", file=source)
    return text, note


def _read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing missing or oversized files with a located error."""
    return read_limited(path, "an OKR export")


# ── CSV ───────────────────────────────────────────────────────────────────────────────────
@dataclass
class _Record:
    line: int                          # line where the record starts (1-based)
    cells: list[str]


def _records(text: str, delimiter: str) -> list[_Record]:
    """CSV records with the line each starts on; blank lines are dropped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, end = [], 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(c.strip() for c in cells):
                out.append(_Record(start, cells))
    except csv.Error as exc:
        raise LoadError(f"the CSV cannot be read: {exc}", line=reader.line_num,
                        hint="open it in a spreadsheet and export it again as CSV") from None
    return out


def _header_score(cells: list[str]) -> int:
    """How many cells of a row are column names the reader knows."""
    table = column_table()
    return sum(1 for c in cells if _norm(c) in table.aliases)


def _sniff(text: str) -> tuple[str, list[_Record], int]:
    """(delimiter, records, index of the header record): the delimiter whose header names most known columns."""
    sample = "\n".join(text.splitlines()[:40])
    best: tuple[int, int, int, str] | None = None
    for rank, d in enumerate(DELIMITERS):
        recs = _records(sample, d)[:10]
        if not recs:
            continue
        scores = [_header_score(r.cells) for r in recs]
        top = max(scores)
        width = len(recs[scores.index(top)].cells)
        key = (top, width, -rank)
        if best is None or key > best[:3]:
            best = (top, width, -rank, d)
    delimiter = best[3] if best else ","
    records = _records(text, delimiter)
    head = [_header_score(r.cells) for r in records[:10]]
    index = head.index(max(head)) if head and max(head) > 0 else 0
    return delimiter, records, index


_THOUSANDS = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
_NUMBER = re.compile(r"[$€£¥]?\s*(-?(?:\d+(?:\.\d*)?|\.\d+))\s*(%|[^\d\s%][^\d]{0,15})?")


def _number(text: str) -> tuple[float, bool] | None:
    """'45%' → (45.0, True); '1,200' → (1200.0, False); '0,45' → (0.45, False); None if not a number."""
    t = text.strip().replace("\u00a0", " ").replace("\u2212", "-")
    if not t:
        return None
    body = t.rstrip("% ").strip()
    m = re.match(r"[$€£¥]?\s*(-?[\d.,]+)", body)
    if m:
        raw = m.group(1)
        if _THOUSANDS.fullmatch(raw):
            raw = raw.replace(",", "")
        elif _DECIMAL_COMMA.fullmatch(raw):
            raw = raw.replace(",", ".")
        t = t.replace(m.group(1), raw, 1)
    m = _NUMBER.fullmatch(t)
    if not m:
        return None
    try:
        return float(m.group(1)), (m.group(2) or "").strip() == "%"
    except ValueError:
        return None


_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d %b %Y", "%d %B %Y", "%b %d %Y", "%B %d %Y", "%b %d, %Y",
                 "%B %d, %Y", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M")


def _date(text: str, day_first: bool | None) -> date | None:
    """A date from ISO, '30/09/2026', '09/30/2026', '30.09.2026' or 'Sep 30, 2026'; None if unreadable."""
    t = text.strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(t, fmt).date()
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})", t)
    if not m:
        return None
    a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
    y = y + 2000 if y < 100 else y
    if a > 12 or (day_first and b <= 12) or "." in t:
        a, b = b, a                      # day first: 30/09/2026, 30.09.2026
    try:
        return date(y, a, b)
    except ValueError:
        return None


def _day_first(values: list[str], delimiter: str) -> bool:
    """Whether d/m/y dates are meant: decided by any unambiguous value, else by the delimiter's region."""
    for v in values:
        m = re.fullmatch(r"\s*(\d{1,2})[/](\d{1,2})[/]\d{2,4}\s*", v)
        if m and int(m.group(1)) > 12:
            return True
        if m and int(m.group(2)) > 12:
            return False
    return delimiter == ";"


def _clean(text: str) -> str:
    """A cell's text on one line (quoted newlines become spaces)."""
    return " ".join(text.split())


class _CsvReader:
    """Turns CSV records into drafts; every error names file, line and column."""

    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.source = source
        self.notes: list[ImportNote] = []

    def note(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.notes.append(ImportNote(message, self.source, line, column))

    def fail(self, problem: str, line: int | None = None, column: str | None = None,
             hint: str | None = None) -> LoadError:
        return LoadError(problem, file=self.source, line=line, field=column, hint=hint)

    # header ---------------------------------------------------------------------------------
    def map_columns(self, header: _Record) -> dict[str, int]:
        """field → column index, noting every header that is unknown, ignored or repeated."""
        table = column_table()
        fields: dict[str, int] = {}
        ignored, unknown = [], []
        for i, raw in enumerate(header.cells):
            name = _norm(raw)
            label = raw.strip() or f"column {i + 1}"
            if not name:
                unknown.append((i, label))
                continue
            target = table.aliases.get(name)
            if target is None and name in table.ignored:
                ignored.append(raw.strip())
                continue
            if target is None:
                near = difflib.get_close_matches(name, list(table.aliases), n=1, cutoff=0.85)
                if near:
                    target = table.aliases[near[0]]
                    self.note(f"column '{raw.strip()}' read as {target.replace('_', ' ')} "
                              f"(closest known name '{near[0]}'); rename it if that is wrong",
                              header.line, raw.strip())
                else:
                    unknown.append((i, label))
                    continue
            if target in fields:
                first = header.cells[fields[target]].strip()
                self.note(f"column '{raw.strip()}' also means {target.replace('_', ' ')}; "
                          f"the first such column, '{first}', is used and this one is ignored",
                          header.line, raw.strip())
                continue
            fields[target] = i
        for i, label in unknown:
            self.note(f"column '{label}' is not a column okrkit knows, so its values were not imported; "
                      f"rename it to one of: {', '.join(_FIELD_EXAMPLES)} if it holds one of those",
                      header.line, label)
        if ignored:
            self.note(f"not used by okrkit: {', '.join(ignored)}", header.line)
        return fields

    def check_required(self, fields: dict[str, int], header: _Record) -> None:
        """Refuse a header that has no objective or no key result column."""
        found = ", ".join(repr(c.strip()) for c in header.cells if c.strip()) or "none"
        has_text = "key_result" in fields or "title" in fields
        if "objective" not in fields and not ("kind" in fields and "title" in fields):
            raise self.fail("no objective column", header.line,
                            hint=f"name one column 'Objective' (or 'Goal'); the header row has: {found}")
        if not has_text:
            raise self.fail("no key result column", header.line,
                            hint=f"name one column 'Key Result' (or 'KR'); the header row has: {found}")

    # rows -----------------------------------------------------------------------------------
    def read(self) -> list[Draft]:
        """Every team's draft from the CSV text."""
        delimiter, records, index = _sniff(self.text)
        if not records:
            raise self.fail("the file is empty", 1, hint="export the OKRs with a header row and one row per key result")
        header = records[index]
        if _header_score(header.cells) == 0:
            raise self.fail("no header row with known column names", header.line,
                            hint="the first row should name the columns, e.g. Team, Objective, Key Result, Owner, Progress")
        if index:
            self.note(f"lines {records[0].line}–{header.line - 1} come before the header row and were skipped",
                      records[0].line)
        if delimiter != ",":
            self.note(f"columns are separated by {_DELIMITER_NAMES[delimiter]}s", header.line)
        self.delimiter = delimiter
        fields = self.map_columns(header)
        self.check_required(fields, header)
        self.fields = fields
        self.header = header
        rows = records[index + 1:]
        self._check_unclosed_quote(rows)
        self._check_widths(rows, len(header.cells))
        return _Assembler(self, rows).run()

    def _check_unclosed_quote(self, rows: list[_Record]) -> None:
        """A quoted cell that runs to the end of the file is a missing closing quote."""
        if not rows:
            return
        last = rows[-1]
        raw = "\n".join(self.text.splitlines()[last.line - 1:])
        if raw.count('"') % 2 == 1 and any("\n" in c for c in last.cells):
            raise self.fail("a quoted cell starts on this line and never closes", last.line,
                            hint='add the closing quote (") or remove the opening one')

    def _check_widths(self, rows: list[_Record], width: int) -> None:
        """Note rows with more cells than the header (their extra cells are dropped)."""
        for r in rows:
            extra = [c for c in r.cells[width:] if c.strip()]
            if extra:
                self.note(f"this row has {len(r.cells)} cells but the header has {width}; the extra "
                          f"{'cell was' if len(extra) == 1 else 'cells were'} ignored ({', '.join(map(repr, extra[:3]))}). "
                          f"If a text contains '{self.delimiter if self.delimiter != chr(9) else 'tab'}', "
                          "put it in double quotes", r.line)

    def cell(self, rec: _Record, name: str) -> str:
        """The text of a field's cell in a record ('' when the column or cell is missing)."""
        i = self.fields.get(name)
        if i is None or i >= len(rec.cells):
            return ""
        return rec.cells[i].strip()

    def column(self, name: str) -> str:
        """The header text of a field's column."""
        return self.header.cells[self.fields[name]].strip()


_FIELD_EXAMPLES = ("Team", "Objective", "Key Result", "Type", "Title", "Owner", "Progress", "Current",
                   "Baseline", "Target", "Unit", "Due date", "Confidence", "Period", "Initiative")


class _Assembler:
    """Groups CSV rows into teams, objectives and key results."""

    def __init__(self, reader: _CsvReader, rows: list[_Record]) -> None:
        self.r = reader
        self.rows = rows
        self.drafts: dict[str, Draft] = {}
        self.objectives: dict[str, dict[str, int]] = {}     # team → normalized objective text → index
        self.raw_progress: list[tuple[Draft, tuple[int, int], str, int]] = []
        self.raw_confidence: list[tuple[KeyResult, str, int]] = []
        self.due_values = [reader.cell(r, "due") for r in rows]
        self.day_first = _day_first(self.due_values, reader.delimiter)

    def run(self) -> list[Draft]:
        r = self.r
        team = None
        objective: str | None = None
        default_team = _team_from_source(r.source)
        if "team" not in r.fields:
            r.note(f"no team column: every row belongs to '{default_team}' (add a 'Team' column to split teams)",
                   r.header.line)
        filled = False
        for rec in self.rows:
            row_team = _clean(r.cell(rec, "team"))
            if row_team:
                if row_team != team:
                    objective = None
                team = row_team
            elif team is None:
                team = default_team
                if "team" in r.fields:
                    r.note(f"the team cell is empty; the rows are put under '{default_team}'", rec.line,
                           r.column("team"))
            elif "team" in r.fields:
                filled = True
            objective = self.row(rec, team, objective)
        if filled:
            r.note("rows with an empty team cell were put under the team of the row above them")
        self.apply_progress()
        self.apply_confidence()
        return list(self.drafts.values())

    def draft(self, team: str) -> Draft:
        if team not in self.drafts:
            okrs = OKRSet(owner=team, source=self.r.source)
            self.drafts[team] = Draft(team=team, okrs=okrs, source=self.r.source)
            self.objectives[team] = {}
        return self.drafts[team]

    def kind(self, rec: _Record) -> str | None:
        """'objective', 'key_result', 'initiative' or None (no kind column / empty cell)."""
        raw = self.r.cell(rec, "kind")
        if not raw:
            return None
        table = column_table()
        value = _norm(raw)
        if value in table.kinds:
            return table.kinds[value]
        if value in table.objective_types:
            return "objective"
        raise self.r.fail(f"'{raw}' is not a row type okrkit knows", rec.line, self.r.column("kind"),
                          hint="use Objective, Key Result or Initiative")

    def row(self, rec: _Record, team: str, current_obj: str | None) -> str | None:
        """Add one record to its team; returns the objective later rows without one belong to."""
        r = self.r
        kind = self.kind(rec)
        title = _clean(r.cell(rec, "title"))
        obj_text = _clean(r.cell(rec, "objective"))
        kr_text = _clean(r.cell(rec, "key_result"))
        init_text = _clean(r.cell(rec, "initiative"))
        if kind == "objective":
            obj_text, kr_text = title or obj_text, ""
        elif kind == "key_result":
            kr_text = title or kr_text
            parent = _clean(r.cell(rec, "aligns_to"))
            if not obj_text and parent and _norm(parent) in self.objectives.get(team, {}):
                obj_text = parent
        elif kind == "initiative":
            init_text, kr_text = title or init_text, ""
        elif not kr_text and "key_result" not in r.fields:
            kr_text = title
        if not obj_text and not kr_text and not init_text:
            return current_obj
        if not obj_text:
            if current_obj is None:
                what = "key result" if kr_text else "initiative"
                column = r.column("objective") if "objective" in r.fields else None
                raise r.fail(f"the {what} '{_short(kr_text or init_text)}' has no objective", rec.line, column,
                             hint="write its objective in the Objective column (rows below may leave it empty)")
            obj_text = current_obj
        oi = self.objective(rec, team, obj_text, is_objective_row=kind == "objective")
        draft = self.drafts[team]
        obj = draft.okrs.objectives[oi]
        if kr_text:
            self.key_result(rec, draft, oi, kr_text)
        elif kind == "objective":
            owner = _clean(r.cell(rec, "owner"))
            if owner:
                draft.owners.setdefault((oi, -1), owner)
        if init_text and init_text.lower() not in {i.text.lower() for i in obj.initiatives}:
            obj.initiatives.append(Initiative(init_text, line=rec.line))
        return obj_text

    def objective(self, rec: _Record, team: str, text: str, is_objective_row: bool) -> int:
        """Index of the team's objective with this text, created on first sight."""
        r = self.r
        draft = self.draft(team)
        key = _norm(text)
        index = self.objectives[team].get(key)
        if index is None:
            index = len(draft.okrs.objectives)
            self.objectives[team][key] = index
            draft.okrs.objectives.append(Objective(objective=text, line=rec.line))
            period = _clean(r.cell(rec, "period"))
            if period and not draft.okrs.period:
                try:
                    draft.okrs.start, draft.okrs.end = parse_period(period)
                    draft.okrs.period = period
                except ValueError:
                    r.note(f"period '{period}' is not one okrkit can read, so it was left out "
                           "(write it like 2026-Q3, Q3 2026, 2026-H1 or 2026)", rec.line, r.column("period"))
        obj = draft.okrs.objectives[index]
        why = _clean(r.cell(rec, "why"))
        if why and not obj.why:
            obj.why = why
        parent = _clean(r.cell(rec, "aligns_to"))
        if parent and not obj.aligns_to and (is_objective_row or "kind" not in r.fields):
            obj.aligns_to = parent
        kind_raw = _norm(r.cell(rec, "objective_type") or (r.cell(rec, "kind") if is_objective_row else ""))
        if kind_raw:
            types = column_table().objective_types
            if kind_raw in types:
                obj.type = types[kind_raw]
            elif "objective_type" in r.fields and r.cell(rec, "objective_type"):
                r.note(f"'{r.cell(rec, 'objective_type')}' is neither aspirational nor committed; "
                       "the objective stays aspirational", rec.line, r.column("objective_type"))
        return index

    def key_result(self, rec: _Record, draft: Draft, oi: int, text: str) -> None:
        """Parse the KR text, apply explicit columns, and record owner and progress."""
        r = self.r
        kr = _parse_kr(text, draft.okrs.start)
        kr.line = rec.line
        explicit = set()
        for name in ("baseline", "target", "current", "weight"):
            raw = r.cell(rec, name)
            if raw:
                value = _number(raw)
                if value is None:
                    raise r.fail(f"'{raw}' is not a number", rec.line, r.column(name),
                                 hint=f"write the {name} as a number such as 23, 23% or 1,200 — or leave the cell empty")
                setattr(kr, name, value[0])
                explicit.add(name)
                if value[1] and name in ("baseline", "target") and not kr.unit:
                    kr.unit = "%"
        if kr.weight < 0:
            raise r.fail("a weight cannot be negative", rec.line, r.column("weight"), hint="use 1 for an ordinary key result")
        for name in ("unit", "metric"):
            raw = _clean(r.cell(rec, name))
            if raw:
                setattr(kr, name, raw)
                explicit.add(name)
        raw_due = r.cell(rec, "due")
        if raw_due:
            due = _date(raw_due, self.day_first)
            if due is None:
                raise r.fail(f"'{raw_due}' is not a date okrkit can read", rec.line, r.column("due"),
                             hint="write it as 2026-09-30 (or 30/09/2026), or leave the cell empty")
            kr.due, kr.due_text = due, due.isoformat()
            explicit.add("due")
        if {"baseline", "target"} <= explicit and kr.direction != "keep" and kr.target != kr.baseline:
            kr.direction = "increase" if kr.target > kr.baseline else "decrease"
        kr.explicit = frozenset(explicit | (set(kr.explicit) & {"direction"}))
        objective = draft.okrs.objectives[oi]
        ki = len(objective.key_results)
        objective.key_results.append(kr)
        owner = _clean(r.cell(rec, "owner"))
        if owner:
            draft.owners[(oi, ki)] = owner
        raw = r.cell(rec, "progress")
        if raw:
            self.raw_progress.append((draft, (oi, ki), raw, rec.line))
        raw = r.cell(rec, "confidence")
        if raw:
            self.raw_confidence.append((kr, raw, rec.line))

    def _fractions(self, items: list[tuple[str, int]], name: str, what: str) -> list[float]:
        """Cells of a 0–1 / 0–100 / '45%' column as fractions; the scale is decided for the whole column."""
        r = self.r
        parsed = []
        for raw, line in items:
            value = _number(raw)
            if value is None:
                raise r.fail(f"'{raw}' is not a {what}", line, r.column(name),
                             hint=f"write the {what} as 0.45, 45 or 45% — or leave the cell empty")
            parsed.append(value)
        hundreds = any(v > 1 and not pct for v, pct in parsed)
        out = []
        for (raw, line), (v, pct) in zip(items, parsed):
            f = v / 100 if pct or hundreds else v
            if not 0 <= f <= 1:
                r.note(f"{what} '{raw}' is outside 0–100%; it was read as {'100' if f > 1 else '0'}%",
                       line, r.column(name))
                f = min(max(f, 0.0), 1.0)
            out.append(round(f, 6))
        return out

    def apply_progress(self) -> None:
        """Store each KR's progress, and its current value when the target is known."""
        items = [(raw, line) for _, _, raw, line in self.raw_progress]
        for (draft, key, _, _), p in zip(self.raw_progress, self._fractions(items, "progress", "progress value")):
            draft.progress[key] = p
            kr = draft.okrs.objectives[key[0]].key_results[key[1]]
            if kr.current is None and kr.target is not None and kr.direction in ("increase", "decrease", None):
                base = kr.baseline if kr.baseline is not None else 0.0
                kr.current = round(base + p * (kr.target - base), 6)

    def apply_confidence(self) -> None:
        """Store each KR's confidence as 0–1."""
        items = [(raw, line) for _, raw, line in self.raw_confidence]
        for (kr, _, _), c in zip(self.raw_confidence, self._fractions(items, "confidence", "confidence")):
            kr.confidence = c


def _parse_kr(text: str, ref: date | None) -> KeyResult:
    """The core parser's KeyResult for a statement (a fresh object, safe to change)."""
    from .parse import parse_key_result
    return parse_key_result(text, ref=ref)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _team_from_source(source: str | None) -> str:
    """'data/team-growth.yaml' → 'team growth'; '<pasted>' → 'Pasted draft'."""
    if not source or source.startswith("<"):
        return "Pasted draft"
    stem = Path(source).stem
    return re.sub(r"[_\-]+", " ", stem).strip() or stem


def parse_csv(text: str, source: str | None = None) -> ImportResult:
    """Drafts from CSV text (any of , ; tab | as separator; a header row naming the columns)."""
    text = text.lstrip("\ufeff")
    reader = _CsvReader(text, source)
    try:
        drafts = reader.read()
    except LoadError as exc:
        if exc.file is None and source:
            raise LoadError(exc.problem, file=source, line=exc.line, field=exc.field, hint=exc.hint) from None
        raise
    return ImportResult(drafts, reader.notes, source=source)


def read_csv(path: str | Path) -> ImportResult:
    """Drafts from a CSV export file (UTF-8 with or without BOM, UTF-16, or Windows-1252)."""
    p = Path(path)
    text, note = decode(_read_bytes(p), str(path))
    result = parse_csv(text, str(path))
    if note:
        result.warnings.insert(0, note)
    return result


# ── text and YAML ─────────────────────────────────────────────────────────────────────────
_TEAM_LINE = re.compile(r"^\s*(?:#+\s*)?team\s*[:\-–]\s*(\S.*?)\s*$", re.IGNORECASE)


def _looks_like_csv(text: str) -> bool:
    """True when the first non-blank line is a header naming two or more known columns."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return any(d in first and _header_score(next(csv.reader([first], delimiter=d))) >= 2 for d in DELIMITERS)


def _chunks(text: str) -> list[tuple[str | None, str]]:
    """Split pasted text at 'Team: NAME' lines or YAML '---' separators; each chunk keeps its line numbers."""
    lines = text.splitlines()
    marks: dict[int, str | None] = {}
    for i, line in enumerate(lines):
        if m := _TEAM_LINE.match(line):
            marks[i] = m.group(1)
        elif line.strip() == "---":
            marks[i] = None
    if not marks:
        return [(None, text)]
    starts = sorted(set(marks) | {0})
    out = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[start:end]
        if start in marks:
            body = [""] + body[1:]            # the marker line itself is not part of the set
        chunk = "\n" * start + "\n".join(body)   # blank lines in front keep the line numbers right
        if chunk.strip():
            out.append((marks.get(start), chunk))
    return out


def parse_text(text: str, source: str | None = "<pasted>") -> ImportResult:
    """Drafts from pasted text: a CSV with a header, YAML, or outlines, several teams split by 'Team: NAME' lines."""
    if not isinstance(text, str):
        raise LoadError(f"expected text, got {type(text).__name__}", file=source)
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise LoadError("nothing to read: the text is empty", file=source, line=1,
                        hint="paste an objective on one line with its key results as '- ' bullets below it")
    if _looks_like_csv(text):
        return parse_csv(text, source)
    result = ImportResult(source=source)
    for team, chunk in _chunks(text):
        okrs = loads(chunk, source=source)
        name = team or okrs.owner or okrs.title or _team_from_source(source)
        okrs.owner = okrs.owner or name
        result.drafts.append(Draft(team=name, okrs=okrs, source=source))
    return result


def read_text(path: str | Path) -> ImportResult:
    """Drafts from one text, outline or YAML file (several teams allowed in a text file)."""
    p = Path(path)
    if p.suffix.lower() in (".yaml", ".yml", ".json"):
        okrs = load(p)
        name = okrs.owner or okrs.title or _team_from_source(str(p))
        okrs.owner = okrs.owner or name
        return ImportResult([Draft(team=name, okrs=okrs, source=str(p))], source=str(p))
    text, note = decode(_read_bytes(p), str(p))
    result = parse_text(text, str(p))
    if note:
        result.warnings.insert(0, note)
    return result


def read_folder(path: str | Path) -> ImportResult:
    """Drafts from every OKR file under a folder (YAML, text, CSV), in name order; unreadable files are listed in errors."""
    root = Path(path)
    result = ImportResult(source=str(root))
    files = sorted(p for p in root.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    for p in files:
        suffix = p.suffix.lower()
        if p.stem.lower() == "readme" or suffix not in TEXT_SUFFIXES + CSV_SUFFIXES:
            if p.stem.lower() != "readme":
                result.warnings.append(ImportNote("not an OKR file (.yaml, .yml, .txt, .md or .csv); skipped", str(p)))
            continue
        try:
            result.extend(read_csv(p) if suffix in CSV_SUFFIXES else read_text(p))
        except LoadError as exc:
            result.errors.append(exc)
    if not files:
        result.warnings.append(ImportNote("the folder has no files", str(root)))
    _unique_teams(result)
    return result


def read_path(path: str | Path) -> ImportResult:
    """Drafts from a CSV file, a folder of OKR files, or a text/YAML file."""
    p = Path(path)
    if p.is_dir():
        return read_folder(p)
    if not p.exists():
        raise LoadError("no such file or folder", file=str(path),
                        hint="give a CSV export, a folder of YAML files, or a text file")
    result = read_csv(p) if p.suffix.lower() in CSV_SUFFIXES else read_text(p)
    _unique_teams(result)
    return result


def _unique_teams(result: ImportResult) -> None:
    """Give repeated team names a numbered suffix, with a note, so every team keeps its own card."""
    seen: dict[str, int] = {}
    for d in result.drafts:
        key = d.team.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            new = f"{d.team} ({seen[key]})"
            result.warnings.append(ImportNote(f"team '{d.team}' appears more than once; this set is shown as '{new}'",
                                              d.source))
            d.team = new


__all__ = ["Draft", "ImportNote", "ImportResult", "column_table", "decode", "known_columns",
           "parse_csv", "parse_text", "read_csv", "read_folder", "read_path", "read_text"]
