"""Worker processes that grade submissions, each under a time and a memory limit.

A worker loads the assignment once, then grades what the parent sends it. Each submission gets an alarm
inside the worker (``alarm``) and, as a backstop for code that signals can't interrupt, a watchdog in
the parent that kills a worker stuck past the limit plus a grace period. A worker that is killed or crashes
costs its submission one error row and is replaced. The grading function is passed in, so this module
knows nothing of gradebooks.
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any

from okrkit.assignment import load_assignment
from okrkit.grade.files import GradingError, SubmissionFile
from okrkit.grade.limits import Limits, limit_memory
from okrkit.grade.one import Graded

GRACE = 5.0  # extra seconds before a stuck worker is killed from outside


Grade = Callable[[SubmissionFile, Any, Limits], Graded]  # grades one submission, in a worker
Fail = Callable[[SubmissionFile, str], Graded]  # the error row of a submission whose worker failed


# ── the workers ───────────────────────────────────────────────────────────────────────────
def _stage(stage_dir: Path, idx: int, graded: Graded) -> Graded:
    """Write a graded submission's texts into the staging folder; the parent only renames them."""
    staged = {}
    for kind, text in (
        ("feedback_html", graded.feedback_html),
        ("feedback_md", graded.feedback_md),
        ("gradescope_json", graded.gradescope_json),
    ):
        if text is not None:
            name = f"w{idx:07d}-{kind}"
            with open(stage_dir / name, "wb") as f:
                f.write(text.encode("utf-8"))
            staged[kind] = name
    return dataclasses.replace(graded, feedback_html="", feedback_md="", gradescope_json=None, staged=staged)


def _worker(conn: Any, spec: str, grade: Grade, limits: Limits, stage_dir: Path | None = None) -> None:
    """A grading process: load the assignment once, then grade what the parent sends until None; with a
    staging folder, write each submission's files there too, so the parent only collects rows."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        assignment = load_assignment(spec)
        limit_memory(limits.memory_mb)
        conn.send(("ready", None))
    except BaseException as exc:  # report, never hang the parent
        conn.send(("fatal", f"{type(exc).__name__}: {exc}"))
        return
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if task is None:
            return
        idx, sub, stage = task
        graded = grade(sub, assignment, limits)
        if stage_dir is not None and stage:
            graded = _stage(stage_dir, idx, graded)
        conn.send(("done", (idx, graded)))


def mp_context():
    """fork when this process runs a single thread (fast, nothing to re-import); else forkserver (safe with the
    threads of a Jupyter kernel), or spawn where neither exists."""
    import multiprocessing as mp
    import threading

    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["okrkit.grade.one", "okrkit.assignment", "okrkit.grade.notebook"])
        return ctx
    return mp.get_context("spawn")


class _Slot:
    """One worker process, its pipe and the task it is on."""

    def __init__(
        self,
        spec: str,
        grade: Grade,
        limits: Limits,
        stage_dir: Path | None,
        context: Callable[[], Any],
        held: Collection[str] = (),
    ) -> None:
        ctx = context()
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, spec, grade, limits, stage_dir), daemon=True)
        self.proc.start()
        child.close()
        self.ready = False
        self.task: tuple[int, SubmissionFile] | None = None
        self.started = 0.0
        self.held = held  # student ids whose texts come back to the parent instead of being staged

    def send(self, task: tuple[int, SubmissionFile]) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send((*task, task[1].student_id not in self.held))

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


# ── the pool ──────────────────────────────────────────────────────────────────────────────
def run_pool(
    subs: Sequence[SubmissionFile],
    spec: str,
    limits: Limits,
    jobs: int,
    on_done: Callable[[int, Graded], None],
    stage_dir: Path | None = None,
    *,
    grade: Grade,
    fail: Fail,
    context: Callable[[], Any] = mp_context,
    grace: float = GRACE,
    held: Collection[str] = (),
) -> None:
    """Grade each submission with grade(sub, assignment, limits) in worker processes that load spec; a stuck or
    crashed worker costs one row, fail(sub, message), and is replaced.

    With stage_dir, workers write each submission's files there (Graded.staged names them), except for the
    student ids in held, whose texts come back to the parent (a later step changes them). context gives the
    multiprocessing context; grace is how long past the time limit the parent waits before killing a worker."""
    from multiprocessing.connection import wait

    pending = list(enumerate(subs))[::-1]

    def new_slot() -> _Slot:
        return _Slot(spec, grade, limits, stage_dir, context, frozenset(held))

    slots = [new_slot() for _ in range(max(1, min(jobs, len(subs))))]
    hard = limits.seconds + grace if limits.seconds else None
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
                        slots.append(new_slot())
                        continue
                    on_done(
                        task[0],
                        fail(
                            task[1],
                            f"{task[1].where}: the grader process stopped while "
                            f"reading this submission (exit code {slot.proc.exitcode}); the file "
                            "may be malformed or far too large: open it in Jupyter, clear all "
                            "outputs, save and submit again",
                        ),
                    )
                    slots.append(new_slot())
                    continue
                if slot.ready and slot.task is None and pending:
                    slot.send(pending.pop())
            if hard:
                now = time.monotonic()
                for slot in [s for s in slots if s.task is not None and now - s.started > hard]:
                    idx, sub = slot.task
                    slots.remove(slot)
                    slot.stop(kill=True)
                    on_done(
                        idx,
                        fail(
                            sub,
                            f"{sub.where}: reading and checking this submission took longer "
                            f"than the {limits.seconds:g} s limit and was stopped; look for a very long "
                            "or repetitive answer, shorten it and submit again",
                        ),
                    )
                    slots.append(new_slot())
    except BaseException:  # Ctrl-C or an error: don't wait for the workers to finish
        for slot in slots:
            slot.stop(kill=True)
        slots.clear()
        raise
    finally:
        for slot in slots:
            slot.stop()
