"""A folder of submitted notebooks → gradebook rows, feedback, Gradescope results and a class report.

Grading one submission is a pure function (``grade_submission``): it reads the notebook's JSON (never
runs it), checks the answers with the same ``Assignment.check`` students use, and returns the row plus
the texts of its feedback and Gradescope files. ``grade_class`` runs it over a class in worker processes
with per-submission size, time and memory limits, then writes every output atomically.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

from .errors import OKRKitError

STATUSES = ("ok", "error", "missing")
DEFAULT_MAX_MB = 5.0          # a notebook over this size is refused without being read
DEFAULT_TIME_LIMIT = 10.0     # seconds to read and check one submission
DEFAULT_MEMORY_MB = 2048      # address-space limit of a grading worker (POSIX)
_GRACE = 5.0                  # extra seconds before a stuck worker is killed from outside
_NOTEBOOK = ".ipynb"


class GradingError(OKRKitError):
    """Arguments that can't be graded (no such folder, no notebooks, an output path that is a file)."""


class _TimeLimit(BaseException):
    """Raised inside a worker when one submission takes too long (BaseException: no `except Exception` eats it)."""


# ── finding the submissions ───────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class SubmissionFile:
    """One student's submission on disk: their id and notebook paths (none when missing)."""

    student_id: str
    paths: tuple[Path, ...]
    where: str                     # the folder or file, relative to the submissions folder, for messages

    @property
    def missing(self) -> bool:
        """True when the student's folder holds no notebook."""
        return not self.paths


def _visible(p: Path) -> bool:
    """Not hidden and not a Jupyter checkpoint."""
    return not p.name.startswith(".") and not p.name.startswith("~") and p.name != ".ipynb_checkpoints"


def _notebooks(folder: Path, depth: int) -> list[Path]:
    """Notebook files under folder, at most depth levels down, sorted."""
    found: list[Path] = []
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return found
    for p in entries:
        if not _visible(p):
            continue
        if p.suffix.lower() == _NOTEBOOK and not p.is_dir():
            found.append(p)
        elif depth > 0 and p.is_dir() and not p.is_symlink():
            found.extend(_notebooks(p, depth - 1))
    return found


def find_submissions(folder: str | Path, assignment_id: str | None = None,
                     exclude: Iterable[str | Path] = ()) -> list[SubmissionFile]:
    """Submissions in a folder, sorted by student id: `<id>.ipynb` files, or nbgrader's `submitted/<id>/<assignment>/`."""
    root = Path(folder)
    if not root.is_dir():
        raise GradingError(f"{folder}: no such folder; give the folder holding the submitted notebooks")
    if (root / "submitted").is_dir():
        root = root / "submitted"
    skip = {Path(e).resolve() for e in exclude}
    entries = [p for p in sorted(root.iterdir()) if _visible(p) and p.resolve() not in skip]
    subs: dict[str, SubmissionFile] = {}
    for p in entries:
        if p.suffix.lower() == _NOTEBOOK and not p.is_dir():
            subs[p.stem] = SubmissionFile(p.stem, (p,), p.name)
    dirs = [p for p in entries if p.is_dir() and p.name not in subs]
    strict = bool(assignment_id) and any((p / str(assignment_id)).is_dir() for p in dirs)
    for p in dirs:
        if strict:     # nbgrader: submitted/<student>/<assignment>/*.ipynb
            sub = p / str(assignment_id)
            books = _notebooks(sub, depth=0) if sub.is_dir() else []
        else:          # a folder per student, notebooks in it or one level down
            sub = p
            books = _notebooks(p, depth=1)
        subs[p.name] = SubmissionFile(p.name, tuple(books), sub.relative_to(root).as_posix() + "/")
    if not subs:
        raise GradingError(f"{folder}: found no notebooks; expected <student>.ipynb files or nbgrader's "
                           "submitted/<student>/<assignment>/*.ipynb")
    if all(s.missing for s in subs.values()):
        raise GradingError(f"{folder}: found student folders but no .ipynb file in any of them; "
                           "is this the right folder?")
    return [subs[k] for k in sorted(subs)]


