"""What an instructor adds to a graded class before grades are released: the roster, overrides, late penalties and
LMS exports (`okrkit grade --roster --overrides --times --export`).

``Release.apply`` runs once, after every submission is graded and before the outputs are renamed into place
(one call in ``grade_class``). It maps submissions to roster students and adds a ``missing`` row for each student
with no submission, sets overridden question points, takes late penalties off, writes the changes into those
students' feedback and Gradescope results (with the reason), and writes the export CSVs. Nothing here reads or
runs student code; a bad roster, overrides or times file stops the run before anything is written.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from okrkit.grade import export as lms
from okrkit.grade import feedback
from okrkit.grade.files import GradingError, find_submissions
from okrkit.grade.late import Late, add_late_test, late_penalty, nbgrader_time, read_times
from okrkit.grade.one import Row
from okrkit.grade.outputs import dump_json
from okrkit.grade.overrides import Override, check_students, read_overrides
from okrkit.grade.roster import Roster, Student, read_roster
from okrkit.grade.status import ERROR, MISSING
from okrkit.render.markdown import md
from okrkit.render.numbers import fmt_points, points_value


@dataclass
class Changes:
    """What a release changed in one student's row: overrides (with the points before) and lateness."""

    overrides: list[tuple[Override, float | None]] = field(default_factory=list)
    late: Late | None = None
    raw: float | None = None  # total after overrides, before the late penalty
    checked: float | None = None  # the total the checker gave, before any change


