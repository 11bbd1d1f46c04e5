"""A folder of submitted notebooks → gradebook rows, feedback, Gradescope results and a class report.

Grading one submission is a pure function (``grade_submission``): it reads the notebook's JSON (never
runs it), checks the answers with the same ``Assignment.check`` students use, and returns the row plus
the texts of its feedback and Gradescope files. ``grade_class`` runs it over a class in worker processes
with per-submission size, time and memory limits, then writes every output atomically.

The parts live in their own modules: ``files`` (finding submissions and reading their answers),
``one`` (grading one submission), ``limits`` and ``pool`` (worker processes under limits) and ``outputs``
(staged, atomic writes).
"""

from __future__ import annotations

import os
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrkit.assignment import load_assignment
from okrkit.extras import require
from okrkit.files import csv_text
from okrkit.grade import report as class_report
from okrkit.grade import runs
from okrkit.grade.feedback import body_of
from okrkit.grade.files import GradingError, SubmissionFile, find_submissions
from okrkit.grade.limits import DEFAULT_MAX_MB, DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT, Limits
from okrkit.grade.one import Graded, Row, error_result, grade_submission
from okrkit.grade.outputs import Staging, dump_json
from okrkit.grade.pool import GRACE, mp_context  # looked up here when the pool starts, so tests can patch them
from okrkit.grade.pool import run_pool as _run_pool
from okrkit.grade.runs import POINTS_POSSIBLE
from okrkit.grade.status import ERROR, GRADED, NEEDS_REVIEW, STATUSES
from okrkit.render.numbers import fmt_points
from okrkit.render.words import counted


# ── many submissions, in worker processes ─────────────────────────────────────────────────
def run_pool(
    subs: Sequence[SubmissionFile],
    spec: str,
    assignment: Any,
    limits: Limits,
    jobs: int,
    on_done: Callable[[int, Graded], None],
    stage_dir: Path | None = None,
    held: Collection[str] = (),
) -> None:
    """Grade each submission with grade_submission in worker processes; a stuck or crashed worker costs one
    error row and is replaced.

    With stage_dir, workers write each submission's files there (Graded.staged names them), except those of the
    student ids in held (their texts come back in Graded)."""
    _run_pool(
        subs,
        spec,
        limits,
        jobs,
        on_done,
        stage_dir,
        grade=grade_submission,
        fail=lambda sub, message: error_result(sub, assignment, message),
        context=mp_context,
        grace=GRACE,
        held=held,
    )