# ── one submission → one row ──────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class Limits:
    """Per-submission limits: file size, seconds to read and check, worker memory."""

    max_bytes: int = int(DEFAULT_MAX_MB * 1_000_000)
    seconds: float = DEFAULT_TIME_LIMIT
    memory_mb: int | None = DEFAULT_MEMORY_MB


@dataclass
class Row:
    """One line of the gradebook, plus the flagged findings the class report counts."""

    student_id: str
    status: str                               # ok | error | missing
    total: float | None
    points: dict[str, float | None]
    message: str = ""
    file: str = ""
    findings: list[tuple[str, str, str, str, str]] = field(default_factory=list)  # question, code, name, category, severity


@dataclass
class Graded:
    """What grading one submission returns: the row and the texts of its output files."""

    row: Row
    feedback_html: str
    feedback_md: str
    gradescope_json: str | None          # results.json's text (JSON is encoded in the worker, not the parent)
    staged: dict[str, str] | None = None  # when a worker wrote the texts to the staging folder: kind → file name


def _mb(n: float) -> str:
    """Bytes as megabytes: '50.0 MB'."""
    return f"{n / 1_000_000:.1f} MB"


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise _TimeLimit in this (main) thread after seconds, where POSIX signals allow it."""
    import signal
    import threading
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise _TimeLimit()

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def _file_problem(path: Path, where: str, limits: Limits) -> str | None:
    """Why this file can't be read at all (not a file, too large, empty), or None."""
    import stat
    try:
        st = path.stat()
    except OSError as exc:
        return f"{where}: can't open the file ({exc.strerror}); submit the notebook again"
    if not stat.S_ISREG(st.st_mode):
        return f"{where}: not a regular file; submit the .ipynb notebook file itself"
    if st.st_size > limits.max_bytes:
        return (f"{where}: the notebook is {_mb(st.st_size)}, over the {_mb(limits.max_bytes)} limit; "
                "big notebooks usually carry large outputs or images: clear all outputs "
                "(Edit → Clear Outputs of All Cells), save, and submit again")
    if st.st_size == 0:
        return (f"{where}: the file is empty (0 bytes), so the notebook was not saved before it was submitted; "
                "open it in Jupyter, save it (Ctrl+S) and submit again")
    return None


def _clean(message: str, sub: SubmissionFile, root_hint: Iterable[Path]) -> str:
    """A message on one line with absolute paths replaced by the submission's relative name."""
    for p in root_hint:
        for form in (str(p.resolve()), str(p), str(p.absolute())):
            message = message.replace(form, _rel(p, sub))
    return " ".join(message.split())


def _rel(p: Path, sub: SubmissionFile) -> str:
    """The display name of one of the submission's notebooks."""
    if len(sub.paths) == 1 and sub.where.endswith(_NOTEBOOK):
        return sub.where
    return sub.where + p.name


