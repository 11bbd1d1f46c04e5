"""CSV exports → teams' drafts: decoding the bytes, sniffing the delimiter, mapping the header to fields.

:func:`parse_csv` reads CSV text and :func:`read_csv` a file; rows are grouped into teams, objectives and
key results by :mod:`okrkit.read.csv.rows`. Every error names the file, the line and the column.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass
from pathlib import Path

from okrkit.errors import LoadError
from okrkit.files import csv_text, read_limited
from okrkit.read.csv.columns import FIELD_EXAMPLES, column_table, header_score, normalize_header
from okrkit.read.drafts import ImportNote

DELIMITERS = (",", ";", "\t", "|")
EXAMPLE_KR = "Raise activation from 40% to 55% by 2026-09-30"
MINIMAL_CSV = f"write this minimal file, one line each: 'Objective,Key Result', 'Delight new users,{EXAMPLE_KR}'"
#: 'key result 1 title', 'kr2 progress', 'kpi 1 title' (Elevo: an objective's indicators are its key results)
_NUMBERED = re.compile(r"^(?:key results?|kr|kpi|indicator)\s*(\d+)(?:\s+(.*))?$")
_TEXT_WORDS = {"", "title", "name", "text", "statement", "description", "summary"}
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}


def decode(raw: bytes, source: str | None = None) -> tuple[str, ImportNote | None]:
    """Bytes → text: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 with a note."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            raise LoadError(
                "the file starts like UTF-16 text but is cut off or damaged",
                file=source,
                hint="export the file again, as 'CSV UTF-8' if your program offers it",
            ) from None
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
    note = ImportNote(
        f"not UTF-8 (first odd byte on line {line}); read as {name}. If accents look wrong, "
        "export the file again as 'CSV UTF-8'",
        file=source,
    )
    return text, note


def read_bytes(path: Path) -> bytes:
    """A file's bytes, refusing missing or oversized files with a located error."""
    return read_limited(path, "an OKR export")


# ── CSV ───────────────────────────────────────────────────────────────────────────────────
@dataclass
class Record:
    line: int  # line where the record starts (1-based)
    cells: list[str]


def _records(text: str, delimiter: str) -> list[Record]:
    """CSV records with the line each starts on; blank lines are dropped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, end = [], 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(c.strip() for c in cells):
                out.append(Record(start, cells))
    except csv.Error as exc:
        raise LoadError(
            f"the CSV cannot be read: {exc}",
            line=reader.line_num,
            hint="open it in a spreadsheet and export it again as CSV",
        ) from None
    return out


def _cell(rec: Record, i: int | None) -> str:
    """A record's cell i ('' when it has no such cell)."""
    return rec.cells[i] if i is not None and i < len(rec.cells) else ""


def _sniff(text: str) -> tuple[str, list[Record], int]:
    """(delimiter, records, index of the header record): the delimiter whose header names most known columns."""
    sample = "\n".join(text.splitlines()[:40])
    best: tuple[int, int, int, str] | None = None
    for rank, d in enumerate(DELIMITERS):
        recs = _records(sample, d)[:10]
        if not recs:
            continue
        scores = [header_score(r.cells) for r in recs]
        top = max(scores)
        width = len(recs[scores.index(top)].cells)
        key = (top, width, -rank)
        if best is None or key > best[:3]:
            best = (top, width, -rank, d)
    delimiter = best[3] if best else ","
    records = _records(text, delimiter)
    head = [header_score(r.cells) for r in records[:10]]
    index = head.index(max(head)) if head and max(head) > 0 else 0
    return delimiter, records, index


