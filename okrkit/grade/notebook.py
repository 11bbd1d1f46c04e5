"""Submitted notebooks → answers per question, by reading the JSON only (a notebook is never executed).

Answer cells carry ``{"okrkit": {"answer": "<question id>"}}`` in their metadata. Answers are resolved the way
running the notebook would (``scope`` follows every code cell's assignments with ``ast``): the text a question's
variable holds at the end, through names assigned in earlier cells, tagged or not; the fenced ```yaml block of a
tagged markdown cell; with the metadata gone, the question's variable name, or a ```yaml block under the
question's heading. What a person should look at (competing answers, syntax errors, recovered answers) is
listed in ``Reading.review``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrkit.assignment import is_blank_answer, load_assignment, wrong_type_message
from okrkit.errors import OKRKitError
from okrkit.files import MAX_BYTES, RefusedFile, read_capped
from okrkit.grade.scope import UNKNOWN, Scope

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(?:yaml|yml)\b[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.S | re.M | re.I)


class SubmissionError(OKRKitError):
    """A submitted file that can't be read as a notebook; says what is wrong and what to do."""


@dataclass
class Submission:
    """One student's answers read from a notebook, and the problems noticed while reading it."""

    student_id: str
    path: Path
    answers: dict[str, str]
    notes: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)


# ── reading the notebook file ─────────────────────────────────────────────────────────────
def read_notebook(path: str | Path, *, max_bytes: int = MAX_BYTES) -> dict:
    """The notebook's JSON as a dict (SubmissionError with the reason and a fix when it can't be used)."""
    name = Path(path).name
    try:
        raw = read_capped(path, max_bytes, allow_empty=False)
    except RefusedFile as exc:
        raise SubmissionError(_refusal(exc, name, max_bytes)) from None
    return parse_notebook(raw, name)


def _refusal(exc: RefusedFile, name: str, max_bytes: int) -> str:
    """What to tell a student whose file could not be read at all."""
    if exc.kind == "too_large":
        return (
            f"{name}: the file is {exc.size:,} bytes, over the {max_bytes:,}-byte limit; clear the "
            "outputs (Edit → Clear Outputs of All Cells) and submit again, or raise max_bytes"
        )
    if exc.kind == "empty":
        return (
            f"{name}: the file is empty (0 bytes); the notebook was probably uploaded before "
            "it was saved: ask the student to save it in Jupyter and submit it again"
        )
    if exc.kind == "not_a_file":
        return f"{name}: not a regular file; submit the .ipynb notebook file itself"
    return f"{name}: cannot read the file ({exc.detail}); check the path"


def parse_notebook(raw: bytes, name: str) -> dict:
    """A notebook's bytes → its JSON as a dict, upgraded to format 4 (SubmissionError with a fix otherwise)."""
    if b"\x00" in raw[:65536]:
        raise SubmissionError(
            f"{name}: this is a binary file, not a notebook (it contains NUL bytes); it may be "
            "a zip, PDF or image renamed to .ipynb: ask for the .ipynb file itself"
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            f"{name}: not UTF-8 text (bad byte at offset {exc.start}); a notebook is JSON "
            "text: ask for the .ipynb file saved by Jupyter"
        ) from None
    try:
        nb = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()) - 1:
            raise SubmissionError(
                f"{name}: the notebook JSON ends early at line {exc.lineno} (the file is "
                "truncated, e.g. an interrupted upload): ask for a new copy"
            ) from None
        raise SubmissionError(
            f"{name}: not valid notebook JSON (line {exc.lineno}, column {exc.colno}: "
            f"{exc.msg}); it was probably edited by hand: ask for a copy saved by Jupyter"
        ) from None
    if not isinstance(nb, dict):
        raise SubmissionError(
            f"{name}: the JSON is {type(nb).__name__}, not a notebook (a notebook is a JSON "
            "object with 'cells'): ask for the .ipynb file"
        )
    major = nb.get("nbformat")
    if not isinstance(major, int) or isinstance(major, bool):
        raise SubmissionError(
            f"{name}: no 'nbformat' version, so this is not a Jupyter notebook: ask for the "
            ".ipynb file saved by Jupyter"
        )
    if major < 4:
        nb = _upgraded(nb, major, name)
    if not isinstance(nb.get("cells"), list):
        raise SubmissionError(f"{name}: the notebook has no list of cells; it may be damaged: ask for a new copy")
    return nb