def _answer_tag(cell: Any) -> str | None:
    """The question id in a cell's okrkit answer metadata, if any."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    tag = meta.get("okrkit") if isinstance(meta, dict) else None
    qid = tag.get("answer") if isinstance(tag, dict) else None
    return qid if isinstance(qid, str) and qid else None


def _has_yaml_block(cell: dict) -> bool:
    """True when a markdown cell holds a fenced yaml answer."""
    from .submissions import extract_answer
    return extract_answer(cell) is not None


def structure_problems(nb: dict, qids: Sequence[str], name: str) -> tuple[list[str], bool]:
    """What makes a notebook's answer cells unusable as they are: (problems, whether nothing can be graded)."""
    cells = [c for c in nb.get("cells", []) if isinstance(c, dict)]
    tagged: dict[str, list[tuple[int, str]]] = {}
    for i, cell in enumerate(cells, 1):
        qid = _answer_tag(cell)
        if qid in qids:
            tagged.setdefault(qid, []).append((i, str(cell.get("cell_type"))))
    if not tagged:
        return [f"{name}: no answer cells were found (cells whose metadata says which question they answer), "
                "so this is not the assignment notebook or its answer cells were replaced; paste your answers "
                "into the answer cells of the assignment notebook and submit that notebook"], True
    problems = []
    for qid in qids:
        where = tagged.get(qid, [])
        if len(where) > 1:
            problems.append(f"{name}: question '{qid}' has {len(where)} answer cells (cells "
                            f"{', '.join(str(i) for i, _ in where)}); keep one answer cell per question, delete "
                            "the copies and submit again")
        for i, kind in where:
            if kind == "markdown" and _has_yaml_block(cells[i - 1]):
                continue                     # a ```yaml block in markdown is a proper answer (DESIGN.md)
            if kind != "code":
                problems.append(f"{name}: the answer to '{qid}' (cell {i}) is in a {kind} cell, not a code cell, "
                                "so check() could not run on it; select the cell, change it back to Code "
                                "(Esc, then Y), run it and submit again")
    return problems, False


def _read_answers(sub: SubmissionFile, assignment: Any, limits: Limits) -> tuple[dict[str, str], list[str], list[str]]:
    """Answers, reader notes and structural problems of a submission (several notebooks are merged).

    Raises _Unreadable when nothing in it can be graded."""
    from .submissions import SubmissionError, read_notebook, read_submission
    qids = [q.id for q in assignment.questions]
    answers: dict[str, str] = {}
    origin: dict[str, str] = {}
    notes: list[str] = []
    problems: list[str] = []
    unreadable: list[str] = []
    for path in sub.paths:
        name = _rel(path, sub)
        problem = _file_problem(path, name, limits)
        if problem:
            unreadable.append(problem)
            continue
        try:
            found, fatal = structure_problems(read_notebook(path, max_bytes=limits.max_bytes), qids, name)
            if fatal:
                unreadable.extend(found)
                continue
            s = read_submission(path, assignment, max_bytes=limits.max_bytes)
        except SubmissionError as exc:
            message = str(exc)
            if "ends early" not in message and _looks_truncated(path):
                message = (f"{name}: the notebook stops in the middle (the file is truncated, e.g. by an interrupted "
                           "upload); save the notebook in Jupyter and submit it again")
            unreadable.append(_clean(message, sub, [path]))
            continue
        problems.extend(found)
        for qid, text in s.answers.items():
            if qid in answers:
                raise _Unreadable(f"question '{qid}' is answered in both {origin[qid]} and {name}; "
                                  "keep one answer cell per question and submit again")
            answers[qid], origin[qid] = text, name
        notes.extend(_clean(n, sub, [path]) for n in s.notes)
    if unreadable and (len(sub.paths) == 1 or not origin):
        raise _Unreadable("; ".join(unreadable))
    return answers, notes, problems + unreadable


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)


def _looks_truncated(path: Path) -> bool:
    """True when a JSON file ends inside a string or with brackets still open (cut off, not mistyped)."""
    try:
        raw = path.read_bytes()
        json.loads(raw.decode("utf-8-sig"))
        return False                           # it parses: whatever is wrong, it is not cut off
    except json.JSONDecodeError:
        pass
    except (OSError, UnicodeDecodeError, RecursionError, ValueError):
        return False
    bare = _JSON_STRING.sub(b'""', raw)
    if bare.count(b'"') % 2:
        return True
    return bare.count(b"{") + bare.count(b"[") > bare.count(b"}") + bare.count(b"]")


class _Unreadable(Exception):
    """A submission that can't be graded, with the message saying what to fix."""


