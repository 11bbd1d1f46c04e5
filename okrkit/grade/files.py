"""Submitted notebooks on disk: finding each student's files in a class folder and reading their answers.

``find_submissions`` knows two layouts: ``<student>.ipynb`` files (or a folder per student) and nbgrader's
``submitted/<student>/<assignment>/``. ``read_answers`` reads a submission's notebooks (never runs them),
refuses files that are too large, empty or cut off, and says what a student must fix when their answer
cells are unusable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrkit.errors import OKRKitError
from okrkit.files import RefusedFile, read_capped
from okrkit.grade import notebook
from okrkit.grade.notebook import Reading, SubmissionError, parse_notebook

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
    root: Path | None = None  # the submissions folder, so a notebook's name in messages is its real path

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
    folder: str | Path,
    assignment_id: str | None = None,
    exclude: Iterable[str | Path] = (),
    *,
    assignment: str | None = None,
) -> list[SubmissionFile]:
    """Submissions in a folder, sorted by student id: `<id>.ipynb` files, a folder per student, or nbgrader's
    `submitted/<id>/<assignment>/` (assignment: the folder name to grade; by default the spec's id when such
    folders exist)."""
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
            subs[p.stem] = SubmissionFile(p.stem, (p,), p.name, root)
    dirs = [p for p in entries if p.is_dir() and p.name not in subs]
    if assignment is not None and not any((p / assignment).is_dir() for p in dirs):
        raise GradingError(
            f"{folder}: no student folder holds an assignment folder named {assignment!r}; "
            f"expected {root.name}/<student>/{assignment}/*.ipynb"
        )
    name = assignment or (str(assignment_id) if assignment_id else None)
    strict = bool(name) and any((p / str(name)).is_dir() for p in dirs)
    if not strict:
        _refuse_several_assignments(dirs, folder)
    for p in dirs:
        if strict:  # nbgrader: submitted/<student>/<assignment>/*.ipynb
            sub = p / str(name)
            books = notebooks(sub, depth=0) if sub.is_dir() else []
        else:  # a folder per student, notebooks in it or one level down
            sub = p
            books = notebooks(p, depth=1)
        subs[p.name] = SubmissionFile(p.name, tuple(books), sub.relative_to(root).as_posix() + "/", root)
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


def _refuse_several_assignments(dirs: list[Path], folder: str | Path) -> None:
    """GradingError when a student folder holds notebooks in two or more subfolders (nbgrader's assignments)."""
    for p in dirs:
        inner = sorted({b.parent.name for b in notebooks(p, depth=1) if b.parent != p})
        if len(inner) > 1:
            raise GradingError(
                f"{folder}: {p.name}/ holds notebooks in {len(inner)} assignment folders ({', '.join(inner)}), "
                f"so their answers would be merged; choose one with --assignment NAME (e.g. --assignment {inner[0]})"
            )


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
    """The display name of one of the submission's notebooks (its path under the submissions folder)."""
    if len(sub.paths) == 1 and sub.where.endswith(_NOTEBOOK):
        return sub.where
    if sub.root is not None:
        try:
            return p.relative_to(sub.root).as_posix()
        except ValueError:
            pass
    return sub.where + p.name


def read_answers(sub: SubmissionFile, assignment: Any, max_bytes: int) -> tuple[Reading, list[str]]:
    """A submission's answers as running it would resolve them (several notebooks are merged), and problems
    with files that could not be read.

    Raises Unreadable when nothing in it can be graded."""
    merged = Reading({})
    origin: dict[str, str] = {}
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
            reading = notebook.answers_from(nb, assignment)
        except SubmissionError as exc:
            message = str(exc)
            if "ends early" not in message and _looks_truncated(raw):
                message = (
                    f"{name}: the notebook stops in the middle (the file is truncated, e.g. by an interrupted "
                    "upload); save the notebook in Jupyter and submit it again"
                )
            unreadable.append(clean_message(message, sub, [path]))
            continue
        if not reading.tagged and not reading.answers:
            unreadable.append(
                f"{name}: no answer cells were found (cells whose metadata says which question they answer), "
                "so this is not the assignment notebook or its answer cells were replaced; paste your answers "
                "into the answer cells of the assignment notebook and submit that notebook"
            )
            continue
        for qid, text in reading.answers.items():
            if qid in merged.answers:
                raise Unreadable(
                    f"question '{qid}' is answered in both {origin[qid]} and {name}; "
                    "keep one answer cell per question and submit again"
                )
            merged.answers[qid], origin[qid] = text, name
        merged.notes.extend(clean_message(n, sub, [path]) for n in reading.notes)
        merged.review.extend(clean_message(n, sub, [path]) for n in reading.review)
        for qid, text in reading.found.items():
            merged.found.setdefault(qid, text)
        merged.tagged = merged.tagged or reading.tagged
    if unreadable and (len(sub.paths) == 1 or not origin):
        raise Unreadable("; ".join(unreadable))
    merged.review.extend(unreadable)
    return merged, unreadable


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