def _upgraded(nb: dict, major: int, name: str) -> dict:
    """An old-format notebook (1–3) converted to format 4 by nbformat, or SubmissionError saying what to do."""
    import nbformat  # about 1 s to import (jsonschema): only old notebooks pay for it

    try:
        return nbformat.convert(nbformat.from_dict(nb), 4)
    except Exception as exc:  # nbformat raises ValidationError, KeyError … for damaged old notebooks
        reason = " ".join(str(exc).split())[:160]
        raise SubmissionError(
            f"{name}: notebook format {major} could not be upgraded to format 4 ({reason}): open and save it "
            "in a current Jupyter, or run 'jupyter nbconvert --to notebook --inplace' on it"
        ) from None


# ── answers from cells ────────────────────────────────────────────────────────────────────
def _source(cell: Any) -> str:
    """A cell's source as one string ('' when missing or malformed)."""
    src = cell.get("source", "") if isinstance(cell, dict) else ""
    if isinstance(src, list):
        return "".join(s for s in src if isinstance(s, str))
    return src if isinstance(src, str) else ""


def _answer_id(cell: Any) -> str | None:
    """The question id in the cell's okrkit metadata, if any."""
    meta = cell.get("metadata") if isinstance(cell, dict) else None
    tag = meta.get("okrkit") if isinstance(meta, dict) else None
    qid = tag.get("answer") if isinstance(tag, dict) else None
    return qid if isinstance(qid, str) and qid else None


def _code_answer(source: str, prefer: str | None) -> tuple[str | None, str | None]:
    """(answer text, variable name) from one code cell on its own: the text assigned to `prefer`, else the first."""
    texts = [(name, v) for name, v in Scope().run(source) or [] if isinstance(v, str)]
    for name, text in reversed(texts):
        if name == prefer:
            return text, name
    return (texts[0][1], texts[0][0]) if texts else (None, None)


def extract_answer(cell: Any) -> str | None:
    """The YAML answer text of a cell: a code cell's assigned string literal, or a markdown cell's ```yaml block."""
    if not isinstance(cell, dict):
        return None
    source = _source(cell)
    kind = cell.get("cell_type")
    qid = _answer_id(cell)
    if kind == "code":
        return _code_answer(source, qid)[0]
    if kind in ("markdown", "raw"):
        m = _FENCE.search(source)
        if m:
            return m.group(2)
        text, _ = _code_answer(source, qid)  # a code cell turned into markdown by mistake
        if text is not None:
            return text
        return source if kind == "raw" and source.strip() else None
    return None


# ── one submission ────────────────────────────────────────────────────────────────────────
def read_submission(path: str | Path, assignment: Any, *, max_bytes: int = MAX_BYTES) -> Submission:
    """A student's answers from a submitted notebook, with notes on anything unusual found in it."""
    p = Path(path)
    reading = answers_from(read_notebook(p, max_bytes=max_bytes), assignment)
    return Submission(p.stem, p, reading.answers, reading.notes, reading.review)


@dataclass
class Reading:
    """What a notebook's cells answer, resolved as running it would, and what a person should look at."""

    answers: dict[str, str]
    notes: list[str] = field(default_factory=list)  # for the student: what was unusual and what to do
    review: list[str] = field(default_factory=list)  # for the instructor: why a person should look
    found: dict[str, str] = field(default_factory=dict)  # question → answer-like text seen but not graded
    tagged: bool = False  # some cell carries okrkit answer metadata

    def __iter__(self):  # (answers, notes), as this function returned before
        return iter((self.answers, self.notes))


class _Blank:
    """is_blank_answer, remembered per (question, text): a notebook compares the same few texts many times."""

    def __init__(self, a: Any) -> None:
        self.a, self.seen, self.like = a, {}, {}

    def __call__(self, q: Any, text: str) -> bool:
        key = (q.id, text)
        if key not in self.seen:
            self.seen[key] = is_blank_answer(q, text)
        return self.seen[key]

    def answer_like(self, text: Any) -> bool:
        """True for text that reads like an OKR answer: not blank, not a starter, and it names an objective."""
        if not isinstance(text, str) or "objective" not in text.lower():
            return False
        if text not in self.like:
            self.like[text] = not any(self(q, text) for q in self.a.questions)
        return self.like[text]


def _heading_starts(cells: list, a: Any) -> dict[str, int]:
    """Where each question's part of the notebook starts: its heading (title or id) or its hw.question(...) cell."""
    starts: dict[str, int] = {}
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        src = _source(cell)
        heads = [ln.lstrip("#").strip().lower() for ln in src.splitlines() if ln.lstrip().startswith("#")]
        for q in a.questions:
            if q.id in starts:
                continue
            if cell.get("cell_type") == "markdown" and any(
                (q.title and q.title.lower() in h) or re.search(rf"\b{re.escape(q.id)}\b", h) for h in heads
            ):
                starts[q.id] = i
            elif cell.get("cell_type") == "code" and re.search(rf"question\(\s*[\"']{re.escape(q.id)}[\"']", src):
                starts[q.id] = i
    return starts