def grade_submission(sub: SubmissionFile, assignment: Any, limits: Limits = Limits()) -> Graded:
    """Grade one submission without executing it: the gradebook row, feedback texts and Gradescope results."""
    from . import feedback, gradescope
    qids = [q.id for q in assignment.questions]
    empty = {q: None for q in qids}
    if sub.missing:
        msg = f"no notebook found in {sub.where}"
        row = Row(sub.student_id, "missing", None, empty, msg, sub.where)
        return Graded(row, feedback.page_html(assignment, row, None), feedback.page_md(assignment, row, None), None)
    result = None
    try:
        with _time_limit(limits.seconds):
            answers, notes, problems = _read_answers(sub, assignment, limits)
            result = assignment.check_all(answers)
            result.notes = list(result.notes) + notes
            row = _row(sub, assignment, result, problems)
            texts = {q: feedback.question_md(r) for q, r in result.results.items()}   # shared by .md and Gradescope
            graded = Graded(row, feedback.page_html(assignment, row, result),
                            feedback.page_md(assignment, row, result, texts),
                            dump_json(gradescope.results(assignment, row, result, texts)))
    except _TimeLimit:
        graded = _error(sub, assignment, f"{sub.where}: reading and checking this submission took longer than "
                        f"the {limits.seconds:g} s limit; look for a very long or repetitive answer, shorten it, "
                        "and submit again")
    except _Unreadable as exc:
        graded = _error(sub, assignment, str(exc))
    except MemoryError:
        graded = _error(sub, assignment, f"{sub.where}: checking this submission needed too much memory; "
                        "look for a very long or repetitive answer (YAML anchors and aliases, '&' and '*'), "
                        "remove it and submit again")
    except RecursionError:
        graded = _error(sub, assignment, f"{sub.where}: the notebook is nested too deeply to read; save a fresh "
                        "copy of the assignment notebook with your answers and submit again")
    except Exception as exc:      # a bug or an odd file must cost one row, never the class
        graded = _error(sub, assignment, f"{sub.where}: the grader could not read this submission "
                        f"({type(exc).__name__}: {_clean(str(exc), sub, sub.paths)[:200]}); open it in Jupyter, "
                        "check that it opens and that your answers are in the answer cells, save and submit again")
    return graded


def _row(sub: SubmissionFile, assignment: Any, result: Any, problems: Sequence[str] = ()) -> Row:
    """The gradebook row of a checked submission; status error when an answer or cell could not be used."""
    points = {q.id: round(result.results[q.id].points, 2) for q in assignment.questions}
    errors = [f"{qid}: {' '.join(str(r.error or r.summary).split())}"
              for qid, r in result.results.items() if r.status == "error"]
    findings = [(qid, f.code, f.name, f.category, f.severity)
                for qid, r in result.results.items() for f in r.findings if f.flagged]
    unanswered = [qid for qid, r in result.results.items() if r.status == "unanswered"]
    if errors or problems:
        msg = "; ".join([*problems, *errors])
        status, msg = "error", msg + " (the points shown are for what could be read; look at this submission)"
    else:
        status = "ok"
        msg = ("no answer for: " + ", ".join(unanswered)) if unanswered else ""
    return Row(sub.student_id, status, round(result.points, 2), points, msg, sub.where, findings)


def _error(sub: SubmissionFile, assignment: Any, message: str) -> Graded:
    """The row and outputs of a submission that could not be graded."""
    from . import feedback, gradescope
    row = Row(sub.student_id, "error", None, {q.id: None for q in assignment.questions},
              " ".join(message.split()), sub.where)
    return Graded(row, feedback.page_html(assignment, row, None), feedback.page_md(assignment, row, None),
                  dump_json(gradescope.results(assignment, row, None)))


# ── the worker pool ───────────────────────────────────────────────────────────────────────
def _limit_memory(mb: int | None) -> None:
    """Let this process grow by at most mb of address space (POSIX), so a runaway answer fails with MemoryError."""
    if not mb:
        return
    try:
        import resource
        with open("/proc/self/statm") as f:
            current = int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        want = current + mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            want = min(want, hard)
        resource.setrlimit(resource.RLIMIT_AS, (want, hard))
    except (ValueError, OSError):
        pass