@dataclass
class Release:
    """The roster, overrides, submission times and exports of one grading run, and what applying them changed."""

    roster: Roster | None = None
    overrides: list[Override] = field(default_factory=list)
    times: dict[str, datetime] = field(default_factory=dict)
    submissions: Path | None = None  # where nbgrader's timestamp.txt files are
    exports: tuple[str, ...] = ()
    column: str | None = None  # the LMS's column name for this assignment (default: the spec's title)
    late_policy: bool = False
    changes: dict[str, Changes] = field(default_factory=dict)
    students: dict[str, Student] = field(default_factory=dict)  # gradebook id → roster student
    unmatched: list[str] = field(default_factory=list)  # submissions not on the roster
    untimed: list[str] = field(default_factory=list)  # graded rows with no submission time (late policy on)
    submitted: dict[str, datetime] = field(default_factory=dict)  # gradebook id → submission time, when known

    # ── applying it to a graded class ──────────────────────────────────────────────────────
    def apply(self, gb: Any, assignment: Any, staging: Any | None) -> tuple[str, ...]:
        """Change gb's rows in place, rewrite the changed students' staged files, stage the exports; their names."""
        self.late_policy = assignment.late is not None
        added = self._roster_rows(gb, assignment)
        if staging is not None:  # a page for each, so the report's links and Gradebook.feedback(id) find one
            for row in (r for r in added if _file_name(r.student_id)):
                staging.write(f"feedback/{row.student_id}.html", feedback.page_html(assignment, row, None))
                staging.write(f"feedback/{row.student_id}.md", feedback.page_md(assignment, row, None))
        known = [r.student_id for r in gb.rows] + [k for s in self.students.values() for k in s.keys()]
        check_students(self.overrides, known)
        rows = {r.student_id: r for r in gb.rows}
        for o in self.overrides:
            row = self._row_for(o.student, rows)
            self.changes.setdefault(row.student_id, Changes(checked=row.total))
            old = row.points.get(o.question)
            row.points[o.question] = o.points
            row.total = round((row.total or 0.0) + o.points - (old or 0.0), 2)
            self.changes.setdefault(row.student_id, Changes()).overrides.append((o, old))
        if assignment.late is not None:
            self._late(gb, assignment)
        for sid, ch in self.changes.items():
            ch.raw = rows[sid].total if ch.late is None else round(rows[sid].total + ch.late.penalty, 2)
            if staging is not None:
                self._rewrite(staging, rows[sid], ch, assignment)
        written = []
        for kind in self.exports:
            text = self.export(kind, gb, assignment)
            if staging is not None:
                staging.write(f"{kind}.csv", text)
            written.append(f"{kind}.csv")
        return tuple(written)

    def _roster_rows(self, gb: Any, assignment: Any) -> list[Row]:
        """Match rows to roster students; add a missing row for each student with no submission (returned)."""
        added: list[Row] = []
        if self.roster is None:
            return added
        matched: set[int] = set()
        for r in gb.rows:
            s = self.roster.find(r.student_id)
            if s is None:
                self.unmatched.append(r.student_id)
                continue
            self.students[r.student_id] = s
            matched.add(id(s))
        taken = {r.student_id.casefold() for r in gb.rows}
        for s in self.roster.students:
            if id(s) in matched or s.key.casefold() in taken:
                continue
            row = Row(
                student_id=s.key,
                status=MISSING,
                total=None,
                points={q.id: None for q in assignment.questions},
                message=f"on the roster ({self.roster.source}, line {s.line}) but no submission was found",
                file="",
            )
            gb.rows.append(row)
            added.append(row)
            self.students[s.key] = s
            taken.add(s.key.casefold())
        gb.rows.sort(key=lambda r: r.student_id)
        return added

    def _row_for(self, name: str, rows: dict[str, Any]) -> Any:
        """The row an override names: by gradebook id, or through the roster (login, email, ids)."""
        for sid, row in rows.items():
            if sid.casefold() == name.casefold():
                return row
        want = self.roster.find(name) if self.roster else None
        return next(rows[sid] for sid, s in self.students.items() if s is want)

    def _names(self, sid: str) -> list[str]:
        """Every name a student is known by: gradebook id and the roster's keys."""
        s = self.students.get(sid)
        return [sid, *(s.keys() if s else [])]

    def _late(self, gb: Any, assignment: Any) -> None:
        """Late penalties for the rows that were graded, from --times or nbgrader's timestamp.txt."""
        for r in gb.rows:
            if r.status in (MISSING, ERROR) or r.total is None:
                continue
            names = self._names(r.student_id)
            when = self._time_of(names, r.file, assignment)
            if when is None:
                self.untimed.append(r.student_id)
                continue
            self.submitted[r.student_id] = when
            late = late_penalty(assignment.late, names, when, assignment.max_points, r.total)
            if late is not None and late.penalty > 0:
                self.changes.setdefault(r.student_id, Changes(checked=r.total)).late = late
                r.total = round(r.total - late.penalty, 2)

    def _time_of(self, names: list[str], where: str, assignment: Any) -> datetime | None:
        """A submission's time: from --times by any of its names, else nbgrader's timestamp.txt in its folder."""
        times = {k.casefold(): v for k, v in self.times.items()}
        when = next((times[n.casefold()] for n in names if n.casefold() in times), None)
        base = self.submissions
        if base is not None and (base / "submitted").is_dir():
            base = base / "submitted"
        if when is None and base is not None and where.endswith("/"):  # a folder per student (nbgrader)
            when = nbgrader_time(base / where, assignment.late.due.tzinfo)
        return when

    def touches(self, subs: Any, assignment: Any) -> set[str]:
        """The submissions whose files apply() will change (an override names them, or they came after their due
        time), known before grading: their texts stay in memory and are written once, after the change."""
        out: set[str] = set()
        wanted = {o.student.casefold() for o in self.overrides}
        for sub in subs:
            if sub.missing:
                continue
            s = self.roster.find(sub.student_id) if self.roster is not None else None
            names = [sub.student_id, *(s.keys() if s else [])]
            if wanted & {n.casefold() for n in names}:
                out.add(sub.student_id)
            elif assignment.late is not None:
                when = self._time_of(names, sub.where, assignment)
                if when is not None and when - assignment.late.due_for(*names) > max(
                    assignment.late.grace, timedelta(0)
                ):
                    out.add(sub.student_id)
        return out

    def adjustments(self, sid: str) -> list[str]:
        """What this release changed in one student's points, one line each (run.json; changes.csv's why)."""
        ch = self.changes.get(sid)
        if ch is None:
            return []
        out = [
            f"override {o.question}: {fmt_points(old, '0')} → {fmt_points(o.points)} ({o.reason})"
            for o, old in ch.overrides
        ]
        if ch.late is not None:
            out.append(f"late: {ch.late.describe()}")
        return out

    # ── the student's files ────────────────────────────────────────────────────────────────
    def _rewrite(self, staging: Any, row: Any, ch: Changes, assignment: Any) -> None:
        """Add the changes to the student's staged feedback pages and Gradescope results."""
        sid = row.student_id
        mp = fmt_points(assignment.max_points)
        headline = (
            f"{fmt_points(ch.checked)} / {mp} points",
            f"{fmt_points(row.total)} / {mp} points after the changes below ({fmt_points(ch.checked)} from the checker)",
        )
        for rel, change in (
            (f"feedback/{sid}.html", lambda t: insert_html(t, notice_html(ch, row, assignment), headline)),
            (f"feedback/{sid}.md", lambda t: insert_md(t, notice_md(ch, row, assignment), headline)),
            (f"gradescope/{sid}/results.json", lambda t: results_json(t, ch)),
        ):
            text = staging.text(rel)  # held in memory when touches() foresaw the change: then this is its one write
            if text is not None:
                staging.write(rel, change(text))

    # ── gradebook columns and exports ──────────────────────────────────────────────────────
    def columns(self) -> list[str]:
        """The columns this release adds to grades.csv (after the existing ones)."""
        cols = []
        if self.roster is not None:
            cols += ["name", "sis_user_id", "sis_login_id", "email", "section"]
        if self.late_policy:
            cols.append("late_penalty")
        if self.overrides:
            cols.append("overrides")
        return cols

    def cells(self, row: Any) -> list[Any]:
        """This release's grades.csv cells of one row, in columns() order."""
        ch = self.changes.get(row.student_id, Changes())
        out: list[Any] = []
        if self.roster is not None:
            s = self.students.get(row.student_id) or Student()
            out += [s.display_name, s.sis_user_id, s.sis_login_id, s.email, s.section]
        if self.late_policy:
            out.append(fmt_points(ch.late.penalty) if ch.late else "")
        if self.overrides:
            out.append(
                "; ".join(
                    f"{o.question}: {fmt_points(old)} → {fmt_points(o.points)} ({o.reason})" for o, old in ch.overrides
                )
            )
        return out

    def entries(self, gb: Any) -> list[lms.Entry]:
        """One export line per roster student (roster order), or per gradebook row without a roster."""
        rows = {r.student_id: r for r in gb.rows}
        if self.roster is not None:
            ids = {id(s): sid for sid, s in self.students.items()}
            order = [(ids.get(id(s), s.key), s) for s in self.roster.students]
        else:
            order = [(r.student_id, None) for r in gb.rows]
        out = []
        for sid, s in order:
            r = rows.get(sid)
            ch = self.changes.get(sid, Changes())
            graded = r is not None and r.total is not None and (r.status not in (MISSING, ERROR) or ch.overrides)
            raw = (ch.raw if ch.raw is not None else r.total) if graded else None
            out.append(lms.Entry(sid, s, raw, ch.late.penalty if ch.late else 0.0, self.submitted.get(sid)))
        return out

    def export(self, kind: str, gb: Any, assignment: Any) -> str:
        """The export CSV text of one LMS layout."""
        column = self.column or assignment.title or assignment.id
        entries = self.entries(gb)
        if kind == "canvas":
            return lms.canvas(entries, column, assignment.max_points)
        if kind == "moodle":
            return lms.moodle(entries, column)
        due = assignment.late.due if assignment.late is not None else None
        return lms.nbgrader(entries, assignment.id, due, assignment.max_points)

    def summary(self) -> list[str]:
        """Lines for the terminal: unmatched submissions, students without a time, what was adjusted."""
        lines = []
        if self.unmatched:
            lines.append(f"not on the roster ({len(self.unmatched)}): {', '.join(self.unmatched[:10])}")
        if self.untimed:
            lines.append(f"no submission time, no late penalty ({len(self.untimed)}): {', '.join(self.untimed[:10])}")
        late = sum(1 for c in self.changes.values() if c.late)
        if late or self.overrides:
            lines.append(f"late penalties: {late}; overrides applied: {len(self.overrides)}")
        return lines