# ── the gradebook ─────────────────────────────────────────────────────────────────────────
@dataclass
class Gradebook:
    """A graded class: one row per student, sorted by id, with summaries for the terminal and notebooks."""

    assignment: str
    title: str
    questions: list[tuple[str, str, float]]  # id, title, max points
    max_points: float
    rows: list[Row]
    out: Path | None = None
    written: tuple[str, ...] = ()  # what was written to out: 'grades.csv', 'feedback/', 'gradescope/', 'report.html'
    provenance: str = ""  # okrkit's version and the spec's hash (grades.csv's points-possible row, run.json)
    removed: tuple[str, ...] = ()  # files of an earlier run in out that this run no longer writes, now deleted
    release: Any = None  # roster, overrides, late penalties, exports applied to the rows (grade/release.py)

    def counts(self) -> dict[str, int]:
        """Number of rows per status (ok, needs_review, error, missing)."""
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}

    def totals(self) -> list[float]:
        """Totals of the graded rows (ok or needs_review)."""
        return [r.total for r in self.rows if r.status in GRADED and r.total is not None]

    def mean(self) -> float | None:
        """Mean total of the graded rows."""
        t = self.totals()
        return round(statistics.fmean(t), 2) if t else None

    def median(self) -> float | None:
        """Median total of the graded rows."""
        t = self.totals()
        return round(statistics.median(t), 2) if t else None

    def top_findings(self, n: int | None = 5) -> list[dict]:
        """The most frequent flagged findings: code, name, category, count and students affected."""
        count: Counter = Counter()
        students: dict[str, set] = {}
        names: dict[str, tuple[str, str]] = {}
        for r in self.rows:
            for _, code, name, category, _sev in r.findings:
                count[code] += 1
                students.setdefault(code, set()).add(r.student_id)
                names[code] = (name, category)
        ranked = sorted(count, key=lambda c: (-count[c], c))
        return [
            {"code": c, "name": names[c][0], "category": names[c][1], "count": count[c], "students": len(students[c])}
            for c in ranked[:n]
        ]

    def summary(self) -> str:
        """A few lines for the terminal: counts by status, mean and median total, most frequent findings."""
        c = self.counts()
        mp = fmt_points(self.max_points)
        lines = [
            f"{self.title or self.assignment}: {counted(len(self.rows), 'submission')} — "
            + ", ".join(f"{n} {s}" for s, n in c.items())
        ]
        if self.totals():
            lines.append(
                f"total (graded rows): mean {fmt_points(self.mean())} / {mp}, median {fmt_points(self.median())} / {mp}"
            )
        top = self.top_findings(5)
        if top:
            lines.append("most frequent findings:")
            lines += [f"  {t['count']:>5} × {t['code']} {t['name']} ({counted(t['students'], 'student')})" for t in top]
        for status, column in ((ERROR, "message"), (NEEDS_REVIEW, "note")):
            rows = [r for r in self.rows if r.status == status]
            if rows:
                lines.append(f"{status} ({len(rows)}), see the {column} column of grades.csv:")
                lines += [f"  {r.student_id}: {_cut(getattr(r, column), 110)}" for r in rows[:5]]
                if len(rows) > 5:
                    lines.append(f"  … and {len(rows) - 5} more")
        if self.out is not None:
            lines.append(f"written to {self.out}: {', '.join(self.written)}")
        if self.removed:
            lines.append(f"removed {len(self.removed)} file(s) of the previous run that this run no longer writes")
        return "\n".join(lines)

    def findings_table(self) -> Any:
        """Every flagged finding as a pandas DataFrame (id, question, code, name, category, severity)."""
        require("report", "Gradebook.findings_table()")
        import pandas as pd

        return pd.DataFrame(finding_records(self), columns=list(FINDING_COLUMNS))

    def table(self) -> Any:
        """The gradebook as a pandas DataFrame (id, total, one column per question, status, message)."""
        require("report", "Gradebook.table()")
        import pandas as pd

        return pd.DataFrame(gradebook_records(self), columns=csv_header(self)).set_index("id")

    def feedback(self, student_id: str) -> _HTML:
        """A student's feedback page, to show in a notebook (needs the outputs written)."""
        if self.out is None:
            raise GradingError("this gradebook was not written to a folder; pass out= to grade_class")
        try:
            text = (self.out / "feedback" / f"{student_id}.html").read_text(encoding="utf-8")
        except FileNotFoundError:
            known = [r.student_id for r in self.rows if r.student_id.casefold() == student_id.casefold()]
            hint = f"did you mean {known[0]!r}?" if known else "ids are the gradebook's id column"
            raise GradingError(f"{self.out / 'feedback'}: no feedback page for {student_id!r}; {hint}") from None
        return _HTML(body_of(text))

    def _repr_html_(self) -> str:
        return class_report.summary_html(self)

    def __str__(self) -> str:
        return self.summary()


class _HTML:
    """HTML shown by Jupyter as is."""

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


def _cut(text: str, n: int) -> str:
    """Text cut to n characters."""
    return text if len(text) <= n else text[: n - 1] + "…"


def csv_header(gb: Gradebook) -> list[str]:
    """grades.csv's columns: id, total, one per question, status, message (the student's), note (the instructor's),
    then the release's columns (roster, late penalty, overrides) when there is one."""
    extra = gb.release.columns() if gb.release is not None else []  # issue 12: roster, late, overrides
    return ["id", "total", *[q for q, _, _ in gb.questions], "status", "message", "note", *extra]


def gradebook_records(gb: Gradebook) -> list[list[Any]]:
    """One list per row in csv_header's order; empty cells where nothing could be graded."""
    extra = gb.release.cells if gb.release is not None else lambda r: []  # issue 12: roster, late, overrides
    return [
        [r.student_id, r.total, *[r.points.get(q) for q, _, _ in gb.questions], r.status, r.message, r.note, *extra(r)]
        for r in gb.rows
    ]


FINDING_COLUMNS = ("id", "question", "code", "name", "category", "severity")


def finding_records(gb: Gradebook) -> list[tuple[str, ...]]:
    """One tuple per flagged finding of every student, in FINDING_COLUMNS' order (rows sorted by id)."""
    return [(r.student_id, *f) for r in gb.rows for f in r.findings]


def findings_csv(gb: Gradebook) -> str:
    """Every flagged finding of the class as CSV: who, which question, which rule (for an instructor's own sums)."""
    return csv_text([FINDING_COLUMNS, *finding_records(gb)])


