"""Submitted notebooks → answers per question, by reading the JSON only (a notebook is never executed).

Answer cells carry ``{"okrkit": {"answer": "<question id>"}}`` in their metadata. The answer text is
taken statically: the string literal a code cell assigns (``gmail = \"\"\" ... \"\"\"``), or the fenced
```yaml block of a markdown cell. A later untagged cell that reassigns the same variable replaces the
answer, as it would when the notebook runs, so the grade matches what the student's own check saw.
"""

from __future__ import annotations

import ast
import json
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from okrkit.assignment import load_assignment, wrong_type_message
from okrkit.errors import OKRKitError
from okrkit.files import MAX_BYTES, RefusedFile, read_capped

_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*(?:yaml|yml)\b[^\n]*\n(.*?)^[ \t]*\1[ \t]*$", re.S | re.M | re.I)
_MAGIC = re.compile(r"^[ \t]*[%!].*$", re.M)


class SubmissionError(OKRKitError):
    """A submitted file that can't be read as a notebook; says what is wrong and what to do."""


@dataclass
class Submission:
    """One student's answers read from a notebook, and the problems noticed while reading it."""

    student_id: str
    path: Path
    answers: dict[str, str]
    notes: list[str] = field(default_factory=list)


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


def _string_value(node: ast.AST) -> str | None:
    """The text of a string literal, an f-string without placeholders, or dedent("...")."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and all(isinstance(v, ast.Constant) for v in node.values):
        return "".join(str(v.value) for v in node.values)
    if (
        isinstance(node, ast.Call)
        and len(node.args) == 1
        and not node.keywords
        and getattr(node.func, "attr", getattr(node.func, "id", None)) == "dedent"
    ):
        inner = _string_value(node.args[0])
        return textwrap.dedent(inner) if inner is not None else None
    return None


_NOT_LITERAL = object()


def assignments(source: str) -> list[tuple[str, str | None, Any]] | None:
    """(name, text or None, other value) for each top-level 'name = value' in code; None if it isn't Python."""
    code = _MAGIC.sub("", source)
    try:
        tree = ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    out = []
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign):
            targets, value = stmt.targets, stmt.value
        elif isinstance(stmt, ast.AnnAssign) and stmt.value is not None:
            targets, value = [stmt.target], stmt.value
        else:
            continue
        text = _string_value(value)
        other: Any = _NOT_LITERAL
        if text is None:
            try:
                other = ast.literal_eval(value)
            except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
                other = _NOT_LITERAL
        for t in targets:
            if isinstance(t, ast.Name):
                out.append((t.id, text, other))
    return out


def _code_answer(source: str, prefer: str | None) -> tuple[str | None, str | None]:
    """(answer text, variable name) from a code cell: the string assigned to `prefer`, else the first one."""
    found = assignments(source)
    if not found:
        return None, None
    texts = [(name, text) for name, text, _ in found if text is not None]
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
    answers, notes = answers_from(read_notebook(p, max_bytes=max_bytes), assignment)
    return Submission(student_id=p.stem, path=p, answers=answers, notes=notes)


def answers_from(nb: dict, assignment: Any) -> tuple[dict[str, str], list[str]]:
    """The answers of a parsed notebook by question id, and notes on anything unusual found in it."""
    a = load_assignment(assignment)
    cells = nb["cells"]
    qids = [q.id for q in a.questions]
    notes: list[str] = []
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

    answers: dict[str, str] = {}
    graded_at: dict[str, int] = {}
    for qid in qids:
        where = tagged[qid]
        if not where:
            notes.append(
                f"no answer cell for '{qid}' (a cell tagged okrkit.answer = '{qid}'); it may have been "
                "deleted: copy the cell from the assignment notebook back in"
            )
            continue
        if len(where) > 1:
            notes.append(
                f"cells {', '.join(str(i + 1) for i in where)} are all tagged as the answer to '{qid}'; "
                "the last one with an answer was graded: keep one answer cell per question"
            )
        for i in where:
            cell = cells[i]
            kind = cell.get("cell_type")
            text = extract_answer(cell)
            if kind == "markdown" and text is not None:
                pass  # a ```yaml block in a markdown cell is a proper answer (DESIGN.md)
            elif kind != "code":
                notes.append(
                    f"the answer to '{qid}' (cell {i + 1}) is in a {kind} cell, not a code cell"
                    + ("; its text was graded" if text is not None else " and has no ```yaml block")
                )
            elif text is None:
                found = assignments(_source(cell))
                if found is None:
                    notes.append(
                        f"the answer cell for '{qid}' (cell {i + 1}) is not valid Python, so it would "
                        "not run either: check the triple quotes around the answer"
                    )
                else:
                    wrong = [v for name, t, v in found if t is None and v is not _NOT_LITERAL]
                    notes.append(
                        wrong_type_message(qid, wrong[-1])
                        if wrong
                        else f"the answer cell for '{qid}' (cell {i + 1}) assigns no text"
                    )
            else:
                _, name = _code_answer(_source(cell), qid)
                if name and name != qid:
                    notes.append(
                        f"the answer cell for '{qid}' (cell {i + 1}) assigns '{name}' instead of "
                        f"'{qid}'; it was graded as the '{qid}' answer"
                    )
            if text is not None:
                answers[qid] = text
                graded_at[qid] = i

    # What running the notebook would do: untagged cells that (re)assign a question's variable.
    for i, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code" or _answer_id(cell) is not None:
            continue
        for name, text, other in assignments(_source(cell)) or []:
            if name not in tagged:
                continue
            last_tag = max(tagged[name], default=-1)
            if i < last_tag:
                if text is not None:
                    notes.append(
                        f"cell {i + 1} assigns an answer to '{name}' but the tagged answer cell below it "
                        "replaces it when the notebook runs; the tagged cell was graded: put the answer "
                        "in the tagged cell"
                    )
                continue
            if text is not None:
                answers[name] = text
                graded_at[name] = i
                notes.append(
                    f"the answer to '{name}' comes from untagged cell {i + 1}, which replaces the tagged "
                    "cell when the notebook runs; it was graded: keep answers in the tagged cells"
                )
            elif other is not _NOT_LITERAL:
                answers.pop(name, None)
                notes.append(f"cell {i + 1}: {wrong_type_message(name, other)}")
    return answers, notes


__all__ = [
    "MAX_BYTES",
    "Submission",
    "SubmissionError",
    "answers_from",
    "assignments",
    "extract_answer",
    "parse_notebook",
    "read_notebook",
    "read_submission",
]