def _stage(stage_dir: Path, idx: int, graded: Graded) -> Graded:
    """Write a graded submission's texts into the staging folder; the parent only renames them."""
    staged = {}
    for kind, text in (("feedback_html", graded.feedback_html), ("feedback_md", graded.feedback_md),
                       ("gradescope_json", graded.gradescope_json)):
        if text is not None:
            name = f"w{idx:07d}-{kind}"
            with open(stage_dir / name, "wb") as f:
                f.write(text.encode("utf-8"))
            staged[kind] = name
    return Graded(graded.row, "", "", None, staged)


def _worker(conn: Any, spec: str, limits: Limits, stage_dir: Path | None = None) -> None:
    """A grading process: load the assignment once, then grade what the parent sends until None; with a
    staging folder, write each submission's files there too, so the parent only collects rows."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)     # Ctrl-C is the parent's to handle; it stops the workers
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        from .assignment import load_assignment
        assignment = load_assignment(spec)
        _limit_memory(limits.memory_mb)
        conn.send(("ready", None))
    except BaseException as exc:          # report, never hang the parent
        conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        idx, sub = task
        graded = grade_submission(sub, assignment, limits)
        if stage_dir is not None:
            graded = _stage(stage_dir, idx, graded)
        conn.send(("done", (idx, graded)))


def _context():
    """fork when this process runs a single thread (fast, nothing to re-import); else forkserver (safe with the
    threads of a Jupyter kernel), or spawn where neither exists."""
    import multiprocessing as mp
    import threading
    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["okrkit.grading", "okrkit.assignment", "okrkit.submissions"])
        return ctx
    return mp.get_context("spawn")


class _Slot:
    """One worker process, its pipe and the task it is on."""

    def __init__(self, spec: str, limits: Limits, stage_dir: Path | None) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, spec, limits, stage_dir), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.task: tuple[int, SubmissionFile] | None = None
        self.started = 0.0

    def send(self, task: tuple[int, SubmissionFile]) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.proc.kill()
        else:
            with contextlib.suppress(OSError, BrokenPipeError):
                self.conn.send(None)
        self.proc.join(timeout=5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(timeout=5)
        self.conn.close()


def run_pool(subs: Sequence[SubmissionFile], spec: str, assignment: Any, limits: Limits, jobs: int,
             on_done: Callable[[int, Graded], None], stage_dir: Path | None = None) -> None:
    """Grade each submission in worker processes; a stuck or crashed worker costs one error row and is replaced.

    With stage_dir, workers write each submission's files there (Graded.staged names them)."""
    from multiprocessing.connection import wait
    pending = list(enumerate(subs))[::-1]
    slots = [_Slot(spec, limits, stage_dir) for _ in range(max(1, min(jobs, len(subs))))]
    hard = limits.seconds + _GRACE if limits.seconds else None
    try:
        while slots:
            busy = [s for s in slots if s.task is not None or not s.ready]
            if not busy and not pending:
                break
            for conn in wait([s.conn for s in busy], timeout=0.25):
                slot = next(s for s in slots if s.conn is conn)
                try:
                    kind, payload = slot.conn.recv()
                except (EOFError, OSError):
                    kind, payload = "died", slot.proc.exitcode
                if kind == "fatal":
                    raise GradingError(f"the grading workers could not start: {payload}")
                if kind == "ready":
                    slot.ready = True
                elif kind == "done":
                    slot.task = None
                    idx, graded = payload
                    if pending:
                        slot.send(pending.pop())
                    on_done(idx, graded)
                    continue
                elif kind == "died":
                    task = slot.task
                    slots.remove(slot)
                    slot.stop(kill=True)
                    if task is None and not slot.ready:
                        raise GradingError("a grading worker stopped before it was ready; try --jobs 1")
                    if task is None:
                        slots.append(_Slot(spec, limits, stage_dir))
                        continue
                    on_done(task[0], _error(task[1], assignment, f"{task[1].where}: the grader process stopped "
                                            f"while reading this submission (exit code {slot.proc.exitcode}); the "
                                            "file may be malformed or far too large: open it in Jupyter, clear "
                                            "all outputs, save and submit again"))
                    slots.append(_Slot(spec, limits, stage_dir))
                    continue
                if slot.ready and slot.task is None and pending:
                    slot.send(pending.pop())
            if hard:
                now = time.monotonic()
                for slot in [s for s in slots if s.task is not None and now - s.started > hard]:
                    idx, sub = slot.task
                    slots.remove(slot)
                    slot.stop(kill=True)
                    on_done(idx, _error(sub, assignment, f"{sub.where}: reading and checking this submission "
                                        f"took longer than the {limits.seconds:g} s limit and was stopped; look "
                                        "for a very long or repetitive answer, shorten it and submit again"))
                    slots.append(_Slot(spec, limits, stage_dir))
    except BaseException:              # Ctrl-C or an error: don't wait for the workers to finish
        for slot in slots:
            slot.stop(kill=True)
        slots.clear()
        raise
    finally:
        for slot in slots:
            slot.stop()