def grades_csv(gb: Gradebook) -> str:
    """The gradebook as CSV text (stable: sorted rows, fixed columns, '\\n' line ends). The first row under the
    header is the points possible, its note cell naming okrkit's version and the spec's hash."""
    possible = [POINTS_POSSIBLE, gb.max_points, *[mx for _, _, mx in gb.questions], "", "", gb.provenance]
    return csv_text(
        [
            csv_header(gb),
            *(
                [fmt_points(v) if isinstance(v, float) else v for v in rec]
                for rec in [possible, *gradebook_records(gb)]
            ),
        ]
    )


# ── after grading, before writing ─────────────────────────────────────────────────────────
def adjust(gb: Gradebook, assignment: Any, staging: Staging | None = None, release: Any = None) -> tuple[str, ...]:
    """Change the graded rows before anything is written: the one place for a roster's missing rows, overrides
    and a late policy (each run applies them again, so they survive regrades). Grading alone changes nothing.

    The rows' feedback and Gradescope files are staged (by the workers) or held in memory (students the release
    said it would change, ``Release.touches``); ``staging.text(rel)`` reads one, ``staging.write(rel, text)``
    replaces it: a held file is then written once. Returns the names of the extra files staged (LMS exports)."""
    gb.release = release
    if release is None:
        return ()
    return tuple(release.apply(gb, assignment, staging))  # grade/release.py: roster, overrides, late, exports


def write_outputs(
    gb: Gradebook,
    assignment: Any,
    staging: Staging,
    subs: Sequence[SubmissionFile],
    report: bool,
    max_bytes: int = int(DEFAULT_MAX_MB * 1_000_000),
) -> None:
    """Stage grades.csv, findings.csv, report.html, run.json and changes.csv next to the feedback files, commit
    them at once, then delete the files the previous run wrote and this one did not (run.json lists them)."""
    out = staging.out
    before, old = runs.previous_manifest(out), runs.previous_gradebook(out)
    grades = grades_csv(gb)
    staging.write("findings.csv", findings_csv(gb))
    staging.write("grades.csv", grades)
    gb.written = ("grades.csv", "findings.csv", "feedback/", "gradescope/")
    if report:
        staging.write("report.html", class_report.report_html(gb))
        gb.written += ("report.html",)
    files = set(staging.files) | {runs.MANIFEST, runs.CHANGES}
    hashes = {s.student_id: runs.sha256_of(s.paths, max_bytes) for s in subs if s.paths}
    now = runs.manifest(gb, assignment, sorted(files), hashes)
    items = [q for q, _, _ in gb.questions]
    changed = runs.changes(old, runs.previous_gradebook_text(grades), items, before, now) if old is not None else []
    staging.write(runs.CHANGES, csv_text([runs.CHANGE_COLUMNS, *changed]))  # header only on a first run
    gb.written += (runs.CHANGES,)
    staging.write(runs.MANIFEST, dump_json(now))
    gb.written += (runs.MANIFEST,)
    stale = runs.stale_files(out, before, files)
    staging.commit()
    gb.removed = tuple(runs.remove_stale(out, stale))


# ── grading a class ───────────────────────────────────────────────────────────────────────
PROGRESS = ("auto", "bar", "lines", "none")


def _progress(total: int, mode: bool | str | None, desc: str) -> Any:
    """How a run shows progress: a tqdm bar (a terminal or Jupyter), plain lines on stderr (a log file, CI),
    or nothing. mode: 'auto' (None) picks the bar on a terminal and lines otherwise; True/False mean bar/none."""
    mode = {None: "auto", True: "bar", False: "none"}.get(mode, mode)  # type: ignore[arg-type]
    if mode not in PROGRESS:
        raise GradingError(f"--progress must be one of {', '.join(PROGRESS)}, not {mode!r}")
    if mode == "auto":
        mode = "bar" if _in_jupyter() or sys.stderr.isatty() else "lines"
    if mode == "none":
        return _NoBar()
    if mode == "lines":
        return _Lines(total, desc)
    from tqdm.auto import tqdm

    class _Bar(tqdm):  # no monitor thread: workers started later can still be forked safely
        monitor_interval = 0

    return _Bar(total=total, desc=desc, unit="nb", leave=True)