def load_release(
    assignment: Any,
    *,
    roster: str | Path | None = None,
    overrides: str | Path | None = None,
    times: str | Path | None = None,
    submissions: str | Path | None = None,
    exports: tuple[str, ...] = (),
    column: str | None = None,
) -> Release:
    """A Release from the instructor's files (each read and checked before any grading starts)."""
    if times and assignment.late is None:
        raise GradingError(
            f"--times {times}: the spec has no late policy to apply them to; add a 'late:' section "
            "(due, penalty, per) to the assignment spec, see docs/instructors.md"
        )
    if "canvas" in exports and not roster:
        raise GradingError(
            "--export canvas needs --roster: Canvas matches each row by ID, SIS User ID or SIS Login ID; export "
            "the roster from Canvas (Grades → Export) and pass it with --roster"
        )
    zone = assignment.late.due.tzinfo if assignment.late is not None else None
    release = Release(
        roster=read_roster(roster) if roster else None,
        overrides=read_overrides(overrides, assignment) if overrides else [],
        times=read_times(times, zone) if times else {},
        submissions=Path(submissions) if submissions else None,
        exports=tuple(dict.fromkeys(exports)),
        column=column,
    )
    if release.overrides and submissions:  # a misspelt student stops the run before grading, not after
        try:
            names = [sub.student_id for sub in find_submissions(submissions, assignment.id)]
        except GradingError:
            names = None  # grading will say what is wrong with the folder
        if names is not None:
            keys = [k for s in release.roster.students for k in s.keys()] if release.roster else []
            check_students(release.overrides, names + keys)
    return release