class CsvReader:
    """Turns CSV records into drafts; every error names file, line and column."""

    def __init__(self, text: str, source: str | None) -> None:
        self.text = text
        self.source = source
        self.notes: list[ImportNote] = []

    def note(self, message: str, line: int | None = None, column: str | None = None) -> None:
        self.notes.append(ImportNote(message, self.source, line, column))

    def fail(
        self, problem: str, line: int | None = None, column: str | None = None, hint: str | None = None
    ) -> LoadError:
        return LoadError(problem, file=self.source, line=line, field=column, hint=hint)

    # header ---------------------------------------------------------------------------------
    def map_columns(self, header: Record) -> dict[str, int]:
        """field → column index, noting every header that is unknown, ignored or repeated."""
        table = column_table()
        fields: dict[str, int] = {}
        ignored, unknown = [], []
        for i, raw in enumerate(header.cells):
            name = normalize_header(raw)
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
                    self.note(
                        f"column '{raw.strip()}' read as {target.replace('_', ' ')} "
                        f"(closest known name '{near[0]}'); rename it if that is wrong",
                        header.line,
                        raw.strip(),
                    )
                else:
                    unknown.append((i, label))
                    continue
            if target in fields:
                first = header.cells[fields[target]].strip()
                self.note(
                    f"column '{raw.strip()}' also means {target.replace('_', ' ')}; "
                    f"the first such column, '{first}', is used and this one is ignored",
                    header.line,
                    raw.strip(),
                )
                continue
            fields[target] = i
        self.unknown = unknown
        for _, label in unknown:
            self.note(
                f"column '{label}' is not a column okrkit knows, so its values were not imported; "
                f"rename it to one of: {', '.join(FIELD_EXAMPLES)} if it holds one of those",
                header.line,
                label,
            )
        if ignored:
            self.note(f"not used by okrkit: {', '.join(ignored)}", header.line)
        return fields

    def check_required(self, fields: dict[str, int], header: Record, rows: list[Record] | None = None) -> None:
        """Refuse a header that has no objective or no key result column (the hint names or adds one)."""
        linked = "row_id" in fields and "parent_id" in fields  # a row's parent row says what it is
        has_text = "key_result" in fields or "title" in fields or (linked and "objective" in fields)
        if "objective" not in fields and not ("kind" in fields and "title" in fields):
            raise self.fail("no objective column", header.line, hint=self._add_column_hint("Objective", header, rows))
        if not has_text:
            raise self.fail("no key result column", header.line, hint=self._add_column_hint("Key Result", header, rows))

    def _add_column_hint(self, name: str, header: Record, rows: list[Record] | None) -> str:
        """Rename the header's first unknown column to name, or add the column (and a cell on the first row)."""
        unknown = getattr(self, "unknown", [])
        if unknown:
            i = unknown[0][0]
            cells = [name if j == i else c for j, c in enumerate(header.cells)]
            return f"replace line {header.line} with '{self.join(cells)}' (the column '{unknown[0][1]}' named {name})"
        hint = f"add '{self.delimiter}{name}' at the end of line {header.line}"
        if rows and not any("\n" in c for c in rows[0].cells):
            hint += f"; add '{self.delimiter}…' at the end of line {rows[0].line} (your {name.lower()} in place of …)"
        return hint

    def join(self, cells: list[str]) -> str:
        """Cells written back as one line of this file (its separator, quotes where needed)."""
        return csv_text([cells], delimiter=self.delimiter).rstrip("\n")

    def example_row(self) -> str:
        """A first row for this header: an objective and a key result in their columns."""
        cells = [""] * len(self.header.cells)
        f = self.fields
        if "kind" in f and "title" in f and "objective" not in f:
            cells[f["kind"]], cells[f["title"]] = "Objective", "Delight new users"
        else:
            cells[f["objective"]] = "Delight new users"
            cells[f["key_result"] if "key_result" in f else f["title"]] = EXAMPLE_KR
        if "row_id" in f:
            cells[f["row_id"]] = "1"
        return self.join(cells)

    # rows -----------------------------------------------------------------------------------
    def read(self) -> list[Record]:
        """The data rows of the CSV text, with its header mapped to fields (self.fields, self.header)."""
        delimiter, records, index = _sniff(self.text)
        self.delimiter = delimiter
        if not records:
            raise self.fail("the file is empty", 1, hint=MINIMAL_CSV)
        header = records[index]
        if header_score(header.cells) == 0:
            names = ["Objective", "Key Result"][: len(header.cells)] + header.cells[2:]
            data = any(re.fullmatch(r"[\d.,%\s]+", c) or len(c) > 40 for c in header.cells if c.strip())
            hint = (
                f"add the line '{self.join(names[:2])}' above line {header.line}"
                if data
                else f"replace line {header.line} with '{self.join(names)}'"
            )
            raise self.fail("no header row with known column names", header.line, hint=hint)
        if index:
            self.note(
                f"lines {records[0].line}–{header.line - 1} come before the header row and were skipped",
                records[0].line,
            )
        if delimiter != ",":
            self.note(f"columns are separated by {_DELIMITER_NAMES[delimiter]}s", header.line)
        self.delimiter = delimiter
        rows = records[index + 1 :]
        header, rows = self._numbered_key_results(header, rows)
        fields = self.map_columns(header)
        self.check_required(fields, header, rows)
        self.fields = fields
        self.header = header
        self._check_unclosed_quote(rows)
        self._check_widths(rows, len(header.cells))
        return rows

    def _numbered_key_results(self, header: Record, rows: list[Record]) -> tuple[Record, list[Record]]:
        """One row per goal with its key results in numbered columns (key_result_1_title, key_result_1_completion …)
        → one row per key result, the goal's cells repeated; other headers pass unchanged."""
        table = column_table()
        groups: dict[int, dict[str, int]] = {}  # number → field → column index
        for i, raw in enumerate(header.cells):
            m = _NUMBERED.match(normalize_header(raw))
            if not m:
                continue
            rest = (m.group(2) or "").strip()
            field = "key_result" if rest in _TEXT_WORDS else table.aliases.get(rest)
            if field and field not in ("objective", "title", "team", "kind"):
                groups.setdefault(int(m.group(1)), {}).setdefault(field, i)
        groups = {n: g for n, g in sorted(groups.items()) if "key_result" in g}
        if not groups:
            return header, rows
        numbered = {i for g in groups.values() for i in g.values()}
        numbered |= {
            i for i, raw in enumerate(header.cells) if _NUMBERED.match(normalize_header(raw)) and i not in numbered
        }
        kr_fields = sorted({f for g in groups.values() for f in g if f != "key_result"})
        base = [i for i in range(len(header.cells)) if i not in numbered]
        base_fields = {table.aliases.get(normalize_header(header.cells[i])) for i in base}
        base = [i for i in base if table.aliases.get(normalize_header(header.cells[i])) not in kr_fields]
        names = [header.cells[i] for i in base]
        if "objective" not in base_fields and "title" in base_fields:  # the goal's own text is its objective
            names = ["Objective" if table.aliases.get(normalize_header(n)) == "title" else n for n in names]
        new_header = Record(header.line, [*names, "Key Result", *(f.replace("_", " ") for f in kr_fields)])
        out = []
        for rec in rows:
            cells = [_cell(rec, i) for i in base]
            krs = [g for g in groups.values() if _cell(rec, g["key_result"]).strip()]
            for g in krs or [{}]:
                out.append(
                    Record(
                        rec.line, [*cells, _cell(rec, g.get("key_result")), *(_cell(rec, g.get(f)) for f in kr_fields)]
                    )
                )
        first = header.cells[groups[min(groups)]["key_result"]].strip()
        self.note(
            f"read the numbered key-result columns ('{first}' …) as one key result each, under the goal of their row",
            header.line,
        )
        return new_header, out

    def _check_unclosed_quote(self, rows: list[Record]) -> None:
        """A quoted cell that runs to the end of the file is a missing closing quote."""
        if not rows:
            return
        last = rows[-1]
        raw = "\n".join(self.text.splitlines()[last.line - 1 :])
        if raw.count('"') % 2 == 1 and any("\n" in c for c in last.cells):
            raise self.fail(
                "a quoted cell starts on this line and never closes",
                last.line,
                hint=f"add the closing double quote at the end of line {last.line}",
            )

    def _check_widths(self, rows: list[Record], width: int) -> None:
        """Note rows with more cells than the header (their extra cells are dropped)."""
        for r in rows:
            extra = [c for c in r.cells[width:] if c.strip()]
            if extra:
                self.note(
                    f"this row has {len(r.cells)} cells but the header has {width}; the extra "
                    f"{'cell was' if len(extra) == 1 else 'cells were'} ignored ({', '.join(map(repr, extra[:3]))}). "
                    f"If a text contains '{self.delimiter if self.delimiter != chr(9) else 'tab'}', "
                    "put it in double quotes",
                    r.line,
                )

    def cell(self, rec: Record, name: str) -> str:
        """The text of a field's cell in a record ('' when the column or cell is missing)."""
        i = self.fields.get(name)
        if i is None or i >= len(rec.cells):
            return ""
        text = rec.cells[i].strip()
        # a cell written spreadsheet-safe by okrkit (files.spreadsheet_cell): "'=…" reads back as "=…"
        return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@") else text

    def column(self, name: str) -> str:
        """The header text of a field's column."""
        return self.header.cells[self.fields[name]].strip()


__all__ = ["DELIMITERS", "CsvReader", "Record", "decode", "read_bytes"]