class _Lines:
    """Progress as plain lines on stderr: every tenth of the class or every second, and the last one."""

    def __init__(self, total: int, desc: str, every: float = 1.0) -> None:
        import time

        self.total, self.desc, self.every, self.done = total, desc, every, 0
        self.step = max(1, total // 10)
        self._clock = time.monotonic
        self.start = self.last = self._clock()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = self._clock()
        if self.done >= self.total or self.done % self.step == 0 or now - self.last >= self.every:
            self.last = now
            print(f"{self.desc}: {self.done}/{self.total} ({now - self.start:.1f} s)", file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


def _in_jupyter() -> bool:
    """True inside a Jupyter kernel."""
    shell = sys.modules.get("IPython") and getattr(sys.modules["IPython"], "get_ipython", lambda: None)()
    return bool(shell) and type(shell).__name__ == "ZMQInteractiveShell"


class _NoBar:
    """A progress bar that shows nothing."""

    def update(self, n: int = 1) -> None:
        pass

    def close(self) -> None:
        pass


def grade_class(
    spec: Any,
    submissions: str | Path,
    out: str | Path | None = None,
    *,
    jobs: int | None = None,
    max_mb: float = DEFAULT_MAX_MB,
    time_limit: float = DEFAULT_TIME_LIMIT,
    memory_mb: int | None = DEFAULT_MEMORY_MB,
    progress: bool | str | None = None,
    report: bool = True,
    assignment_folder: str | None = None,
    release: Any = None,
) -> Gradebook:
    """Grade every submission in a folder; with out, write grades.csv, findings.csv, feedback/, gradescope/,
    report.html, run.json and changes.csv (and remove the files an earlier run wrote there that this one does not).

    progress: 'auto' (None), 'bar' (True), 'lines' or 'none' (False); assignment_folder: nbgrader's
    submitted/<student>/<assignment_folder>/ to grade (by default the spec's id, when such folders exist);
    release (grade/release.py: roster, overrides, late penalties, LMS exports) is applied once all are graded."""
    assignment = load_assignment(spec)
    spec_ref = str(assignment.path) if getattr(assignment, "path", None) else str(spec)
    subs = find_submissions(
        submissions, assignment.id, exclude=[out] if out is not None else [], assignment=assignment_folder
    )
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise GradingError(f"--jobs must be 1 or more, not {jobs}")
    if max_mb <= 0 or (time_limit is not None and time_limit <= 0):
        raise GradingError("size and time limits must be positive numbers")
    out_dir = Path(out) if out is not None else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        raise GradingError(f"{out}: exists and is not a folder; choose a folder for the outputs")
    limits = Limits(int(max_mb * 1_000_000), time_limit, memory_mb)
    rows: list[Row | None] = [None] * len(subs)
    staging = Staging(out_dir) if out_dir is not None else None
    bar = _progress(len(subs), progress, f"grading {assignment.id}")
    held = release.touches(subs, assignment) if release is not None and staging is not None else set()

    def done(idx: int, graded: Graded) -> None:
        rows[idx] = graded.row
        if staging is not None:
            sid = graded.row.student_id
            targets = {
                "feedback_html": f"feedback/{sid}.html",
                "feedback_md": f"feedback/{sid}.md",
                "gradescope_json": f"gradescope/{sid}/results.json",
            }
            if graded.staged is not None:
                for kind, name in graded.staged.items():
                    staging.adopt(targets[kind], name)
            else:  # the parent's own rows (missing, a failed worker) and the students held for the release
                for kind, rel in targets.items():
                    text = getattr(graded, kind)
                    if text is not None:
                        (staging.hold if sid in held else staging.write)(rel, text)
        bar.update(1)

    try:
        todo = [(i, s) for i, s in enumerate(subs) if not s.missing]
        for i, s in enumerate(subs):
            if s.missing:
                done(i, grade_submission(s, assignment, limits))
        if todo:
            run_pool(
                [s for _, s in todo],
                spec_ref,
                assignment,
                limits,
                jobs,
                lambda k, g: done(todo[k][0], g),
                stage_dir=staging.dir if staging is not None else None,
                held=held,
            )
        bar.close()
        gb = Gradebook(
            assignment.id,
            assignment.title,
            [(q.id, q.title, q.max_points) for q in assignment.questions],
            assignment.max_points,
            [r for r in rows if r is not None],
            out_dir,
            provenance=runs.provenance(assignment),
        )
        exported = adjust(gb, assignment, staging, release)
        if staging is not None:
            write_outputs(gb, assignment, staging, subs, report, limits.max_bytes)
            gb.written += tuple(exported)
    except BaseException:
        bar.close()
        if staging is not None:
            staging.discard()
        raise
    return gb