# ── the gradebook ─────────────────────────────────────────────────────────────────────────
@dataclass
class Gradebook:
    """A graded class: one row per student, sorted by id, with summaries for the terminal and notebooks."""

    assignment: str
    title: str
    questions: list[tuple[str, str, float]]        # id, title, max points
    max_points: float
    rows: list[Row]
    out: Path | None = None

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
        return [{"code": c, "name": names[c][0], "category": names[c][1], "count": count[c],
                 "students": len(students[c])} for c in ranked[:n]]

    def summary(self) -> str:
        """A few lines for the terminal: counts by status, mean and median total, most frequent findings."""
        c = self.counts()
        mp = _num(self.max_points)
        lines = [f"{self.title or self.assignment}: {len(self.rows)} submissions — "
                 + ", ".join(f"{n} {s}" for s, n in c.items())]
        if self.totals():
            lines.append(f"total (graded in full): mean {_num(self.mean())} / {mp}, "
                         f"median {_num(self.median())} / {mp}")
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
            lines.append(f"written to {self.out}: grades.csv, feedback/, gradescope/, report.html")
        return "\n".join(lines)

    def table(self) -> Any:
        """The gradebook as a pandas DataFrame (id, total, one column per question, status, message)."""
        import pandas as pd
        return pd.DataFrame(gradebook_records(self), columns=csv_header(self)).set_index("id")

    def feedback(self, student_id: str) -> "_HTML":
        """A student's feedback page, to show in a notebook (needs the outputs written)."""
        if self.out is None:
            raise GradingError("this gradebook was not written to a folder; pass out= to grade_class")
        text = (self.out / "feedback" / f"{student_id}.html").read_text(encoding="utf-8")
        from .feedback import body_of
        return _HTML(body_of(text))

    def _repr_html_(self) -> str:
        from .report import summary_html
        return summary_html(self)

    def __str__(self) -> str:
        return self.summary()


class _HTML:
    """HTML shown by Jupyter as is."""

    def __init__(self, html: str) -> None:
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


def _num(x: float | None) -> str:
    """A number as short text: 15, 11.5, '—' for None."""
    return "—" if x is None else f"{round(x, 2):g}"


def _cut(text: str, n: int) -> str:
    """Text cut to n characters."""
    return text if len(text) <= n else text[: n - 1] + "…"


def csv_header(gb: Gradebook) -> list[str]:
    """grades.csv's columns: id, total, one per question, status, message."""
    return ["id", "total", *[q for q, _, _ in gb.questions], "status", "message"]


def gradebook_records(gb: Gradebook) -> list[list[Any]]:
    """One list per row in csv_header's order; empty cells where nothing could be graded."""
    return [[r.student_id, r.total, *[r.points.get(q) for q, _, _ in gb.questions], r.status, r.message]
            for r in gb.rows]


