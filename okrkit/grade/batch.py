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

import csv
import io
import os
import statistics
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrkit.assignment import load_assignment
from okrkit.extras import require
from okrkit.grade import report as class_report
from okrkit.grade.feedback import body_of
from okrkit.grade.files import GradingError, SubmissionFile, find_submissions
from okrkit.grade.limits import DEFAULT_MAX_MB, DEFAULT_MEMORY_MB, DEFAULT_TIME_LIMIT, Limits
from okrkit.grade.one import STATUSES, Graded, Row, error_result, grade_submission
from okrkit.grade.outputs import Staging
from okrkit.grade.pool import GRACE, mp_context  # looked up here when the pool starts, so tests can patch them
from okrkit.grade.pool import run_pool as _run_pool
from okrkit.render.numbers import fmt_points


# ── many submissions, in worker processes ─────────────────────────────────────────────────
def run_pool(
    subs: Sequence[SubmissionFile],
    spec: str,
    assignment: Any,
    limits: Limits,
    jobs: int,
    on_done: Callable[[int, Graded], None],
    stage_dir: Path | None = None,
) -> None:
    """Grade each submission with grade_submission in worker processes; a stuck or crashed worker costs one
    error row and is replaced.

    With stage_dir, workers write each submission's files there (Graded.staged names them)."""
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
    release: Any = None  # roster, overrides, late penalties, exports applied to the rows (grade/release.py)

    def counts(self) -> dict[str, int]:
        """Number of rows per status (ok, error, missing)."""
        c = Counter(r.status for r in self.rows)
        return {s: c.get(s, 0) for s in STATUSES}

    def totals(self) -> list[float]:
        """Totals of the rows graded in full (status ok)."""
        return [r.total for r in self.rows if r.status == "ok" and r.total is not None]

    def mean(self) -> float | None:
        """Mean total of the rows graded in full."""
        t = self.totals()
        return round(statistics.fmean(t), 2) if t else None

    def median(self) -> float | None:
        """Median total of the rows graded in full."""
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
            f"{self.title or self.assignment}: {len(self.rows)} submissions — "
            + ", ".join(f"{n} {s}" for s, n in c.items())
        ]
        if self.totals():
            lines.append(
                f"total (graded in full): mean {fmt_points(self.mean())} / {mp}, median {fmt_points(self.median())} / {mp}"
            )
        top = self.top_findings(5)
        if top:
            lines.append("most frequent findings:")
            lines += [f"  {t['count']:>5} × {t['code']} {t['name']} ({t['students']} students)" for t in top]
        errors = [r for r in self.rows if r.status == "error"]
        if errors:
            lines.append(f"errors ({len(errors)}), see the message column of grades.csv:")
            lines += [f"  {r.student_id}: {_cut(r.message, 110)}" for r in errors[:5]]
            if len(errors) > 5:
                lines.append(f"  … and {len(errors) - 5} more")
        if self.out is not None:
            lines.append(f"written to {self.out}: {', '.join(self.written)}")
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
        text = (self.out / "feedback" / f"{student_id}.html").read_text(encoding="utf-8")
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
    """grades.csv's columns: id, total, one per question, status, message."""
    extra = gb.release.columns() if gb.release is not None else []  # issue 12: roster, late, overrides
    return ["id", "total", *[q for q, _, _ in gb.questions], "status", "message", *extra]


def gradebook_records(gb: Gradebook) -> list[list[Any]]:
    """One list per row in csv_header's order; empty cells where nothing could be graded."""
    extra = gb.release.cells if gb.release is not None else lambda r: []  # issue 12: roster, late, overrides
    return [
        [r.student_id, r.total, *[r.points.get(q) for q, _, _ in gb.questions], r.status, r.message, *extra(r)]
        for r in gb.rows
    ]


FINDING_COLUMNS = ("id", "question", "code", "name", "category", "severity")


def finding_records(gb: Gradebook) -> list[tuple[str, ...]]:
    """One tuple per flagged finding of every student, in FINDING_COLUMNS' order (rows sorted by id)."""
    return [(r.student_id, *f) for r in gb.rows for f in r.findings]


def findings_csv(gb: Gradebook) -> str:
    """Every flagged finding of the class as CSV: who, which question, which rule (for an instructor's own sums)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(FINDING_COLUMNS)
    w.writerows(finding_records(gb))
    return buf.getvalue()


def grades_csv(gb: Gradebook) -> str:
    """The gradebook as CSV text (stable: sorted rows, fixed columns, '\\n' line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(csv_header(gb))
    for rec in gradebook_records(gb):
        w.writerow(["" if v is None else (fmt_points(v) if isinstance(v, float) else v) for v in rec])
    return buf.getvalue()


# ── grading a class ───────────────────────────────────────────────────────────────────────
def _progress(total: int, enabled: bool | None, desc: str) -> Any:
    """A tqdm progress bar (terminal or Jupyter) or a stand-in that does nothing."""
    if enabled is None:
        enabled = _in_jupyter() or sys.stderr.isatty()
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    class _Bar(tqdm):  # no monitor thread: workers started later can still be forked safely
        monitor_interval = 0

    return _Bar(total=total, desc=desc, unit="nb", leave=True)


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
    progress: bool | None = None,
    report: bool = True,
    release: Any = None,
) -> Gradebook:
    """Grade every submission in a folder; with out, write grades.csv, feedback/, gradescope/ and report.html.

    release (grade/release.py: roster, overrides, late penalties, LMS exports) is applied once all are graded."""
    if out is not None and report:
        require("report", "the class report (report.html)", "grade with --no-report")
    assignment = load_assignment(spec)
    spec_ref = str(assignment.path) if getattr(assignment, "path", None) else str(spec)
    subs = find_submissions(submissions, assignment.id, exclude=[out] if out is not None else [])
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
            else:
                for kind, rel in targets.items():
                    text = getattr(graded, kind)
                    if text is not None:
                        staging.write(rel, text)
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
            )
        bar.close()
        gb = Gradebook(
            assignment.id,
            assignment.title,
            [(q.id, q.title, q.max_points) for q in assignment.questions],
            assignment.max_points,
            [r for r in rows if r is not None],
            out_dir,
        )
        # ── issue 12 (release): roster rows, overrides, late penalties, exports; see grade/release.py ──
        exported = release.apply(gb, assignment, staging) if release is not None else ()
        gb.release = release
        if staging is not None:
            staging.write("findings.csv", findings_csv(gb))
            staging.write("grades.csv", grades_csv(gb))
            gb.written = ("grades.csv", "findings.csv", "feedback/", "gradescope/", *exported)
            if report:
                staging.write("report.html", class_report.report_html(gb))
                gb.written += ("report.html",)
            staging.commit()
    except BaseException:
        bar.close()
        if staging is not None:
            staging.discard()
        raise
    return gb