def _file_name(key: str) -> bool:
    """True when a roster key can name a file in feedback/ (no folder part, not hidden)."""
    return bool(key) and not key.startswith(".") and "/" not in key and "\\" not in key


# ── texts shown to the student ────────────────────────────────────────────────────────────
def _lines(ch: Changes) -> list[tuple[str, str]]:
    """(plain text, reason) of each change, for the student."""
    out = [
        (f"{o.question}: {fmt_points(old, '0')} → {fmt_points(o.points)} points, set by your instructor", o.reason)
        for o, old in ch.overrides
    ]
    if ch.late is not None:
        out.append((f"late: {ch.late.describe()}", ""))
    return out


def notice_md(ch: Changes, row: Any, assignment: Any) -> str:
    """The changes as a Markdown block for feedback/<id>.md."""
    out = ["**Changes to your points**", ""]
    out += [f"- {md(text)}" + (f": {md(reason)}" if reason else "") for text, reason in _lines(ch)]
    out += ["", f"**Total after these changes:** {fmt_points(row.total)} / {fmt_points(assignment.max_points)} points"]
    return "\n".join(out)


def notice_html(ch: Changes, row: Any, assignment: Any) -> str:
    """The changes as an HTML block for feedback/<id>.html."""
    items = "".join(
        f"<li>{html.escape(text)}" + (f": <i>{html.escape(reason)}</i>" if reason else "") + "</li>"
        for text, reason in _lines(ch)
    )
    return (
        '<div class="okrkit-changes" style="border:1px solid #c9c9c9;border-radius:6px;padding:8px 12px;margin:10px 0">'
        f'<b>Changes to your points</b><ul style="margin:6px 0">{items}</ul>'
        f'<p style="margin:6px 0">Total after these changes: <b>{fmt_points(row.total)} / '
        f"{fmt_points(assignment.max_points)} points</b></p></div>\n"
    )


def insert_html(page: str, block: str, headline: tuple[str, str] = ("", "")) -> str:
    """A feedback page with block after its headline line (or at the top of <main>, or before </body>); the
    headline's total (headline[0]) becomes headline[1]."""
    at = page.find('<p class="okrkit-meta">')
    if at >= 0:
        end = page.find("</p>", at)
        if end >= 0:
            line = page[at:end]
            if headline[0] and headline[0] in line:
                line = line.replace(headline[0], html.escape(headline[1]), 1)
            return page[:at] + line + "</p>\n" + block + page[end + len("</p>") :]
    main = page.find('<main class="okrkit-feedback">')
    if main >= 0:
        end = page.find(">", main) + 1
        return page[:end] + "\n" + block + page[end:]
    body = page.rfind("</body>")
    return page[:body] + block + page[body:] if body >= 0 else page + block


def insert_md(page: str, block: str, headline: tuple[str, str] = ("", "")) -> str:
    """A Markdown feedback page with block after the '**Student:**' line (or after the first heading); the
    headline's total (headline[0]) becomes headline[1]."""
    lines = page.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("**Student:**")), None)
    if at is not None and headline[0]:
        lines[at] = lines[at].replace(headline[0], md(headline[1]), 1)
    if at is None:
        at = next((i for i, line in enumerate(lines) if line.startswith("# ")), -1)
    return "\n".join(lines[: at + 1] + ["", block] + lines[at + 1 :])


def results_json(text: str, ch: Changes) -> str:
    """A Gradescope results.json with the overridden tests' scores and the late penalty."""
    data = json.loads(text)
    for o, _old in ch.overrides:
        for t in data.get("tests", []):
            if t.get("name", "").endswith(f"({o.question})"):
                data["score"] = round(float(data["score"]) - float(t["score"]) + o.points, 2)
                t["score"] = points_value(o.points)
                t["status"] = "passed" if o.points >= float(t.get("max_score", 0)) - 1e-9 else "failed"
                t["output"] = f"**Set by your instructor:** {md(o.reason)}\n\n" + t.get("output", "")
    data["score"] = points_value(data["score"])
    if ch.late is not None:
        add_late_test(data, ch.late)
    return dump_json(data)