def grades_csv(gb: Gradebook) -> str:
    """The gradebook as CSV text (stable: sorted rows, fixed columns, '\\n' line ends)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(csv_header(gb))
    for rec in gradebook_records(gb):
        w.writerow(["" if v is None else (_num(v) if isinstance(v, float) else v) for v in rec])
    return buf.getvalue()


# ── writing, atomically ───────────────────────────────────────────────────────────────────
def atomic_write(path: str | Path, data: str | bytes) -> None:
    """Write a file through a temporary file in the same folder and os.replace, so it is never half-written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def dump_json(data: Any) -> str:
    """Stable JSON text: keys in the order given, two-space indent, UTF-8, final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


class _Staging:
    """Outputs written to a flat hidden folder inside DIR, then renamed into place at the end."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self.out = out
        self.dir = Path(tempfile.mkdtemp(prefix=".okrkit-grading-", dir=out))
        self.files: dict[str, str] = {}          # final relative path → staged file name

    def write(self, rel: str, data: str | bytes) -> None:
        """Stage one output file (flat names keep the staging folder cheap to create and remove)."""
        staged = self.files.setdefault(rel, f"p{len(self.files):07d}")
        with open(self.dir / staged, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)

    def adopt(self, rel: str, staged: str) -> None:
        """Take a file a worker already wrote into the staging folder."""
        self.files[rel] = staged

    def commit(self) -> None:
        """Rename every staged file into DIR (grades.csv last, so it marks a finished run)."""
        made: set[Path] = set()
        for rel in sorted(self.files, key=lambda r: (r == "grades.csv", r)):
            target = self.out / rel
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(self.dir / self.files[rel], target)
        self.discard()

    def discard(self) -> None:
        """Remove the staging folder and whatever is left in it."""
        shutil.rmtree(self.dir, ignore_errors=True)


def _progress(total: int, enabled: bool | None, desc: str) -> Any:
    """A tqdm progress bar (terminal or Jupyter) or a stand-in that does nothing."""
    if enabled is None:
        enabled = _in_jupyter() or sys.stderr.isatty()
    if not enabled:
        return _NoBar()
    from tqdm.auto import tqdm

    class _Bar(tqdm):        # no monitor thread: workers started later can still be forked safely
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


def grade_class(spec: Any, submissions: str | Path, out: str | Path | None = None, *, jobs: int | None = None,
                max_mb: float = DEFAULT_MAX_MB, time_limit: float = DEFAULT_TIME_LIMIT,
                memory_mb: int | None = DEFAULT_MEMORY_MB, progress: bool | None = None,
                report: bool = True) -> Gradebook:
    """Grade every submission in a folder; with out, write grades.csv, feedback/, gradescope/ and report.html."""
    from .assignment import load_assignment
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
    staging = _Staging(out_dir) if out_dir is not None else None
    bar = _progress(len(subs), progress, f"grading {assignment.id}")

    def done(idx: int, graded: Graded) -> None:
        rows[idx] = graded.row
        if staging is not None:
            sid = graded.row.student_id
            targets = {"feedback_html": f"feedback/{sid}.html", "feedback_md": f"feedback/{sid}.md",
                       "gradescope_json": f"gradescope/{sid}/results.json"}
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
            run_pool([s for _, s in todo], spec_ref, assignment, limits, jobs,
                     lambda k, g: done(todo[k][0], g), stage_dir=staging.dir if staging is not None else None)
        bar.close()
        gb = Gradebook(assignment.id, assignment.title, [(q.id, q.title, q.max_points) for q in assignment.questions],
                       assignment.max_points, [r for r in rows if r is not None], out_dir)
        if staging is not None:
            staging.write("grades.csv", grades_csv(gb))
            if report:
                from .report import report_html
                staging.write("report.html", report_html(gb))
            staging.commit()
    except BaseException:
        bar.close()
        if staging is not None:
            staging.discard()
        raise
    return gb
