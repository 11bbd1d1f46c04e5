"""Grading is safe: submissions are never run, every bad input costs one row (status error, a message saying
what to fix), the rest of the class is graded, and a stuck or crashing worker can't hang the pool.

All notebooks are generated in tmp_path (never under tests/, where nbval would run them).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import socket
import time
from pathlib import Path

import pytest

from okrkit.cli import main
from okrkit.grade import batch as grading
from tests.test_grading import (
    GMAIL,
    PERSONAL,
    SPEC,
    answer_cell,
    code_cell,
    hashes,
    markdown_cell,
    notebook,
    read_csv,
    write_nb,
)

HANG_GUARD = 60  # seconds: not a speed figure, only "it did not hang"

BOMB = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [" + ",".join(["*" + chr(97 + i)] * 9) + "]\n" for i in range(8))
    + "objectives: *i\n"
)


def _good_json() -> str:
    return json.dumps(notebook([answer_cell("gmail", GMAIL)]), indent=1)


def _sparse(path: Path, size: int) -> None:
    """A file of `size` bytes that starts like a notebook, made without writing the bytes."""
    with open(path, "wb") as f:
        f.write(_good_json()[:200].encode())
        f.truncate(size)


BAD = {
    # name: (how to make the file, words the message must contain)
    "invalid_json": (lambda p: p.write_text('{"cells": [}, "nbformat": 4}'), ["not valid notebook JSON"]),
    "truncated": (lambda p: p.write_text(_good_json()[: len(_good_json()) // 2]), ["truncated", "submit it again"]),
    "truncated_between_values": (
        lambda p: p.write_text(_good_json()[: _good_json().index('"metadata"')]),
        ["truncated"],
    ),
    "nbformat3_damaged": (  # an old notebook nbformat cannot upgrade (no metadata)
        lambda p: p.write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}]})),
        ["format 3", "nbconvert"],
    ),
    "binary": (lambda p: p.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + os.urandom(512)), ["binary"]),
    "empty": (lambda p: p.write_bytes(b""), ["empty", "save"]),
    "huge": (lambda p: _sparse(p, 50_000_000), ["50.0 MB", "limit", "Clear Outputs"]),
    "not_utf8": (lambda p: p.write_bytes('{"nbformat": 4, "cells": ["é"]}'.encode("latin-1")), ["UTF-8"]),
    "json_list": (lambda p: p.write_text("[1, 2, 3]"), ["not a notebook"]),
    "deep": (lambda p: p.write_text("[" * 200_000 + "]" * 200_000), ["nested too deeply"]),
    "no_answer_cells": (
        lambda p: write_nb(p, cells=[markdown_cell("# my notes"), code_cell("x = 1")]),
        ["no answer cells", "answer cells of the assignment notebook"],
    ),
}


# graded, but a person should look (status needs_review): points kept for what could be read
REVIEW = {
    "duplicated": (
        lambda p: write_nb(p, cells=[answer_cell("gmail", GMAIL), answer_cell("gmail", GMAIL)]),
        ["are all tagged as the answer to 'gmail'", "keep one answer cell"],
    ),
    "wrong_cell_type": (
        lambda p: write_nb(p, cells=[dict(markdown_cell(f"```yaml\n{GMAIL}```", "gmail"), cell_type="raw")]),
        ["raw cell, not a code cell", "change it back to Code"],
    ),
    "alias_bomb": (lambda p: write_nb(p, {"gmail": BOMB, "personal": PERSONAL}), ["anchors/aliases"]),
}


@pytest.fixture(scope="module")
def bad_class(tmp_path_factory):
    """A class with one good student and one file per bad input; graded once."""
    root = tmp_path_factory.mktemp("bad")
    subs = root / "subs"
    subs.mkdir()
    write_nb(subs / "alice.ipynb", {"gmail": GMAIL, "personal": PERSONAL})
    for name, (make, _) in {**BAD, **REVIEW}.items():
        make(subs / f"{name}.ipynb")
    os.mkfifo(subs / "fifo.ipynb")  # reading it would block forever
    (subs / "devzero.ipynb").symlink_to("/dev/zero")  # reading it would never end
    before = hashes(subs)
    t0 = time.monotonic()
    code = main(["grade", SPEC, str(subs), "--out", str(root / "out"), "--jobs", "2", "--quiet"])
    elapsed = time.monotonic() - t0
    rows = {r["id"]: r for r in read_csv(root / "out" / "grades.csv")}
    return {"code": code, "rows": rows, "subs": subs, "before": before, "elapsed": elapsed, "out": root / "out"}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_is_an_error_row_that_says_what_to_fix(bad_class, name):
    row = bad_class["rows"][name]
    assert row["status"] == "error", row
    message = row["message"].replace(f"{name}.ipynb", "<file>")  # the file's name must not count
    for words in BAD[name][1]:
        assert words in message, f"{name}: {message!r} lacks {words!r}"
    assert "\n" not in row["message"]
    feedback = (bad_class["out"] / "feedback" / f"{name}.md").read_text(encoding="utf-8")
    assert "submit" in feedback.lower()


@pytest.mark.parametrize("name", sorted(REVIEW))
def test_graded_but_odd_input_needs_review_with_a_note_for_the_instructor(bad_class, name):
    """issue 12, failure 7: duplicated cells, a raw answer cell or unreadable YAML are graded (points kept) and
    marked needs_review, with the student's message (what to fix) apart from the instructor's note."""
    row = bad_class["rows"][name]
    assert row["status"] == "needs_review", row
    assert float(row["total"]) > 0 and row["note"]
    feedback = (bad_class["out"] / "feedback" / f"{name}.md").read_text(encoding="utf-8")
    for words in REVIEW[name][1]:
        assert words in feedback, f"{name}: the student's feedback lacks {words!r}"
    assert row["note"] not in feedback and "look at this submission" not in feedback


@pytest.mark.parametrize("name", ["fifo", "devzero"])
def test_special_files_are_refused_without_reading(bad_class, name):
    row = bad_class["rows"][name]
    assert row["status"] == "error" and "not a regular file" in row["message"]


def test_the_rest_of_the_class_is_graded(bad_class):
    assert bad_class["code"] == 1
    assert bad_class["rows"]["alice"]["status"] == "ok"
    assert float(bad_class["rows"]["alice"]["total"]) > 0
    assert bad_class["elapsed"] < HANG_GUARD


def test_whole_notebook_errors_have_no_total_but_answer_errors_keep_points(bad_class):
    assert bad_class["rows"]["invalid_json"]["total"] == ""
    bomb = bad_class["rows"]["alias_bomb"]
    assert bomb["gmail"] == "0" and float(bomb["personal"]) > 0 and bomb["total"] == bomb["personal"]


def test_bad_inputs_are_left_untouched(bad_class):
    assert hashes(bad_class["subs"]) == bad_class["before"]


# ── never executed ────────────────────────────────────────────────────────────────────────
def test_planted_code_never_runs(tmp_path):
    marker = tmp_path / "pwned.txt"
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    evil = [
        f"open({str(marker)!r}, 'w').write('ran')",
        f"import socket; socket.create_connection(('127.0.0.1', {port}))",
        f"import os; os.system('touch {marker}')",
        "while True:\n    pass",
        "%%bash\ntouch " + str(marker),
        f"!touch {marker}",
    ]
    subs = tmp_path / "subs"
    for i, src in enumerate(evil):
        cells = [code_cell(src), answer_cell("gmail", GMAIL), code_cell(src)]
        write_nb(subs / f"evil{i}.ipynb", cells=cells)
    # the answer cell itself holds code that would act if run
    write_nb(
        subs / "evil_answer.ipynb",
        cells=[code_cell(f'gmail = open({str(marker)!r}, "w").write("x") or """\n{GMAIL}"""', "gmail")],
    )
    t0 = time.monotonic()
    gb = grading.grade_class(SPEC, subs, tmp_path / "out", jobs=2, progress=False, time_limit=5)
    assert time.monotonic() - t0 < HANG_GUARD
    assert not marker.exists()
    with pytest.raises(BlockingIOError):
        listener.accept()  # nobody connected
    listener.close()
    rows = {r.student_id: r for r in gb.rows}
    assert all(rows[f"evil{i}"].status == "ok" and rows[f"evil{i}"].total > 0 for i in range(len(evil)))
    assert rows["evil_answer"].points["gmail"] == 0  # not a plain string: not graded as text


# ── limits ────────────────────────────────────────────────────────────────────────────────
def test_a_slow_submission_hits_the_time_limit(tmp_path):
    many = "objectives:\n" + "".join(
        f"  - objective: Make writing email effortless, part {i}\n    key_results:\n"
        + "".join(f"      - Increase drafts sent from {j}% to {j + 10}% by 2026-09-30\n" for j in range(4))
        for i in range(2000)
    )
    subs = tmp_path / "subs"
    write_nb(subs / "slow.ipynb", {"gmail": many})
    write_nb(subs / "quick.ipynb", {"gmail": GMAIL})
    gb = grading.grade_class(SPEC, subs, None, jobs=2, progress=False, time_limit=0.3)
    rows = {r.student_id: r for r in gb.rows}
    assert rows["slow"].status == "error" and "0.3 s limit" in rows["slow"].message
    assert rows["quick"].status == "ok"


def test_size_limit_is_an_option(tmp_path):
    subs = tmp_path / "subs"
    write_nb(subs / "a.ipynb", {"gmail": GMAIL})
    size = (subs / "a.ipynb").stat().st_size
    code = main(
        ["grade", SPEC, str(subs), "--out", str(tmp_path / "out"), "--quiet", "--max-size", str(size / 2 / 1_000_000)]
    )
    row = read_csv(tmp_path / "out" / "grades.csv")[0]
    assert code == 1 and row["status"] == "error" and "limit" in row["message"]


def _fork():
    return multiprocessing.get_context("fork")


def test_a_worker_stuck_where_signals_cannot_reach_is_killed(tmp_path, monkeypatch):
    """The in-worker alarm can't interrupt some C code; the parent's watchdog kills the worker instead."""
    import signal

    real = grading.grade_submission

    def stuck(sub, assignment, limits=grading.Limits()):  # noqa: B008
        if sub.student_id == "stuck":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(600)
        return real(sub, assignment, limits)

    monkeypatch.setattr(grading, "mp_context", _fork)  # the patched function reaches forked workers
    monkeypatch.setattr(grading, "grade_submission", stuck)
    monkeypatch.setattr(grading, "GRACE", 0.5)
    subs = tmp_path / "subs"
    for sid in ("a", "b", "stuck", "z"):
        write_nb(subs / f"{sid}.ipynb", {"gmail": GMAIL})
    t0 = time.monotonic()
    gb = grading.grade_class(SPEC, subs, tmp_path / "out", jobs=2, progress=False, time_limit=1)
    assert time.monotonic() - t0 < HANG_GUARD
    rows = {r.student_id: r for r in gb.rows}
    assert rows["stuck"].status == "error" and "was stopped" in rows["stuck"].message
    assert [rows[s].status for s in ("a", "b", "z")] == ["ok", "ok", "ok"]


def test_a_crashing_worker_costs_one_row(tmp_path, monkeypatch):
    real = grading.grade_submission

    def crash(sub, assignment, limits=grading.Limits()):  # noqa: B008
        if sub.student_id == "crash":
            os._exit(9)
        return real(sub, assignment, limits)

    monkeypatch.setattr(grading, "mp_context", _fork)
    monkeypatch.setattr(grading, "grade_submission", crash)
    subs = tmp_path / "subs"
    for sid in ("a", "crash", "c", "d"):
        write_nb(subs / f"{sid}.ipynb", {"gmail": GMAIL})
    gb = grading.grade_class(SPEC, subs, None, jobs=1, progress=False)
    rows = {r.student_id: r for r in gb.rows}
    assert rows["crash"].status == "error" and "process stopped" in rows["crash"].message
    assert [rows[s].status for s in ("a", "c", "d")] == ["ok", "ok", "ok"]


def test_an_unexpected_exception_costs_one_row(tmp_path, monkeypatch):
    import okrkit.grade.notebook as submissions

    real = submissions.answers_from

    def flaky(nb, assignment):
        if "the odd one" in str(nb["cells"][0].get("source")):
            raise KeyError("surprise")
        return real(nb, assignment)

    monkeypatch.setattr(grading, "mp_context", _fork)
    monkeypatch.setattr(submissions, "answers_from", flaky)
    subs = tmp_path / "subs"
    write_nb(subs / "odd.ipynb", cells=[markdown_cell("the odd one"), answer_cell("gmail", GMAIL)])
    write_nb(subs / "fine.ipynb", {"gmail": GMAIL})
    gb = grading.grade_class(SPEC, subs, None, jobs=1, progress=False)
    rows = {r.student_id: r for r in gb.rows}
    assert rows["odd"].status == "error" and "KeyError" in rows["odd"].message and "submit again" in rows["odd"].message
    assert rows["fine"].status == "ok"
