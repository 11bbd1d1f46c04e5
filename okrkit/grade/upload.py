"""Which notebook of an upload to grade when a student uploads several (Gradescope takes whatever is dropped).

The notebooks with answer cells are the candidates. Copies with the same answers are one notebook: the
shortest name is graded ('hw.ipynb' rather than 'hw (1).ipynb') and the message says so. Notebooks with
different answers: the one answering the most questions is graded, the message names the others, and the row
needs a person's look; so does an upload with a notebook that could not be read at all (it may be the one meant).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from okrkit.files import RefusedFile, read_capped
from okrkit.grade import notebook
from okrkit.grade.notebook import SubmissionError, parse_notebook


@dataclass(frozen=True)
class Choice:
    """The notebooks to grade, what to tell the student about the others, and whether a person should look."""

    paths: tuple[Path, ...]
    message: str = ""
    needs_review: bool = False


_UNREADABLE = None  # _answers of a notebook that can't be read at all (empty, cut off, not JSON)


def _answers(path: Path, assignment: Any, max_bytes: int) -> dict[str, str] | None:
    """The answers a notebook holds ({} when none), or None when it can't be read (grading then says why)."""
    try:
        nb = parse_notebook(read_capped(path, max_bytes, allow_empty=False), path.name)
        return notebook.answers_from(nb, assignment).answers
    except (RefusedFile, SubmissionError, RecursionError, MemoryError, ValueError, TypeError, KeyError):
        return _UNREADABLE


def choose(books: Sequence[Path], assignment: Any, max_bytes: int, root: Path | None = None) -> Choice:
    """The notebook(s) of an upload to grade (all of them when fewer than two have answers)."""
    books = sorted(books)
    if len(books) < 2:
        return Choice(tuple(books))

    def name(p: Path) -> str:
        return p.relative_to(root).as_posix() if root is not None and p.is_relative_to(root) else p.name

    read = {p: _answers(p, assignment, max_bytes) for p in books}
    found = [(p, a) for p, a in read.items() if a]
    found.sort(key=lambda pa: (len(pa[0].name), pa[0].name))  # 'hw.ipynb' before its copy 'hw (1).ipynb'
    if not found:
        return Choice(tuple(books))
    first, answers = found[0]
    if len(found) == 1:
        empty = [name(p) for p in books if p != first and read[p] is not _UNREADABLE]
        broken = [name(p) for p in books if read[p] is _UNREADABLE]
        said = [f"{', '.join(empty)} {'holds' if len(empty) == 1 else 'hold'} no answers"] if empty else []
        said += [f"{', '.join(broken)} could not be read"] if broken else []
        return Choice(  # an unreadable notebook may be the one meant: a person looks, as `okrkit grade` asks
            (first,), f"graded {name(first)}; {'; '.join(said)}", needs_review=bool(broken)
        )
    distinct = {tuple(sorted(a.items())) for _, a in found}
    if len(distinct) == 1:
        copies = [name(p) for p, _ in found[1:]]
        return Choice(
            (first,),
            f"graded {name(first)}; {', '.join(copies)} {'is a copy' if len(copies) == 1 else 'are copies'} "
            "with the same answers",
        )
    best, _ = max(found, key=lambda pa: (len(pa[1]), -found.index(pa)))
    others = [name(p) for p, _ in found if p != best]
    return Choice(
        (best,),
        f"your upload holds {len(found)} notebooks with different answers; graded {name(best)} (it answers the most "
        f"questions), not {', '.join(others)}. If that is the wrong one, upload only the notebook you want graded",
        needs_review=True,
    )