def _section_of(i: int, starts: dict[str, int]) -> str | None:
    """The question whose part of the notebook cell i is in."""
    before = [(s, q) for q, s in starts.items() if s <= i]
    return max(before)[1] if before else None


def answers_from(nb: dict, assignment: Any) -> Reading:
    """The answers of a parsed notebook by question id, resolved the way running it would (never executed)."""
    a = load_assignment(assignment)
    blank = _Blank(a)
    cells = nb["cells"]
    qids = [q.id for q in a.questions]
    notes: list[str] = []
    review: list[str] = []
    tagged: dict[str, list[int]] = {q: [] for q in qids}
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            notes.append(f"cell {i + 1} is damaged (not a cell object) and was skipped")
            continue
        qid = _answer_id(cell)
        if qid is None:
            continue
        if qid in tagged:
            tagged[qid].append(i)
        else:
            notes.append(f"cell {i + 1} is tagged as the answer to '{qid}', which is not a question of {a.id}")

    for qid, where in tagged.items():
        if len(where) > 1:
            cells_txt = ", ".join(str(i + 1) for i in where)
            notes.append(
                f"cells {cells_txt} are all tagged as the answer to '{qid}'; the last one that sets an answer "
                "was graded, as running the notebook would: keep one answer cell per question"
            )
            review.append(f"{qid}: {len(where)} answer cells (cells {cells_txt}); the last one was graded")

    # Follow the notebook top to bottom, as running it would: every (re)assignment of a question's answer.
    scope = Scope()
    events: dict[str, list[tuple[int, Any, str]]] = {q: [] for q in qids}  # cell, value, how
    used: set[int] = set()  # cells whose text became an answer
    loose: list[tuple[int, str, str]] = []  # (cell, name, text): answer-like text assigned to another name
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict):
            continue
        kind, qid, src = cell.get("cell_type"), _answer_id(cell), _source(cell)
        if qid not in tagged:
            qid = None
        if kind == "code":
            assigned = scope.run(src)
            if assigned is None:
                names = [q for q in qids if re.search(rf"^\s*{re.escape(q)}\s*=", src, re.M)]
                for q in [qid] if qid else names:
                    notes.append(
                        f"the answer cell for '{q}' (cell {i + 1}) is not valid Python, so it would not run "
                        "either: check the triple quotes around the answer"
                    )
                    review.append(f"{q}: cell {i + 1} is not valid Python (a syntax error)")
                continue
            own = [v for n, v in assigned if n == qid] if qid else []
            for name, value in assigned:
                if name in events:
                    events[name].append((i, value, "tagged" if name == qid else "untagged"))
                elif blank.answer_like(value):
                    loose.append((i, name, value))
            if qid and not own:
                texts = [(n, v) for n, v in assigned if isinstance(v, str)]
                if texts:
                    name, value = texts[0]
                    events[qid].append((i, value, "renamed"))
                    notes.append(
                        f"the answer cell for '{qid}' (cell {i + 1}) assigns '{name}' instead of '{qid}'; it was "
                        f"graded as the '{qid}' answer"
                    )
                elif not assigned:
                    notes.append(f"the answer cell for '{qid}' (cell {i + 1}) assigns no text")
        elif qid and kind in ("markdown", "raw"):
            m = _FENCE.search(src)
            text = m.group(2) if m else None
            if text is None:
                text = next((v for _, v in Scope().run(src) or [] if isinstance(v, str)), None)
            if text is None and kind == "raw" and src.strip():
                text = src
            if kind == "raw" or (text is not None and not m):
                notes.append(
                    f"the answer to '{qid}' (cell {i + 1}) is in a {kind} cell, not a code cell"
                    + ("; its text was graded" if text is not None else " and has no ```yaml block")
                    + ": change it back to Code (Esc, then Y)"
                )
                review.append(f"{qid}: the answer is in a {kind} cell (cell {i + 1})")
            elif text is None and src.strip():
                notes.append(
                    f"the answer to '{qid}' (cell {i + 1}) is in a markdown cell, not a code cell, and has no "
                    "```yaml block: change it back to Code (Esc, then Y) and put the answer between the triple quotes"
                )
                review.append(f"{qid}: the answer cell {i + 1} is a markdown cell with no ```yaml block")
            if text is not None:
                events[qid].append((i, text, "markdown"))

    answers: dict[str, str] = {}
    found: dict[str, str] = {}
    for qid in qids:
        q = a.question(qid)
        ev = events[qid]
        last_tag = max(tagged[qid], default=-1)
        for i, value, how in ev:
            if how == "untagged" and isinstance(value, str) and not blank(q, value):
                if i > last_tag >= 0:
                    notes.append(
                        f"the answer to '{qid}' comes from untagged cell {i + 1}, which replaces the tagged cell "
                        "when the notebook runs; it was graded: keep answers in the tagged cells"
                    )
                elif i < last_tag:
                    notes.append(
                        f"cell {i + 1} assigns an answer to '{qid}' but the tagged answer cell below it replaces it "
                        "when the notebook runs; put the answer in the tagged cell"
                    )
        real = [(i, v) for i, v, _ in ev if isinstance(v, str) and not blank(q, v)]
        if len({v for _, v in real}) > 1 and len(tagged[qid]) < 2:  # two tagged cells are already listed
            where = ", ".join(str(i + 1) for i, _ in real)
            review.append(f"{qid}: competing answers in cells {where}; the last one was graded, as running would")
        if not ev:
            continue
        i, value, how = ev[-1]
        if real and real[-1][0] != i and (not isinstance(value, str) or blank(q, value)):
            found[qid] = real[-1][1]  # an answer was written, then replaced by the starter or a non-text value
        if isinstance(value, str):
            answers[qid] = value
            used.add(i)
            if how == "untagged" and last_tag < 0:
                notes.append(
                    f"the answer to '{qid}' was found by its variable name in cell {i + 1}; the cell's okrkit "
                    "answer metadata is missing (was it copied into a new notebook?)"
                )
        elif value is UNKNOWN:
            found_text = next((v for _, v, _ in reversed(ev) if blank.answer_like(v)), None)
            notes.append(
                f"the answer to '{qid}' (cell {i + 1}) is computed by code the grader does not run; assign the "
                f'text itself, {qid} = """ ... """'
            )
            review.append(f"{qid}: the answer is computed by code (cell {i + 1}) the grader does not run")
            if found_text:
                found[qid] = found_text
        else:
            notes.append(f"cell {i + 1}: {wrong_type_message(qid, value)}")

    # A question with no answer at all: a ```yaml block in its part of the notebook, or unused answer-like text.
    starts: dict[str, int] | None = None  # worked out only when an untagged answer needs placing
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "markdown" or _answer_id(cell) is not None:
            continue
        m = _FENCE.search(_source(cell))
        if not m or not blank.answer_like(m.group(2)):
            continue
        if re.search(r"^#{1,6} ", _FENCE.sub("", _source(cell)), re.M):
            continue  # a cell with a heading is the question's own text: its yaml is an example
        starts = starts if starts is not None else _heading_starts(cells, a)
        qid = _section_of(i, starts)
        if qid is None:
            continue  # before any question: the notebook's own example
        if qid not in answers or blank(a.question(qid), answers[qid]):
            answers[qid] = m.group(2)
            used.add(i)
            notes.append(
                f"the answer to '{qid}' was read from the ```yaml block in cell {i + 1}, under the question's "
                "heading; the cell's okrkit answer metadata is missing"
            )
            review.append(f"{qid}: recovered from an untagged ```yaml block (cell {i + 1}); check it is the answer")
        elif i not in used:
            found.setdefault(qid, m.group(2))
    for i, name, text in loose:
        if i in used or any(text == t for t in answers.values()):
            continue
        starts = starts if starts is not None else _heading_starts(cells, a)
        qid = _section_of(i, starts)
        if qid is not None and (qid not in answers or blank(a.question(qid), answers[qid])):
            found.setdefault(qid, text)
        else:
            review.append(f"cell {i + 1} assigns answer-like text to '{name}', which no question uses")
    for qid in qids:
        if not tagged[qid] and qid not in answers:
            notes.append(
                f"no answer cell for '{qid}' (a cell tagged okrkit.answer = '{qid}'); it may have been "
                "deleted: copy the cell from the assignment notebook back in"
            )
    return Reading(answers, notes, review, found, any(tagged.values()))


__all__ = [
    "MAX_BYTES",
    "Reading",
    "Submission",
    "SubmissionError",
    "answers_from",
    "extract_answer",
    "parse_notebook",
    "read_notebook",
    "read_submission",
]
