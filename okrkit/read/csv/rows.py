"""CSV rows → teams' drafts: grouping rows into teams, objectives and key results, with owners and progress."""

from __future__ import annotations

import re
from datetime import date

from okrkit.model import Initiative, KeyResult, Objective, OKRSet
from okrkit.read.aliases import confidence_words, says_no_status, status_of
from okrkit.read.csv.columns import column_table, normalize_header
from okrkit.read.csv.reader import CsvReader, Record
from okrkit.read.drafts import Draft, team_from_source
from okrkit.read.keyresult import parse_key_result
from okrkit.read.periods import read_period
from okrkit.read.values import (
    clean_cell,
    day_first,
    localize_text,
    parse_confidence,
    parse_date,
    parse_quantity,
    strip_kr_label,
    strip_objective_label,
)


class Assembler:
    """Groups CSV rows into teams, objectives and key results."""

    def __init__(self, reader: CsvReader, rows: list[Record]) -> None:
        self.r = reader
        self.rows = rows
        self.drafts: dict[str, Draft] = {}
        self.objectives: dict[str, dict[str, int]] = {}  # team → normalized objective text → index
        self.raw_progress: list[tuple[Draft, tuple[int, int], str, int]] = []
        self.raw_confidence: list[tuple[KeyResult, str, int]] = []
        self.due_values = [reader.cell(r, "due") for r in rows]
        self.day_first = day_first(self.due_values, reader.delimiter)
        self.decimal_comma = _decimal_comma(rows, reader.delimiter)
        if self.decimal_comma and any(re.search(r"\d,\d", c) for r in rows for c in r.cells):
            reader.note(
                "numbers are read with a decimal comma (97,5 = 97.5; 1.200,50 = 1200.50), as in this export's "
                "region; key-result texts show them with a decimal point",
                reader.header.line,
            )
        self.stages_noted: set[str] = set()  # 'ongoing', 'not started' …: said once per file
        self.milestones_are_key_results = self._milestones_are_key_results()
        self.linked = self._link_parent_rows()  # id(record) → (objective | key_result, its objective's text)

    def _milestones_are_key_results(self) -> bool:
        """A file whose rows are goals and milestones, with no key-result rows, means key results by milestones."""
        r = self.r
        if "kind" not in r.fields:
            return False
        kinds = column_table().kinds
        values = {normalize_header(r.cell(rec, "kind")) for rec in self.rows}
        if "milestone" not in values or any(kinds.get(v) == "key_result" for v in values):
            return False
        r.note(
            "the rows are goals and milestones: each milestone is read as a key result of the goal above it",
            r.header.line,
            r.column("kind"),
        )
        return True

    def _link_parent_rows(self) -> dict[int, tuple[str, str, str | None]]:
        """Rows linked to a parent row — by a parent column, or by outline numbers in the row id (1.2 under 1) —
        → id(record) → (what the row is, its objective's text, the objective it aligns to). With a row-type column
        the type says what a row is and the link which objective it belongs to; without one, a row whose parent
        is in the file is a key result of that row's objective and a row without one is an objective."""
        r = self.r
        if "row_id" not in r.fields or ("key_result" in r.fields and "kind" not in r.fields):
            return {}  # objective and key-result columns side by side say it already
        by_id = {r.cell(rec, "row_id"): rec for rec in self.rows if r.cell(rec, "row_id")}
        outline = "parent_id" not in r.fields and any("." in i for i in by_id)
        if not outline and ("parent_id" not in r.fields or not all(re.fullmatch(r"[\w.-]+", i) for i in by_id)):
            return {}
        if outline and not all(re.fullmatch(r"\d+(?:\.\d+)*\.?", i) for i in by_id):
            return {}

        def parent(rec: Record) -> Record | None:
            if outline:
                found = by_id.get(r.cell(rec, "row_id").rstrip(".").rpartition(".")[0])
            else:
                first = re.split(r"[,;\s]+", r.cell(rec, "parent_id").strip())[0]
                found = by_id.get(first) if first else None
            return found if found is not rec else None

        typed = "kind" in r.fields
        kinds = column_table().kinds
        out: dict[int, tuple[str, str, str | None]] = {}
        for rec in self.rows:
            kind = self._kind_value(rec, kinds) if typed else None
            chain, seen = [], {id(rec)}
            up = parent(rec)
            while up is not None and id(up) not in seen:
                chain.append(up)
                seen.add(id(up))
                up = parent(up)
            if typed:
                objective = next((u for u in chain if self._kind_value(u, kinds) == "objective"), None)
                if kind == "objective":
                    out[id(rec)] = ("objective", self._text(rec), objective and self._text(objective))
                elif kind in ("key_result", "initiative") and objective is not None:
                    out[id(rec)] = (kind, self._text(objective), None)
            else:
                out[id(rec)] = (
                    ("key_result", self._text(chain[-1]), None) if chain else ("objective", self._text(rec), None)
                )
        how = "their outline numbers" if outline else f"'{r.column('parent_id')}'"
        r.note(
            f"rows are linked to their parent row by {how}: "
            + (
                "each key result belongs to the objective above it in that tree, an objective under another "
                "objective aligns to it"
                if typed
                else "a row whose parent row is in the file is read as a key result of that row's objective, a row "
                "without one as an objective"
            ),
            r.header.line,
            r.column("row_id") if outline else r.column("parent_id"),
        )
        return out

    def _kind_value(self, rec: Record, kinds: dict[str, str]) -> str | None:
        """The row type a record's type cell names (no note: the row's own reading says it)."""
        value = normalize_header(self.r.cell(rec, "kind"))
        if value == "milestone" and self.milestones_are_key_results:
            return "key_result"
        return kinds.get(value) or ("objective" if value in column_table().objective_types else None)

    def _text(self, rec: Record) -> str:
        """A row's own text, whichever text column holds it."""
        r = self.r
        return clean_cell(r.cell(rec, "title") or r.cell(rec, "objective") or r.cell(rec, "key_result"))

    def run(self) -> list[Draft]:
        r = self.r
        team = None
        objective: str | None = None
        default_team = team_from_source(r.source)
        if "team" not in r.fields:
            r.note(
                f"no team column: every row belongs to '{default_team}' (add a 'Team' column to split teams)",
                r.header.line,
            )
        filled = False
        for rec in self.rows:
            row_team = clean_cell(r.cell(rec, "team"))
            if row_team:
                if row_team != team:
                    objective = None
                team = row_team
            elif team is None:
                team = default_team
                if "team" in r.fields:
                    r.note(
                        f"the team cell is empty; the rows are put under '{default_team}'", rec.line, r.column("team")
                    )
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

    def kind(self, rec: Record) -> str | None:
        """'objective', 'key_result', 'initiative' or None (no kind column / empty cell)."""
        raw = self.r.cell(rec, "kind")
        if not raw:
            return None
        table = column_table()
        value = normalize_header(raw)
        if value == "milestone" and self.milestones_are_key_results:
            return "key_result"
        if value in table.kinds:
            return table.kinds[value]
        if value in table.objective_types:
            return "objective"
        self.r.note(
            f"'{raw}' is not a row type okrkit knows (Objective, Key Result or Initiative); the row is read "
            "by its other cells",
            rec.line,
            self.r.column("kind"),
        )
        return None

    def row(self, rec: Record, team: str, current_obj: str | None) -> str | None:
        """Add one record to its team; returns the objective later rows without one belong to."""
        r = self.r
        kind = self.kind(rec)
        title = clean_cell(r.cell(rec, "title"))
        obj_text = strip_objective_label(clean_cell(r.cell(rec, "objective")))
        kr_text = strip_kr_label(localize_text(clean_cell(r.cell(rec, "key_result")), self.decimal_comma))
        init_text = clean_cell(r.cell(rec, "initiative"))
        if id(rec) in self.linked:
            kind, root, _ = self.linked[id(rec)]
            text = self._text(rec)
            if kind == "objective":
                obj_text, kr_text, init_text = strip_objective_label(text), "", ""
            elif kind == "initiative":
                obj_text, kr_text, init_text = root, "", text
            else:
                obj_text, kr_text = root, strip_kr_label(localize_text(text, self.decimal_comma))
        elif kind == "objective":
            obj_text, kr_text = strip_objective_label(title) or obj_text, ""
        elif kind == "key_result":
            kr_text = strip_kr_label(localize_text(title, self.decimal_comma)) or kr_text
            parent = clean_cell(r.cell(rec, "aligns_to"))
            if not obj_text and parent and normalize_header(parent) in self.objectives.get(team, {}):
                obj_text = parent
        elif kind == "initiative":
            init_text, kr_text = title or init_text, ""
        elif not kr_text and "key_result" not in r.fields:
            kr_text = strip_kr_label(localize_text(title, self.decimal_comma))
        if not obj_text and not kr_text and not init_text:
            return current_obj
        if not obj_text:
            if current_obj is None:
                what = "key result" if kr_text else "initiative"
                column = r.column("objective") if "objective" in r.fields else None
                raise r.fail(
                    f"the {what} '{_short(kr_text or init_text)}' has no objective",
                    rec.line,
                    column,
                    hint=self._objective_hint(rec),
                )
            obj_text = current_obj
        oi = self.objective(rec, team, obj_text, is_objective_row=kind == "objective")
        draft = self.drafts[team]
        obj = draft.okrs.objectives[oi]
        if kr_text:
            self.key_result(rec, draft, oi, kr_text)
        elif kind == "objective":
            owner = clean_cell(r.cell(rec, "owner"))
            if owner:
                draft.owners.setdefault((oi, -1), owner)
        if init_text and init_text.lower() not in {i.text.lower() for i in obj.initiatives}:
            obj.initiatives.append(Initiative(init_text, line=rec.line))
        return obj_text

    def _objective_hint(self, rec: Record) -> str:
        """A literal fix for a key result with no objective above it: fill its objective cell, or add a row."""
        r = self.r
        if any("\n" in c for c in rec.cells):
            return "write its objective in the Objective column (rows below may leave it empty)"
        if "objective" in r.fields:
            cells = list(rec.cells) + [""] * (r.fields["objective"] + 1 - len(rec.cells))
            cells[r.fields["objective"]] = "…"
            return f"replace line {rec.line} with '{r.join(cells)}' (your objective in place of …)"
        cells = [""] * len(r.header.cells)
        cells[r.fields["kind"]], cells[r.fields["title"]] = "Objective", "…"
        return f"add the line '{r.join(cells)}' above line {rec.line} (your objective in place of …)"

    def objective(self, rec: Record, team: str, text: str, is_objective_row: bool) -> int:
        """Index of the team's objective with this text, created on first sight."""
        r = self.r
        draft = self.draft(team)
        key = normalize_header(text)
        index = self.objectives[team].get(key)
        if index is None:
            index = len(draft.okrs.objectives)
            self.objectives[team][key] = index
            draft.okrs.objectives.append(Objective(objective=text, line=rec.line))
            period = clean_cell(r.cell(rec, "period"))
            if period and not draft.okrs.period:
                try:
                    draft.okrs.start, draft.okrs.end, said = read_period(period)
                    draft.okrs.period = period
                    if said:
                        r.note(said, rec.line, r.column("period"))
                except ValueError:
                    r.note(
                        f"period '{period}' is not one okrkit can read, so it was left out "
                        "(write it like 2026-Q3, Q3 2026, 2026-H1 or 2026)",
                        rec.line,
                        r.column("period"),
                    )
        obj = draft.okrs.objectives[index]
        why = clean_cell(r.cell(rec, "why"))
        if why and not obj.why and (is_objective_row or ("kind" not in r.fields and not self.linked)):
            obj.why = why
        parent = clean_cell(r.cell(rec, "aligns_to"))
        if parent and not obj.aligns_to and (is_objective_row or "kind" not in r.fields):
            obj.aligns_to = parent
        above = self.linked.get(id(rec), ("", "", None))[2]
        if above and is_objective_row and not obj.aligns_to:
            obj.aligns_to = above
        kind_raw = normalize_header(r.cell(rec, "objective_type") or (r.cell(rec, "kind") if is_objective_row else ""))
        if kind_raw:
            types = column_table().objective_types
            if kind_raw in types:
                obj.type = types[kind_raw]
            elif "objective_type" in r.fields and r.cell(rec, "objective_type"):
                r.note(
                    f"'{r.cell(rec, 'objective_type')}' is neither aspirational nor committed; "
                    "the objective stays aspirational",
                    rec.line,
                    r.column("objective_type"),
                )
        return index

    def key_result(self, rec: Record, draft: Draft, oi: int, text: str) -> None:
        """Parse the KR text, apply explicit columns, and record owner and progress."""
        r = self.r
        kr = _parse_kr(text, draft.okrs.start)
        kr.line = rec.line
        explicit = set()
        for name in ("baseline", "target", "current", "weight"):
            raw = r.cell(rec, name)
            if not raw:
                continue
            value = parse_quantity(raw, self.decimal_comma)
            if value is None:
                r.note(f"'{raw}' is not a number, so the {name} was left empty", rec.line, r.column(name))
                continue
            if name == "weight" and value.number < 0:
                r.note("a weight cannot be negative, so it was left at 1", rec.line, r.column(name))
                continue
            setattr(kr, name, value.number)
            explicit.add(name)
            if value.percent and name in ("baseline", "target") and not kr.unit:
                kr.unit = "%"
        for name in ("unit", "metric"):
            raw = clean_cell(r.cell(rec, name))
            if raw:
                setattr(kr, name, raw)
                explicit.add(name)
        raw_due = r.cell(rec, "due")
        if raw_due:
            due = parse_date(raw_due, self.day_first)
            if due is None:
                r.note(
                    f"'{raw_due}' is not a date okrkit can read, so the due date was left empty "
                    "(write it as 2026-09-30)",
                    rec.line,
                    r.column("due"),
                )
            else:
                kr.due, kr.due_text = due, due.isoformat()
                explicit.add("due")
        raw_status = clean_cell(r.cell(rec, "status"))
        if raw_status:
            kr.status = status_of(raw_status)
            stage = normalize_header(raw_status)
            if kr.status is None and says_no_status(raw_status) and stage not in self.stages_noted:
                self.stages_noted.add(stage)
                r.note(
                    f"status '{raw_status}' is a stage, not whether a key result is on track; its status is left "
                    "empty (here and on later rows that say the same)",
                    rec.line,
                    r.column("status"),
                )
            elif kr.status is None and not says_no_status(raw_status):
                r.note(
                    f"status '{raw_status}' is not one okrkit knows (On track, At risk, Off track, Done); left empty",
                    rec.line,
                    r.column("status"),
                )
        if {"baseline", "target"} <= explicit and kr.direction != "keep" and kr.target != kr.baseline:
            kr.direction = "increase" if kr.target > kr.baseline else "decrease"
        kr.explicit = frozenset(explicit | (set(kr.explicit) & {"direction"}))
        objective = draft.okrs.objectives[oi]
        ki = len(objective.key_results)
        objective.key_results.append(kr)
        owner = clean_cell(r.cell(rec, "owner"))
        if owner:
            draft.owners[(oi, ki)] = owner
        raw = r.cell(rec, "progress")
        if raw:
            self.raw_progress.append((draft, (oi, ki), raw, rec.line))
        raw = r.cell(rec, "confidence")
        if raw:
            self.raw_confidence.append((kr, raw, rec.line))

    def _fractions(self, items: list[tuple[str, int]], name: str, what: str) -> list[float | None]:
        """Cells of a 0–1 / 0–100 / '45%' / '7/10' column as fractions (None for a cell that can't be read)."""
        r = self.r
        parsed: list[tuple[float, bool] | None] = []
        for raw, line in items:
            value = parse_quantity(raw, self.decimal_comma)
            ratio = re.fullmatch(r"\s*(\d+(?:[.,]\d+)?)\s*(?:/|out of)\s*(\d+)\s*", raw)
            if ratio and float(ratio.group(2)) > 0:
                parsed.append((float(ratio.group(1).replace(",", ".")) / float(ratio.group(2)) * 100, True))
            elif value is None or value.unit not in (None, "%"):
                r.note(f"{what} '{raw}' can't be read, so it was left empty", line, r.column(name))
                parsed.append(None)
            else:
                parsed.append((value.number, value.percent))
        hundreds = any(p and p[0] > 1 and not p[1] for p in parsed)
        out: list[float | None] = []
        for (raw, line), p in zip(items, parsed):
            if p is None:
                out.append(None)
                continue
            v, pct = p
            f = v / 100 if pct or hundreds else v
            if not 0 <= f <= 1:
                r.note(
                    f"{what} '{raw}' is outside 0–100%; it was read as {'100' if f > 1 else '0'}%", line, r.column(name)
                )
                f = min(max(f, 0.0), 1.0)
            out.append(round(f, 6))
        return out

    def apply_progress(self) -> None:
        """Store each KR's progress, and its current value when the target is known."""
        items = [(raw, line) for _, _, raw, line in self.raw_progress]
        for (draft, key, _, _), p in zip(self.raw_progress, self._fractions(items, "progress", "progress value")):
            if p is None:
                continue
            draft.progress[key] = p
            kr = draft.okrs.objectives[key[0]].key_results[key[1]]
            if kr.current is None and kr.target is not None and kr.direction in ("increase", "decrease", None):
                base = kr.baseline if kr.baseline is not None else 0.0
                kr.current = round(base + p * (kr.target - base), 6)

    def apply_confidence(self) -> None:
        """Store each KR's confidence as 0–1: 0.7, 70%, 70, 7/10, high/medium/low, on track/at risk/off track."""
        r = self.r
        words = confidence_words()
        for kr, raw, line in self.raw_confidence:
            read = parse_confidence(raw.replace(",", ".") if self.decimal_comma else raw, words)
            if read is None or not 0 <= read[0] <= 1:
                r.note(f"confidence '{raw}' can't be read, so it was left empty", line, r.column("confidence"))
                continue
            kr.confidence = round(read[0], 6)


def _decimal_comma(rows: list[Record], delimiter: str) -> bool:
    """Whether the export writes decimals with a comma (97,5): its numbers say so, or its ';' separators do."""
    cells = [c for rec in rows for c in rec.cells]
    commas = sum(bool(re.search(r"\d,\d{1,2}(?!\d)", c)) for c in cells)
    points = sum(bool(re.search(r"\d\.\d{1,2}(?!\d)", c)) for c in cells)
    return commas > points or (delimiter == ";" and points == 0)


def _parse_kr(text: str, ref: date | None) -> KeyResult:
    """The core parser's KeyResult for a statement (a fresh object, safe to change)."""
    return parse_key_result(text, ref=ref)


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
