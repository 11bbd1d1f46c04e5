"""Submitted notebooks on disk: finding each student's files in a class folder and reading their answers.

``find_submissions`` knows two layouts: ``<student>.ipynb`` files (or a folder per student) and nbgrader's
``submitted/<student>/<assignment>/``. ``read_answers`` reads a submission's notebooks (never runs them),
refuses files that are too large, empty or cut off, and says what a student must fix when their answer
cells are unusable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrkit.errors import OKRKitError
from okrkit.files import RefusedFile, read_capped
from okrkit.grade import notebook
from okrkit.grade.notebook import SubmissionError, extract_answer, parse_notebook

_NOTEBOOK = ".ipynb"


class GradingError(OKRKitError):
    """Arguments that can't be graded (no such folder, no notebooks, an output path that is a file)."""


class Unreadable(Exception):
    """A submission that can't be graded, with the message saying what to fix."""


# ── finding the submissions ───────────────────────────────────────────────────────────────
@dataclass(frozen=True)
class SubmissionFile:
    """One student's submission on disk: their id and notebook paths (none when missing)."""

    student_id: str
    paths: tuple[Path, ...]
    where: str  # the folder or file, relative to the submissions folder, for messages

    @property
    def missing(self) -> bool:
        """True when the student's folder holds no notebook."""
        return not self.paths


def _visible(p: Path) -> bool:
    """Not hidden and not a Jupyter checkpoint."""
    return not p.name.startswith(".") and not p.name.startswith("~") and p.name != ".ipynb_checkpoints"


def notebooks(folder: Path, depth: int) -> list[Path]:
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
            found.extend(notebooks(p, depth - 1))
    return found


def find_submissions(
    folder: str | Path, assignment_id: str | None = None, exclude: Iterable[str | Path] = ()
) -> list[SubmissionFile]:
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
        if strict:  # nbgrader: submitted/<student>/<assignment>/*.ipynb
            sub = p / str(assignment_id)
            books = notebooks(sub, depth=0) if sub.is_dir() else []
        else:  # a folder per student, notebooks in it or one level down
            sub = p
            books = notebooks(p, depth=1)
        subs[p.name] = SubmissionFile(p.name, tuple(books), sub.relative_to(root).as_posix() + "/")
    if not subs:
        raise GradingError(
            f"{folder}: found no notebooks; expected <student>.ipynb files or nbgrader's "
            "submitted/<student>/<assignment>/*.ipynb"
        )
    if all(s.missing for s in subs.values()):
        raise GradingError(
            f"{folder}: found student folders but no .ipynb file in any of them; is this the right folder?"
        )
    return [subs[k] for k in sorted(subs)]


# ── reading a submission's answers ─────────────────────────────────────────────────────────
def _mb(n: float) -> str:
    """Bytes as megabytes: '50.0 MB'."""
    return f"{n / 1_000_000:.1f} MB"


def _file_problem(exc: RefusedFile, where: str, max_bytes: int) -> str:
    """What a student must do about a file that could not be read at all (not a file, too large, empty)."""
    if exc.kind == "not_a_file":
        return f"{where}: not a regular file; submit the .ipynb notebook file itself"
    if exc.kind == "too_large":
        return (
            f"{where}: the notebook is {_mb(exc.size or 0)}, over the {_mb(max_bytes)} limit; "
            "big notebooks usually carry large outputs or images: clear all outputs "
            "(Edit → Clear Outputs of All Cells), save, and submit again"
        )
    if exc.kind == "empty":
        return (
            f"{where}: the file is empty (0 bytes), so the notebook was not saved before it was submitted; "
            "open it in Jupyter, save it (Ctrl+S) and submit again"
        )
    return f"{where}: can't open the file ({exc.detail}); submit the notebook again"


def clean_message(message: str, sub: SubmissionFile, root_hint: Iterable[Path]) -> str:
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
        return [
            f"{name}: no answer cells were found (cells whose metadata says which question they answer), "
            "so this is not the assignment notebook or its answer cells were replaced; paste your answers "
            "into the answer cells of the assignment notebook and submit that notebook"
        ], True
    problems = []
    for qid in qids:
        where = tagged.get(qid, [])
        if len(where) > 1:
            problems.append(
                f"{name}: question '{qid}' has {len(where)} answer cells (cells "
                f"{', '.join(str(i) for i, _ in where)}); keep one answer cell per question, delete "
                "the copies and submit again"
            )
        for i, kind in where:
            if kind == "markdown" and _has_yaml_block(cells[i - 1]):
                continue  # a ```yaml block in markdown is a proper answer (DESIGN.md)
            if kind != "code":
                problems.append(
                    f"{name}: the answer to '{qid}' (cell {i}) is in a {kind} cell, not a code cell, "
                    "so check() could not run on it; select the cell, change it back to Code "
                    "(Esc, then Y), run it and submit again"
                )
    return problems, False


def read_answers(sub: SubmissionFile, assignment: Any, max_bytes: int) -> tuple[dict[str, str], list[str], list[str]]:
    """Answers, reader notes and structural problems of a submission (several notebooks are merged).

    Raises Unreadable when nothing in it can be graded."""
    qids = [q.id for q in assignment.questions]
    answers: dict[str, str] = {}
    origin: dict[str, str] = {}
    notes: list[str] = []
    problems: list[str] = []
    unreadable: list[str] = []
    for path in sub.paths:
        name = _rel(path, sub)
        try:
            raw = read_capped(path, max_bytes, allow_empty=False)  # the one read of this file
        except RefusedFile as exc:
            unreadable.append(_file_problem(exc, name, max_bytes))
            continue
        try:
            nb = parse_notebook(raw, name)
            found, fatal = structure_problems(nb, qids, name)
            if fatal:
                unreadable.extend(found)
                continue
            file_answers, file_notes = notebook.answers_from(nb, assignment)
        except SubmissionError as exc:
            message = str(exc)
            if "ends early" not in message and _looks_truncated(raw):
                message = (
                    f"{name}: the notebook stops in the middle (the file is truncated, e.g. by an interrupted "
                    "upload); save the notebook in Jupyter and submit it again"
                )
            unreadable.append(clean_message(message, sub, [path]))
            continue
        problems.extend(found)
        for qid, text in file_answers.items():
            if qid in answers:
                raise Unreadable(
                    f"question '{qid}' is answered in both {origin[qid]} and {name}; "
                    "keep one answer cell per question and submit again"
                )
            answers[qid], origin[qid] = text, name
        notes.extend(clean_message(n, sub, [path]) for n in file_notes)
    if unreadable and (len(sub.paths) == 1 or not origin):
        raise Unreadable("; ".join(unreadable))
    return answers, notes, problems + unreadable


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)


def _looks_truncated(raw: bytes) -> bool:
    """True when a JSON file ends inside a string or with brackets still open (cut off, not mistyped)."""
    try:
        json.loads(raw.decode("utf-8-sig"))
        return False  # it parses: whatever is wrong, it is not cut off
    except json.JSONDecodeError:
        pass
    except (UnicodeDecodeError, RecursionError, ValueError):
        return False
    bare = _JSON_STRING.sub(b'""', raw)
    if bare.count(b'"') % 2:
        return True
    return bare.count(b"{") + bare.count(b"[") > bare.count(b"}") + bare.count(b"]")
